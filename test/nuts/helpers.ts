// What the NUTS tests measure draws with: the rank-normalized R-hat and the ESS of
// src/runtime/diagnostics (matched to R's posterior package in test/diagnostics), and Monte-Carlo
// standard errors built on the ESS.
import { essBasic, rhat } from '../../src/runtime/diagnostics/index.js';
import { mean, variance } from '../../src/runtime/diagnostics/draws.js';
import type { ChainResult } from '../../src/runtime/nuts/chain.js';

/** The rank-normalized split R-hat (the larger of bulk and tail). */
export const splitRhat = rhat;

/** The ESS of the chains as they are (split, not rank-normalized): the one that sets a mean's MCSE. */
export const ess = essBasic;

/** Coordinate i of a chain's kept draws. */
export function column(chain: ChainResult, i: number): Float64Array {
  return Float64Array.from({ length: chain.kept }, (_, k) => chain.draws[k * chain.dim + i]);
}

/** Coordinate i of every chain. */
export function columns(chains: ChainResult[], i: number): Float64Array[] {
  return chains.map((c) => column(c, i));
}

export { mean, variance };

function concat(chains: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(chains.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chains) {
    out.set(c as ArrayLike<number>, o);
    o += c.length;
  }
  return out;
}

/** The posterior mean over all chains and its Monte-Carlo standard error sd/√ESS. */
export function meanWithError(chains: ArrayLike<number>[]): { mean: number; mcse: number; ess: number } {
  const all = concat(chains);
  const e = ess(chains);
  return { mean: mean(all), mcse: Math.sqrt(variance(all) / e), ess: e };
}

/**
 * The posterior variance and its Monte-Carlo standard error: the variance is the mean of
 * (θ − θ̄)², so its error is that of a mean, with the ESS of the squared deviations.
 */
export function varianceWithError(chains: ArrayLike<number>[]): { variance: number; mcse: number; ess: number } {
  const m = mean(concat(chains));
  const sq = chains.map((c) => Float64Array.from(c as ArrayLike<number>, (v) => (v - m) ** 2));
  const r = meanWithError(sq);
  return { variance: r.mean, mcse: r.mcse, ess: r.ess };
}

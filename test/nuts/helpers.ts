// Convergence diagnostics for the NUTS tests: the classic split R-hat and an autocorrelation
// ESS with Geyer's initial monotone sequence (Gelman et al., BDA3 §11.4–11.5; Stan 2.18's
// effective sample size). Local on purpose: swap for src/runtime/diagnostics (rank-normalized
// R-hat, bulk/tail ESS) once it lands.
import type { ChainResult } from '../../src/runtime/nuts/chain.js';

/** Coordinate i of a chain's kept draws. */
export function column(chain: ChainResult, i: number): Float64Array {
  return Float64Array.from({ length: chain.kept }, (_, k) => chain.draws[k * chain.dim + i]);
}

/** Coordinate i of every chain. */
export function columns(chains: ChainResult[], i: number): Float64Array[] {
  return chains.map((c) => column(c, i));
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance (n − 1). */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

function concat(chains: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(chains.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chains) {
    out.set(c as ArrayLike<number>, o);
    o += c.length;
  }
  return out;
}

/** Each chain cut into its two halves (an odd middle draw dropped). */
function split(chains: ArrayLike<number>[]): Float64Array[] {
  return chains.flatMap((c) => {
    const h = Math.floor(c.length / 2);
    const a = Float64Array.from(c as ArrayLike<number>);
    return [a.subarray(0, h), a.subarray(c.length - h)];
  });
}

/** Split R-hat: sqrt(((n−1)/n·W + B/n) / W) over the half-chains. */
export function splitRhat(chains: ArrayLike<number>[]): number {
  const halves = split(chains);
  const n = halves[0].length;
  const means = halves.map(mean);
  const W = mean(halves.map(variance));
  const B = n * variance(means);
  return Math.sqrt(((n - 1) / n) * W + B / n) / Math.sqrt(W);
}

/** Biased autocovariance of x at lag t. */
function autocov(x: Float64Array, m: number, t: number): number {
  let s = 0;
  for (let i = 0; i + t < x.length; i++) s += (x[i] - m) * (x[i + t] - m);
  return s / x.length;
}

/**
 * Effective sample size over the chains: M·N / τ, where τ = −1 + 2·Σ ρ_t sums the
 * autocorrelations (combined across chains through the variance estimate var⁺) while Geyer's
 * pair sums ρ_2k + ρ_2k+1 stay positive, made monotone.
 */
export function ess(chains: ArrayLike<number>[]): number {
  const xs = chains.map((c) => Float64Array.from(c as ArrayLike<number>));
  const M = xs.length;
  const N = Math.min(...xs.map((x) => x.length));
  const means = xs.map(mean);
  const acov = (t: number): number => mean(xs.map((x, c) => autocov(x, means[c], t)));
  const meanVar = (acov(0) * N) / (N - 1);
  const varPlus = (meanVar * (N - 1)) / N + (M > 1 ? variance(means) : 0);
  const rho = (t: number): number => 1 - (meanVar - acov(t)) / varPlus;
  let tau = -1;
  let prevPair = Infinity;
  for (let t = 0; t + 1 < N; t += 2) {
    let pair = rho(t) + rho(t + 1);
    if (pair <= 0) break;
    pair = Math.min(pair, prevPair);
    tau += 2 * pair;
    prevPair = pair;
  }
  // Stan's floor for antithetic chains: τ ≥ 1/log10(M·N).
  tau = Math.max(tau, 1 / Math.log10(M * N));
  return (M * N) / tau;
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

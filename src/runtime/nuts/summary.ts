// What a NUTS run says about itself: per chain (step size, tree depth, divergences, E-BFMI) and
// across chains (R-hat and ESS of the parameters and of the evaluated cases' scores), with
// warnings in words that say what to try.

import type { ChainSummary, MixingSummary, NutsDiagnostics, NutsFitResults } from '../results.js';
import { mean } from '../diagnostics/draws.js';
import { ebfmi, summarizeMixing } from '../diagnostics/index.js';
import type { NutsFit } from './fit.js';
import type { SampleFit } from '../posterior.js';

const LP_POINTS = 1000;
/**
 * Vehtari et al. (2021): R-hat below 1.01, and a bulk and tail ESS of at least 100 per chain.
 * Over hundreds of quantities the estimates' own noise puts some of a well-mixed sample past
 * those lines, so a warning needs R-hat above RHAT_BAD, or above 1.01 where the ESS is also
 * short; and the ESS is short when a tenth of the quantities fall below 100 per chain.
 */
const RHAT_OK = 1.01;
const RHAT_BAD = 1.05;
const ESS_PER_CHAIN = 100;
const EBFMI_LOW = 0.3;

/**
 * The fit's draws as posterior.json keeps them: thinned, chain after chain, to 9 significant
 * digits (far below any posterior's spread; half the size of full precision in JSON). The run
 * evaluates these same values, so a saved posterior reproduces its numbers exactly.
 */
export function sampleOf(fit: NutsFit): SampleFit {
  const per = Math.min(...fit.chains.map((c) => c.kept));
  const draws = new Float64Array(fit.chains.length * per * fit.dim);
  fit.chains.forEach((c, k) => draws.set(c.draws.subarray(0, per * fit.dim), k * per * fit.dim));
  for (let i = 0; i < draws.length; i++) draws[i] = Number(draws[i].toPrecision(9));
  return {
    method: 'nuts',
    modelName: fit.modelName,
    sourceHash: fit.sourceHash,
    dim: fit.dim,
    params: fit.params,
    draws,
    chains: fit.chains.length,
    perChain: per,
  };
}

export function nutsResults(fit: NutsFit): NutsFitResults {
  const s = fit.settings;
  const perChain: ChainSummary[] = fit.chains.map((c, k) => ({
    chain: k + 1,
    step_size: c.stepSize,
    mean_tree_depth: mean(c.stats.depth),
    max_depth_hits: count(c.stats.depth, (d) => d >= s.maxDepth),
    divergences: count(c.stats.divergent, (d) => d === 1),
    warmup_divergences: c.warmupDivergences,
    ebfmi: c.stats.energy.length > 2 ? ebfmi(c.stats.energy) : NaN,
    gradients: c.gradients,
    seconds: c.seconds,
  }));
  const gradients = perChain.reduce((a, c) => a + c.gradients, 0);
  const busy = fit.chains.reduce((a, c) => a + c.seconds.warmup + c.seconds.sampling, 0);
  const diagnostics: NutsDiagnostics = {
    divergences: perChain.reduce((a, c) => a + c.divergences, 0),
    max_depth_hits: perChain.reduce((a, c) => a + c.max_depth_hits, 0),
    ebfmi_min: Math.min(...perChain.map((c) => c.ebfmi)),
    params: mixing(
      fit.params.flatMap((p) =>
        Array.from({ length: p.size }, (_, i) => ({ name: entryName(p.name, p.shape, i), index: p.offset + i })),
      ),
      (index) => fit.chains.map((c) => column(c.draws, c.kept, fit.dim, index)),
    ).summary,
    warnings: [],
  };
  diagnostics.warnings = nutsWarnings(diagnostics, perChain, s.maxDepth, s.draws * fit.chains.length);
  return {
    method: 'nuts',
    chains: fit.chains.length,
    warmup: s.warmup,
    draws: s.draws,
    max_depth: s.maxDepth,
    target_accept: s.targetAccept,
    thin: s.thin,
    seconds: fit.seconds,
    gradients,
    seconds_per_1000_gradients: gradients > 0 ? (1000 * busy) / gradients : NaN,
    per_chain: perChain,
    lp: fit.chains.map((c) => evenly(c.stats.logp, LP_POINTS)),
    diagnostics,
  };
}

/**
 * R-hat and ESS of each evaluated case's score: `scores[k]` holds draw k's scores of every case,
 * draws chain after chain in equal shares. rhats: each case's.
 */
export function scoreMixing(
  scores: ArrayLike<number>[],
  chains: number,
): { summary: MixingSummary; rhats: Float64Array } {
  const per = scores.length / chains;
  const n = scores[0]?.length ?? 0;
  return mixing(
    Array.from({ length: n }, (_, i) => ({ name: `case ${i + 1}`, index: i })),
    (i) =>
      Array.from({ length: chains }, (_, c) => Float64Array.from({ length: per }, (_, k) => scores[c * per + k][i])),
  );
}

/** The warnings a run of these scores' mixing adds, in words. */
export function scoreWarnings(m: MixingSummary, chains: number): string[] {
  const out: string[] = [];
  const shortEss = m.ess_p10 < ESS_PER_CHAIN * chains;
  if (m.rhat_max > RHAT_BAD || (m.rhat_over_1_01 > 0 && shortEss)) {
    out.push(
      `the chains disagree on the predicted scores of ${m.rhat_over_1_01} of ${m.count} evaluated cases (R-hat above ${RHAT_OK}, worst ${m.rhat_max.toFixed(3)} for ${m.rhat_worst}): the chains sit in different modes or have not mixed; run more warmup and draws, or more chains, before trusting these cases' uncertainty`,
    );
  }
  if (shortEss) {
    out.push(
      `a tenth of the evaluated cases have an effective sample size of their score below ${Math.round(m.ess_p10)} (the smallest: bulk ${Math.round(m.ess_bulk_min)}, tail ${Math.round(m.ess_tail_min)}), short of ${ESS_PER_CHAIN} per chain (${ESS_PER_CHAIN * chains} for ${chains} chains): the scores' means and intervals carry Monte-Carlo error; evaluate with more draws, or sample more`,
    );
  }
  return out;
}

function nutsWarnings(d: NutsDiagnostics, chains: ChainSummary[], maxDepth: number, iterations: number): string[] {
  const out: string[] = [];
  if (d.divergences > 0) {
    out.push(
      `${d.divergences} of ${iterations} sampling iterations diverged (${chains.map((c) => c.divergences).join(', ')} by chain): the sampler could not follow the posterior's curvature there, and the draws may be biased; raise target_accept (e.g. 0.95) or give the priors a scale the data can inform`,
    );
  }
  if (d.max_depth_hits > 0) {
    out.push(
      `${d.max_depth_hits} of ${iterations} sampling iterations stopped at the maximum tree depth ${maxDepth}: this costs efficiency, not correctness; raise max_depth if the effective sample sizes are low`,
    );
  }
  const low = chains.filter((c) => c.ebfmi < EBFMI_LOW);
  if (low.length > 0) {
    out.push(
      `E-BFMI is below ${EBFMI_LOW} in chain${low.length > 1 ? 's' : ''} ${low.map((c) => `${c.chain} (${c.ebfmi.toFixed(2)})`).join(', ')}: the chains explore the posterior's energy poorly (heavy tails or funnels); a reparameterization may help`,
    );
  }
  const shortEss = d.params.ess_p10 < ESS_PER_CHAIN * chains.length;
  if (d.params.rhat_max > RHAT_BAD || (d.params.rhat_over_1_01 > 0 && shortEss)) {
    out.push(
      `${d.params.rhat_over_1_01} of ${d.params.count} parameter entries have R-hat above ${RHAT_OK} (worst ${d.params.rhat_max.toFixed(2)}, ${d.params.rhat_worst}): the chains disagree on them. In a neural network that is expected, as hidden units can swap and flip sign between chains, and the predicted scores' R-hat is what predictions rest on; for parameters that mean something on their own, run longer chains`,
    );
  }
  return out;
}

/** The worst and the smallest over the items; a constant quantity (NaN R-hat) counts in neither. */
function mixing(
  items: { name: string; index: number }[],
  chainsOf: (index: number) => Float64Array[],
): { summary: MixingSummary; rhats: Float64Array } {
  const m: MixingSummary = {
    count: items.length,
    rhat_max: NaN,
    rhat_worst: '',
    rhat_over_1_01: 0,
    ess_bulk_min: NaN,
    ess_tail_min: NaN,
    ess_p10: NaN,
  };
  const rhats = new Float64Array(items.length);
  const ess: number[] = [];
  items.forEach((it, k) => {
    const d = summarizeMixing(chainsOf(it.index));
    rhats[k] = d.rhat;
    if (Number.isNaN(d.rhat)) return;
    if (d.rhat > RHAT_OK) m.rhat_over_1_01++;
    if (!(d.rhat <= m.rhat_max)) {
      m.rhat_max = d.rhat;
      m.rhat_worst = it.name;
    }
    if (!(d.essBulk >= m.ess_bulk_min)) m.ess_bulk_min = d.essBulk;
    if (!(d.essTail >= m.ess_tail_min)) m.ess_tail_min = d.essTail;
    ess.push(Math.min(d.essBulk, d.essTail));
  });
  ess.sort((a, b) => a - b);
  if (ess.length > 0) m.ess_p10 = ess[Math.floor(0.1 * (ess.length - 1))];
  return { summary: m, rhats };
}

function column(draws: Float64Array, n: number, dim: number, index: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => draws[k * dim + index]);
}

/** W0[3,5] (1-based) for entry i of a parameter of that shape. */
function entryName(name: string, shape: number[], i: number): string {
  if (shape.length === 0) return name;
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift((i % shape[d]) + 1);
    i = Math.floor(i / shape[d]);
  }
  return `${name}[${idx.join(',')}]`;
}

function evenly(v: ArrayLike<number>, max: number): number[] {
  if (v.length <= max) return Array.from(v);
  return Array.from({ length: max }, (_, k) => v[Math.floor((k * v.length) / max)]);
}

function count(v: ArrayLike<number>, f: (x: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (f(v[i])) n++;
  return n;
}

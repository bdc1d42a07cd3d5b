// How far the fitted mean-field guide is from the posterior, for results.json `fit.diagnostics`.
//
//   viHealth(compiled, data, fit, rng, opts?) -> VIHealth
//
// psis_khat: PSIS k̂ (diagnostics/psis.ts) of log w_s = log p(z_s, y) − log q(z_s) over S draws
//   z_s ~ q on the unconstrained scale (Yao, Vehtari, Simpson, Gelman 2018, "Yes, but did it
//   work?"): above 0.7 the guide misses posterior mass that importance weights cannot recover.
// final_elbo, final_elbo_se: the mean of the same log w (an unbiased ELBO estimate) and its
//   Monte-Carlo standard error sd(log w)/√S.
// elbo_flat: see elboFlat below.
// units_at_prior: per [in, units] weight matrix with a prior Normal on z, the columns whose
//   guide is indistinguishable from the prior: mean KL(q‖p) per entry below 0.05 nats (a mean
//   0.32 prior sds off with the prior's sd, or the prior's mean with 0.79 of its sd). A unit the
//   likelihood uses has entries with sds far below the prior's (KL of nats per entry); a unit
//   the fit switched off keeps its prior, up to the optimizer's noise (about 0.01–0.02 nats).

import type { CompiledModel } from '../../compiler/compiled.js';
import { mergeDuplicateRows, type TrainingData } from '../../compiler/data.js';
import { psis } from '../diagnostics/psis.js';
import type { Rng } from '../rng.js';
import type { GuideParams, VIFit } from './fit.js';
import { normalKL, normalOnZ } from './kl.js';
import { posteriorDraws } from './posterior.js';

export interface VIHealth {
  psis_khat: number;
  /** Guide draws behind psis_khat and final_elbo. */
  draws: number;
  final_elbo: number;
  final_elbo_se: number;
  elbo_flat: boolean;
  /** Mean ELBO of the trace's last 10% minus that of the 10% before, with its standard error. */
  elbo_last_change: { change: number; se: number };
  /** columns: the 0-based indices of the units at their prior. */
  units_at_prior: { name: string; units: number; at_prior: number; columns: number[] }[];
  /** When k̂ > 0.7: what it means and what to try. */
  warning?: string;
  /** Wall time of this check. */
  seconds: number;
}

export interface VIHealthOptions {
  /** Guide draws (default 1000). */
  draws?: number;
  /** Draws per batched log-likelihood evaluation (default: at most 100, about 4M activations). */
  chunk?: number;
}

export const KHAT_BAD = 0.7;
export const PRIOR_KL_PER_ENTRY = 0.05;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export function viHealth(
  compiled: CompiledModel,
  given: TrainingData,
  fit: VIFit,
  rng: Rng,
  opts: VIHealthOptions = {},
): VIHealth {
  const t0 = performance.now();
  const S = Math.max(2, Math.floor(opts.draws ?? 1000));
  const logW = logImportanceRatios(compiled, given, fit, S, rng, opts.chunk);
  // A draw whose density is undefined (NaN) gets no weight.
  for (let s = 0; s < S; s++) if (Number.isNaN(logW[s])) logW[s] = -Infinity;
  const { khat } = psis(logW);
  let mean = 0;
  for (const v of logW) mean += v / S;
  let ss = 0;
  for (const v of logW) ss += (v - mean) ** 2;
  const flat = elboFlat(fit.trace.elbo);
  const health: VIHealth = {
    psis_khat: khat,
    draws: S,
    final_elbo: mean,
    final_elbo_se: Math.sqrt(ss / (S - 1) / S),
    elbo_flat: flat.flat,
    elbo_last_change: { change: flat.change, se: flat.se },
    units_at_prior: unitsAtPrior(compiled, fit),
    seconds: 0,
  };
  if (!(khat <= KHAT_BAD)) {
    health.warning =
      `the PSIS k̂ of the variational fit is ${Number.isFinite(khat) ? khat.toFixed(2) : khat} (above ${KHAT_BAD}): the mean-field guide is not a usable approximation of the posterior, ` +
      `and the uncertainties it reports (sds, intervals, epistemic entropy) are unreliable; try \`infer nuts\`, more steps, or restarts from other seeds`;
  }
  health.seconds = (performance.now() - t0) / 1000;
  return health;
}

/** log p(z_s, y) − log q(z_s) for S draws of the guide, every log-Jacobian in log p. */
export function logImportanceRatios(
  compiled: CompiledModel,
  given: TrainingData,
  fit: VIFit,
  S: number,
  rng: Rng,
  chunk?: number,
): Float64Array {
  const D = fit.dim;
  const draws = posteriorDraws(fit, S, rng);
  const out = new Float64Array(S);
  const parts = fit.mixture ?? [fit];
  const logScales = parts.map((p) => {
    let l = 0;
    for (let i = 0; i < D; i++) l += Math.log(p.scale[i]);
    return l;
  });
  const data = mergeDuplicateRows(given);
  // As predictScores: chunks of draws that keep about 4M activation values.
  const widest = Math.max(
    1,
    ...compiled.inputNames.map((k) => data.widths[k] ?? 1),
    ...compiled.layout.slots.map((sl) => sl.shape[sl.shape.length - 1] ?? 1),
  );
  chunk = Math.max(1, Math.floor(chunk ?? Math.min(100, 4_000_000 / Math.max(1, data.n * widest))));
  const bound = compiled.bind(data);
  try {
    for (let s0 = 0; s0 < S; s0 += chunk) {
      const s1 = Math.min(S, s0 + chunk);
      const ll = compiled.logLikelihood(draws.z.subarray(s0 * D, s1 * D), s1 - s0, bound).value;
      for (let s = s0; s < s1; s++) {
        out[s] = ll[s - s0] + compiled.logPrior(draws.z, s * D) - logMixture(parts, logScales, draws.z, s * D, D);
      }
    }
  } finally {
    bound.dispose();
  }
  return out;
}

/** log q(z) of the draw at z[o .. o + D) under an equal mixture of mean-field Normals (one guide: K = 1). */
function logMixture(parts: GuideParams[], logScales: number[], z: Float64Array, o: number, D: number): number {
  const logs = parts.map(({ loc, scale }, k) => {
    let l = -logScales[k] - D * HALF_LOG_2PI;
    for (let i = 0; i < D; i++) {
      const e = (z[o + i] - loc[i]) / scale[i];
      l -= 0.5 * e * e;
    }
    return l;
  });
  const m = Math.max(...logs);
  return m + Math.log(logs.reduce((a, l) => a + Math.exp(l - m), 0) / parts.length);
}

/**
 * Whether the ELBO trace has flattened: the mean of its last 10% (at least 5 points) differs
 * from the mean of the 10% before by at most 2 standard errors of that difference, the
 * noise measured as the spread of the points about their window's mean. False with fewer than
 * 10 trace points.
 */
export function elboFlat(trace: ArrayLike<number>): { flat: boolean; change: number; se: number } {
  const n = trace.length;
  const w = Math.max(5, Math.floor(n / 10));
  if (n < 2 * w) return { flat: false, change: NaN, se: NaN };
  const last = Array.from({ length: w }, (_, i) => trace[n - w + i]);
  const prev = Array.from({ length: w }, (_, i) => trace[n - 2 * w + i]);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const ml = mean(last);
  const mp = mean(prev);
  let ss = 0;
  for (const v of last) ss += (v - ml) ** 2;
  for (const v of prev) ss += (v - mp) ** 2;
  const se = Math.sqrt(ss / (2 * w - 2)) * Math.sqrt(2 / w);
  const change = ml - mp;
  return { flat: Math.abs(change) <= 2 * se, change, se };
}

/** Per [in, units] parameter with a prior Normal on z: columns with mean KL(q‖p) per entry below PRIOR_KL_PER_ENTRY. */
export function unitsAtPrior(
  compiled: CompiledModel,
  fit: Pick<VIFit, 'loc' | 'scale'>,
  threshold = PRIOR_KL_PER_ENTRY,
): VIHealth['units_at_prior'] {
  const out: VIHealth['units_at_prior'] = [];
  for (const slot of compiled.layout.slots) {
    const prior = normalOnZ(slot);
    if (slot.shape.length !== 2 || !prior) continue;
    const [rows, units] = slot.shape;
    const columns: number[] = [];
    for (let u = 0; u < units; u++) {
      let kl = 0;
      for (let r = 0; r < rows; r++) {
        const i = slot.offset + r * units + u;
        kl += normalKL(fit.loc[i], fit.scale[i], prior.mu, prior.sigma)[0];
      }
      if (kl / rows < threshold) columns.push(u);
    }
    out.push({ name: slot.name, units, at_prior: columns.length, columns });
  }
  return out;
}

// One NUTS chain: initialization, warmup (step size and diagonal metric adapted), sampling.
//
//   runChain(logDensity, dim, settings, rng, onProgress?) -> ChainResult
//
// The chain's draws depend only on the log density, the settings and the rng's stream.

import { R, RunError } from '../../lang/diagnostics/run-messages.js';
import type { Rng } from '../rng.js';
import { StepSizeAdaptation, VarianceEstimator, metricWindowEnds, metricWindowStart } from './adaptation.js';
import { Hamiltonian, PhasePoint, type LogDensityFn } from './hamiltonian.js';
import { NutsTransition } from './transition.js';

export interface ChainSettings {
  warmup: number;
  draws: number;
  maxDepth: number;
  targetAccept: number;
  /** Keep every thin-th draw of the sampling iterations (their statistics are all kept). */
  thin: number;
  /** Initial values drawn uniformly from (−initRadius, initRadius) on the unconstrained scale. */
  initRadius?: number;
}

export interface ChainProgress {
  iteration: number;
  total: number;
  warmup: boolean;
  stepSize: number;
  depth: number;
  divergences: number;
}

/** Per sampling iteration. */
export interface ChainStats {
  logp: Float64Array;
  energy: Float64Array;
  depth: Int32Array;
  leapfrogs: Int32Array;
  divergent: Uint8Array;
  acceptStat: Float64Array;
}

export interface ChainResult {
  dim: number;
  /** Row-major [kept, dim], unconstrained: the draws kept after thinning. */
  draws: Float64Array;
  kept: number;
  stats: ChainStats;
  warmupDivergences: number;
  stepSize: number;
  invMetric: Float64Array;
  gradients: number;
  seconds: { warmup: number; sampling: number };
}

export class ChainInitError extends RunError {}

const INIT_TRIES = 100;

export function runChain(
  logDensity: LogDensityFn,
  dim: number,
  s: ChainSettings,
  rng: Rng,
  onProgress?: (p: ChainProgress) => void,
): ChainResult {
  const ham = new Hamiltonian(dim, logDensity);
  const z = new PhasePoint(dim);
  initialize(ham, z, s.initRadius ?? 2, rng);
  const nuts = new NutsTransition(ham, rng);
  const total = s.warmup + s.draws;
  const kept = Math.floor((s.draws + s.thin - 1) / s.thin);
  const draws = new Float64Array(kept * dim);
  const stats: ChainStats = {
    logp: new Float64Array(s.draws),
    energy: new Float64Array(s.draws),
    depth: new Int32Array(s.draws),
    leapfrogs: new Int32Array(s.draws),
    divergent: new Uint8Array(s.draws),
    acceptStat: new Float64Array(s.draws),
  };

  // As Stan does: the averaging is centred on 10 × the nominal step size 1 until the first metric
  // update, and on 10 × the step size found by the search after each.
  let eps = initialStepSize(ham, z, 1, rng);
  const stepAdapt = new StepSizeAdaptation(s.targetAccept);
  stepAdapt.restart(1);
  const windowEnds = new Set(metricWindowEnds(s.warmup));
  const windowStart = metricWindowStart(s.warmup);
  const lastWindowEnd = Math.max(-1, ...windowEnds);
  const variance = new VarianceEstimator(dim);
  let warmupDivergences = 0;
  let divergences = 0;
  const t0 = performance.now();
  let tWarm = t0;

  for (let it = 0; it < total; it++) {
    const warm = it < s.warmup;
    const st = nuts.step(z, eps, s.maxDepth);
    if (warm) {
      if (st.divergent) warmupDivergences++;
      eps = stepAdapt.learn(st.acceptStat);
      if (windowEnds.size > 0 && it >= windowStart && it <= lastWindowEnd) variance.add(z.q);
      if (windowEnds.has(it)) {
        variance.regularized(ham.invMetric);
        variance.restart();
        eps = initialStepSize(ham, z, eps, rng);
        stepAdapt.restart(eps);
      }
      if (it === s.warmup - 1) {
        eps = stepAdapt.final();
        tWarm = performance.now();
      }
    } else {
      const k = it - s.warmup;
      stats.logp[k] = z.logp;
      stats.energy[k] = st.energy;
      stats.depth[k] = st.depth;
      stats.leapfrogs[k] = st.leapfrogs;
      stats.divergent[k] = st.divergent ? 1 : 0;
      stats.acceptStat[k] = st.acceptStat;
      if (st.divergent) divergences++;
      if (k % s.thin === 0) draws.set(z.q, (k / s.thin) * dim);
    }
    onProgress?.({
      iteration: it + 1,
      total,
      warmup: warm,
      stepSize: eps,
      depth: st.depth,
      divergences: warm ? warmupDivergences : divergences,
    });
  }
  if (s.warmup === 0) tWarm = t0;
  const t1 = performance.now();
  return {
    dim,
    draws,
    kept,
    stats,
    warmupDivergences,
    stepSize: eps,
    invMetric: Float64Array.from(ham.invMetric),
    gradients: ham.gradients,
    seconds: { warmup: (tWarm - t0) / 1000, sampling: (t1 - tWarm) / 1000 },
  };
}

/** A point in (−r, r)^dim where the log density and its gradient are finite, tried INIT_TRIES times. */
function initialize(ham: Hamiltonian, z: PhasePoint, r: number, rng: Rng): void {
  for (let t = 0; t < INIT_TRIES; t++) {
    for (let i = 0; i < ham.dim; i++) z.q[i] = (2 * rng.next() - 1) * r;
    ham.update(z);
    if (z.logp > -Infinity) return;
  }
  throw new ChainInitError(R.noStartingPoint(INIT_TRIES, r));
}

/**
 * Stan's heuristic: double or halve eps until one leapfrog step from z with fresh momentum
 * crosses an acceptance probability of 0.8. z is left as it was.
 */
function initialStepSize(ham: Hamiltonian, z: PhasePoint, eps: number, rng: Rng): number {
  const start = new PhasePoint(ham.dim);
  start.copyFrom(z);
  const trial = new PhasePoint(ham.dim);
  const deltaH = (): number => {
    trial.copyFrom(start);
    ham.sampleMomentum(trial, () => rng.normal());
    const H0 = ham.energy(trial);
    ham.leapfrog(trial, eps);
    return H0 - ham.energy(trial);
  };
  const direction = deltaH() > Math.log(0.8) ? 1 : -1;
  for (let k = 0; k < 100; k++) {
    const d = deltaH();
    if (direction === 1 && !(d > Math.log(0.8))) break;
    if (direction === -1 && !(d < Math.log(0.8))) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7 || eps < 1e-12) break;
  }
  return eps;
}

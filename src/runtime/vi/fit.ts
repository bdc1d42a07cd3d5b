// Mean-field variational inference on a CompiledModel.
//
//   fitVI(compiled, data, infer, rng, onProgress?, opts?) -> VIFit
//
// Each step draws S = infer.samples reparameterised draws z_s = loc + softplus(rho) ⊙ ε_s
// (ε from the seeded Rng), evaluates the S log-likelihoods and their gradients with one call
// of the compiled model (batched passes of its drawBlock draws), and takes an Adam step
// (lr · decay^t) on the packed [loc, rho] vector to maximise
//   ELBO = (1/S) Σ_s (N / B) · Σ_batch log p(y | z_s) − KL(q || p),
// with the KL analytic where prior and guide are both Normal on z and Monte-Carlo elsewhere.
// A NaN or infinite ELBO (or gradient) throws FitDivergedError naming the (1-based) step.

import type { CompiledModel } from '../../compiler/compiled.js';
import { mergeDuplicateRows, type BoundData, type TrainingData } from '../../compiler/data.js';
import type { IRViInfer } from '../../compiler/ir.js';
import type { Rng } from '../rng.js';
import { MinibatchSampler } from '../data/batches.js';
import { Adam } from './adam.js';
import { FitDivergedError } from './errors.js';
import { elboAndGrad, ElboWorkspace, type ElboValue } from './elbo.js';
import { DEFAULT_GUIDE_INIT, MeanFieldGuide, type GuideInit } from './guide.js';

export interface ElboParts {
  /** Expected log-likelihood, scaled to the full data set. */
  loglik: number;
  kl: number;
}

/** step: steps completed so far (1..steps). */
export type ProgressFn = (step: number, elbo: number, parts: ElboParts) => void;

export interface ElboTrace {
  step: number[];
  elbo: number[];
  loglik: number[];
  kl: number[];
}

export interface FitOptions {
  init?: Partial<GuideInit>;
  /** Call onProgress every this many steps (and after the last); default steps / 100. */
  progressEvery?: number;
  /** The trace keeps at most this many points (default 1000). */
  maxTracePoints?: number;
}

export interface VIParamInfo {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  positive: boolean;
}

/** One mean-field Normal: the mean and sd of every entry of the flat unconstrained vector. */
export interface GuideParams {
  loc: Float64Array;
  scale: Float64Array;
}

export interface VIFit {
  modelName: string;
  sourceHash: string;
  dim: number;
  params: VIParamInfo[];
  /** Guide mean and sd of every entry of the flat unconstrained vector. */
  loc: Float64Array;
  scale: Float64Array;
  /**
   * `restarts K` with `keep ensemble`: the K guides, drawn from as an equal mixture (loc and
   * scale above are then the restart with the highest final ELBO).
   */
  mixture?: GuideParams[];
  trace: ElboTrace;
  settings: {
    lr: number;
    decay: number;
    steps: number;
    samples: number;
    batch: number | null;
    seed: number;
    initRho: number;
  };
  /** Wall time of the optimisation, seconds. */
  seconds: number;
}

export function fitVI(
  compiled: CompiledModel,
  given: TrainingData,
  infer: IRViInfer,
  rng: Rng,
  onProgress?: ProgressFn,
  opts: FitOptions = {},
): VIFit {
  const t0 = performance.now();
  // Copies of a row (upsampling) count through a weight: the same log likelihood, fewer rows.
  const data = mergeDuplicateRows(given);
  const { layout } = compiled;
  const D = layout.dim;
  const S = Math.max(1, Math.floor(infer.samples));
  const steps = Math.max(0, Math.floor(infer.steps));
  const N = data.n;
  if (N === 0) throw new Error('fitVI: the training data has no rows');
  const batchSize = infer.batch === null || infer.batch >= N ? N : Math.max(1, Math.floor(infer.batch));
  const init: GuideInit = { ...DEFAULT_GUIDE_INIT, ...opts.init };

  const guide = new MeanFieldGuide(layout);
  guide.initialize(layout, rng.fork('init'), init);
  const epsRng = rng.fork('eps');
  const batchRng = rng.fork('batches');

  const adam = new Adam(2 * D, { lr: infer.optimizer.lr, decay: infer.optimizer.decay });
  const eps = new Float64Array(S * D);
  const grad = new Float64Array(2 * D);
  const ws = new ElboWorkspace(compiled, guide, S);

  const every = Math.max(1, Math.floor(opts.progressEvery ?? Math.max(1, Math.floor(steps / 100))));
  const stride = Math.max(1, Math.ceil(steps / Math.max(1, opts.maxTracePoints ?? 1000)));
  const trace: ElboTrace = { step: [], elbo: [], loglik: [], kl: [] };

  const full = batchSize === N ? compiled.bind(data) : null;
  const batches = full ? null : new MinibatchSampler(N, batchSize, batchRng);
  try {
    for (let t = 0; t < steps; t++) {
      let batch: BoundData;
      if (full) batch = full;
      else batch = compiled.bind(data, batches!.next());

      epsRng.fillNormal(eps);
      let value: ElboValue;
      try {
        value = elboAndGrad(compiled, guide, eps, S, batch, N / batch.n, grad, ws);
      } finally {
        if (!full) batch.dispose();
      }
      const { elbo, loglik, kl } = value;
      let gsum = 0;
      for (let i = 0; i < grad.length; i++) gsum += grad[i];
      if (!Number.isFinite(elbo) || !Number.isFinite(gsum)) throw new FitDivergedError(t + 1, elbo, adam.learningRate);
      adam.step(guide.packed, grad);

      const done = t + 1;
      if (done % stride === 0 || done === steps) {
        trace.step.push(done);
        trace.elbo.push(elbo);
        trace.loglik.push(loglik);
        trace.kl.push(kl);
      }
      if (onProgress && (done % every === 0 || done === steps)) onProgress(done, elbo, { loglik, kl });
    }
  } finally {
    full?.dispose();
  }

  return {
    modelName: compiled.ir.name,
    sourceHash: compiled.ir.sourceHash,
    dim: D,
    params: layout.slots.map((s) => ({
      name: s.name,
      shape: s.shape.slice(),
      offset: s.offset,
      size: s.size,
      positive: s.positive,
    })),
    loc: Float64Array.from(guide.loc),
    scale: guide.scale(),
    trace,
    settings: {
      lr: infer.optimizer.lr,
      decay: infer.optimizer.decay,
      steps,
      samples: S,
      batch: infer.batch,
      seed: rng.seed,
      initRho: init.rho,
    },
    seconds: (performance.now() - t0) / 1000,
  };
}

// MAP: the mode of the log joint on the unconstrained scale, by Adam (the paper's plain network,
// with the priors as weight decay).
//
//   fitMAP(compiled, data, settings, rng, onProgress?) -> MapFit
//
// Starts from values drawn uniformly in (−2, 2), as NUTS does; a minibatch scales its log
// likelihood by N / B. A non-finite log density or gradient throws FitDivergedError.

import type { CompiledModel } from '../../compiler/compiled.js';
import { mergeDuplicateRows, type TrainingData } from '../../compiler/data.js';
import type { MapSettings } from '../../compiler/ir.js';
import { MinibatchSampler } from '../data/batches.js';
import { paramInfo } from '../nuts/fit.js';
import type { SampleFit } from '../posterior.js';
import type { Rng } from '../rng.js';
import { Adam } from '../vi/adam.js';
import { FitDivergedError } from '../vi/errors.js';

export interface MapTrace {
  step: number[];
  log_density: number[];
}

export interface MapFit extends SampleFit {
  method: 'map';
  trace: MapTrace;
  /** The full-data log joint at the mode. */
  logDensity: number;
  seconds: number;
}

const TRACE_POINTS = 1000;

export function fitMAP(
  compiled: CompiledModel,
  given: TrainingData,
  s: Omit<MapSettings, 'method'>,
  rng: Rng,
  onProgress?: (step: number, logDensity: number) => void,
): MapFit {
  const t0 = performance.now();
  const data = mergeDuplicateRows(given);
  const D = compiled.dim;
  const N = data.n;
  const z = new Float64Array(D);
  const init = rng.fork('init');
  for (let i = 0; i < D; i++) z[i] = 4 * init.next() - 2;
  const grad = new Float64Array(D);
  const neg = new Float64Array(D);
  const adam = new Adam(D, { lr: s.optimizer.lr, decay: s.optimizer.decay });
  const full = compiled.density(data);
  const B = s.batch === null || s.batch >= N ? N : s.batch;
  const batches = B < N ? new MinibatchSampler(N, B, rng.fork('batches')) : null;
  const stride = Math.max(1, Math.ceil(s.steps / TRACE_POINTS));
  const every = Math.max(1, Math.floor(s.steps / 100));
  const trace: MapTrace = { step: [], log_density: [] };

  for (let t = 0; t < s.steps; t++) {
    let value: number;
    if (!batches) value = full.logDensity(z, grad);
    else {
      const bound = compiled.bind(data, batches.next());
      try {
        const ll = compiled.logLikelihood(z, 1, bound, { scale: N / bound.n, grad: true });
        grad.set(ll.grad!);
        value = ll.value[0] + compiled.logPrior(z, 0, grad, 0);
      } finally {
        bound.dispose();
      }
    }
    let gsum = 0;
    for (let i = 0; i < D; i++) {
      neg[i] = -grad[i];
      gsum += grad[i];
    }
    if (!Number.isFinite(value) || !Number.isFinite(gsum))
      throw new FitDivergedError(t + 1, value, adam.learningRate, 'logDensity');
    adam.step(z, neg);
    const done = t + 1;
    if (done % stride === 0 || done === s.steps) {
      trace.step.push(done);
      trace.log_density.push(value);
    }
    if (onProgress && (done % every === 0 || done === s.steps)) onProgress(done, value);
  }
  return {
    method: 'map',
    modelName: compiled.ir.name,
    sourceHash: compiled.ir.sourceHash,
    dim: D,
    params: paramInfo(compiled),
    draws: z,
    chains: 1,
    perChain: 1,
    trace,
    logDensity: full.logDensity(z),
    seconds: (performance.now() - t0) / 1000,
  };
}

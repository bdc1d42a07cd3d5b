// Fits a compiled model by the method its infer block names, and says how the fit went in the
// shape results.json keeps.
//
//   fitModel(compiled, train, rng, opts) -> Promise<FitOutcome>

import type { CompiledModel } from '../compiler/compiled.js';
import type { TrainingData } from '../compiler/data.js';
import { fitMAP } from './map/fit.js';
import { fitNUTS } from './nuts/fit.js';
import { nutsResults, sampleOf } from './nuts/summary.js';
import type { ChainProgress } from './nuts/chain.js';
import type { Fit } from './posterior.js';
import { restartSummary } from './restart-scores.js';
import type { RunResults, ViFitResults } from './results.js';
import type { Rng } from './rng.js';
import { fitRestarts, fitVI, type ElboParts, type Restarts } from './vi/index.js';

export type FitProgress =
  | { method: 'vi'; step: number; total: number; elbo: number; parts: ElboParts }
  | { method: 'map'; step: number; total: number; logDensity: number }
  | { method: 'nuts'; chain: number; chains: number; progress: ChainProgress };

export interface FitOutcome {
  fit: Fit;
  summary: NonNullable<RunResults['fit']>;
  /** VI with `restarts K`: every restart's fit, for their scores. */
  restarts?: Restarts;
}

export interface FitModelOptions {
  onProgress?: (p: FitProgress) => void;
  /** NUTS: worker threads (0: in this thread); default one per core. */
  workers?: number;
}

export async function fitModel(
  compiled: CompiledModel,
  train: TrainingData,
  rng: Rng,
  opts: FitModelOptions = {},
): Promise<FitOutcome> {
  const infer = compiled.ir.infer;
  const on = opts.onProgress;
  switch (infer.method) {
    case 'vi': {
      const total = infer.steps * infer.restarts;
      const progress =
        on && ((step: number, elbo: number, parts: ElboParts) => on({ method: 'vi', step, total, elbo, parts }));
      const restarts = infer.restarts > 1 ? fitRestarts(compiled, train, infer, rng, progress) : undefined;
      const fit = restarts?.fit ?? fitVI(compiled, train, infer, rng, progress);
      const summary: ViFitResults = {
        method: 'vi',
        steps: infer.steps,
        seconds: fit.seconds,
        final_elbo: fit.trace.elbo[fit.trace.elbo.length - 1] ?? NaN,
        elbo: fit.trace,
      };
      if (restarts) summary.restarts = restartSummary(infer.keep, restarts);
      return { fit, summary, restarts };
    }
    case 'map': {
      const fit = fitMAP(
        compiled,
        train,
        infer,
        rng,
        on && ((step, logDensity) => on({ method: 'map', step, total: infer.steps, logDensity })),
      );
      return {
        fit,
        summary: {
          method: 'map',
          steps: infer.steps,
          seconds: fit.seconds,
          log_density: fit.logDensity,
          trace: fit.trace,
        },
      };
    }
    case 'nuts': {
      const fit = await fitNUTS(compiled, train, infer, {
        workers: opts.workers,
        onProgress: on && ((chain, progress) => on({ method: 'nuts', chain, chains: infer.chains, progress })),
      });
      return { fit: sampleOf(fit), summary: nutsResults(fit) };
    }
  }
}

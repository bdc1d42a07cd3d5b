// `restarts K`: K variational fits from seed streams derived from the model's seed, ranked by
// their many-draw final ELBO (health.ts: the mean of log p(z, y) − log q(z) over 1000 guide
// draws, not the noisy one-draw value of the last step).
//
//   fitRestarts(compiled, data, infer, rng, onProgress?) -> Restarts
//       keep best: the restart with the highest final ELBO; keep ensemble: all K guides as an
//       equal mixture (fit.mixture), its loc and scale those of the best restart

import type { CompiledModel } from '../../compiler/compiled.js';
import type { TrainingData } from '../../compiler/data.js';
import type { IRViInfer } from '../../compiler/ir.js';
import type { Rng } from '../rng.js';
import { fitVI, type ProgressFn, type VIFit } from './fit.js';
import { viHealth, type VIHealth } from './health.js';

export interface Restarts {
  /** What is kept: the best restart, or the mixture of all. */
  fit: VIFit;
  /** Each restart's own fit and health, in the order of their seed streams. */
  fits: VIFit[];
  health: VIHealth[];
  best: number;
}

/** The seed stream of restart k (0-based): rng.fork(`restart/${k}`). */
export function restartRng(rng: Rng, k: number): Rng {
  return rng.fork(`restart/${k}`);
}

export function fitRestarts(
  compiled: CompiledModel,
  data: TrainingData,
  infer: IRViInfer,
  rng: Rng,
  onProgress?: ProgressFn,
): Restarts {
  const fits: VIFit[] = [];
  const health: VIHealth[] = [];
  for (let k = 0; k < infer.restarts; k++) {
    const r = restartRng(rng, k);
    const offset = k * infer.steps;
    fits.push(
      fitVI(
        compiled,
        data,
        infer,
        r.fork('fit'),
        onProgress && ((step, elbo, parts) => onProgress(offset + step, elbo, parts)),
      ),
    );
    health.push(viHealth(compiled, data, fits[k], r.fork('health')));
  }
  // A restart whose final ELBO is NaN ranks last.
  let best = 0;
  for (let k = 1; k < fits.length; k++)
    if (health[k].final_elbo > health[best].final_elbo || Number.isNaN(health[best].final_elbo)) best = k;
  const seconds = fits.reduce((a, f) => a + f.seconds, 0);
  const fit: VIFit =
    infer.keep === 'ensemble'
      ? { ...fits[best], mixture: fits.map((f) => ({ loc: f.loc, scale: f.scale })), seconds }
      : { ...fits[best], seconds };
  return { fit, fits, health, best };
}

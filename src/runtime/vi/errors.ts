import { R, RunError, type Objective } from '../../lang/diagnostics/run-messages.js';

/**
 * The ELBO or its gradient became NaN or ±Inf at `step` (1-based: the step that produced it);
 * the fit stops there, before updating the parameters.
 */
export class FitDivergedError extends RunError {
  readonly step: number;
  /** The ELBO at that step (finite when only the gradient was not). */
  readonly value: number;
  readonly learningRate: number;
  /** objective: what is optimized, the ELBO (VI) or the log density (MAP). */
  constructor(step: number, value: number, learningRate: number, objective: Objective = 'elbo') {
    super(R.fitDiverged(step, value, learningRate, objective));
    this.name = 'FitDivergedError';
    this.step = step;
    this.value = value;
    this.learningRate = learningRate;
  }
}

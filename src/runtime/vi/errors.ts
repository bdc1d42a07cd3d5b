/**
 * The ELBO or its gradient became NaN or ±Inf at `step` (1-based: the step that produced it);
 * the fit stops there, before updating the parameters.
 */
export class FitDivergedError extends Error {
  readonly step: number;
  /** The ELBO at that step (finite when only the gradient was not). */
  readonly value: number;
  readonly learningRate: number;
  /** quantity: what is optimized, 'ELBO' or 'log density' (MAP). */
  constructor(step: number, value: number, learningRate: number, quantity = 'ELBO') {
    const what = Number.isFinite(value) ? `the ${quantity}'s gradient is not finite (${quantity} ${value})` : `the ${quantity} is ${value}`;
    super(
      `the fit diverged at step ${step}: ${what}. ` +
        `Try a smaller learning rate (currently ${learningRate}; e.g. ${learningRate / 10}).`,
    );
    this.name = 'FitDivergedError';
    this.step = step;
    this.value = value;
    this.learningRate = learningRate;
  }
}

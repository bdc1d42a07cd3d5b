// Warmup as Stan does it: dual averaging of the step size towards target_accept (Hoffman &
// Gelman 2014, with Stan's constants), and a diagonal metric estimated from the draws of
// windows that double in length between an initial and a terminal fast interval.

export class StepSizeAdaptation {
  private counter = 0;
  private sBar = 0;
  private xBar = 0;
  private mu = 0;
  static readonly gamma = 0.05;
  static readonly t0 = 10;
  static readonly kappa = 0.75;

  constructor(private readonly delta: number) {}

  /** Restarts the averaging around a new step size (after the metric changed). */
  restart(eps: number): void {
    this.mu = Math.log(10 * eps);
    this.counter = 0;
    this.sBar = 0;
    this.xBar = 0;
  }

  /** The next step size, given the last transition's acceptance statistic. */
  learn(acceptStat: number): number {
    this.counter++;
    const a = Math.min(1, acceptStat);
    const eta = 1 / (this.counter + StepSizeAdaptation.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / StepSizeAdaptation.gamma;
    const w = Math.pow(this.counter, -StepSizeAdaptation.kappa);
    this.xBar = (1 - w) * this.xBar + w * x;
    return Math.exp(x);
  }

  /** The step size for sampling: the average of the iterates. */
  final(): number {
    return Math.exp(this.xBar);
  }
}

/** Stan's defaults: 75 iterations of initial buffer, a first window of 25, a terminal buffer of 50. */
export interface WindowSettings {
  initBuffer: number;
  termBuffer: number;
  baseWindow: number;
}

export const STAN_WINDOWS: WindowSettings = { initBuffer: 75, termBuffer: 50, baseWindow: 25 };

/**
 * The iterations (0-based) after which the metric is updated, for a warmup of n iterations.
 * When the defaults do not fit, Stan's fallback: 15% initial, 10% terminal, the rest one window.
 */
export function metricWindowEnds(n: number, w: WindowSettings = STAN_WINDOWS): number[] {
  if (n < 20) return [];
  let { initBuffer, termBuffer, baseWindow } = w;
  if (initBuffer + baseWindow + termBuffer > n) {
    initBuffer = Math.floor(0.15 * n);
    termBuffer = Math.floor(0.1 * n);
    baseWindow = n - (initBuffer + termBuffer);
  }
  const last = n - termBuffer - 1;
  const ends: number[] = [];
  let size = baseWindow;
  let next = initBuffer + size - 1;
  for (;;) {
    ends.push(next);
    if (next >= last) break;
    size *= 2;
    let candidate = next + size;
    // A window that would leave less than twice its length before the terminal buffer is stretched to it.
    if (candidate !== last && candidate + 2 * size >= n - termBuffer) candidate = last;
    next = candidate;
  }
  return ends;
}

/** The first warmup iteration whose draw enters the metric estimate. */
export function metricWindowStart(n: number, w: WindowSettings = STAN_WINDOWS): number {
  return w.initBuffer + w.baseWindow + w.termBuffer > n ? Math.floor(0.15 * n) : w.initBuffer;
}

/** Welford's running variance of each coordinate. */
export class VarianceEstimator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(dim: number) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }

  add(q: ArrayLike<number>): void {
    this.n++;
    for (let i = 0; i < this.mean.length; i++) {
      const d = q[i] - this.mean[i];
      this.mean[i] += d / this.n;
      this.m2[i] += d * (q[i] - this.mean[i]);
    }
  }

  /** The sample variances, shrunk towards 1e-3 as Stan does: (n/(n+5))·var + 1e-3·5/(n+5). */
  regularized(out: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < out.length; i++) {
      const v = n > 1 ? this.m2[i] / (n - 1) : 1;
      out[i] = (n / (n + 5)) * v + 1e-3 * (5 / (n + 5));
    }
  }

  restart(): void {
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }
}

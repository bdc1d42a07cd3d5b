// Adam on a packed Float64Array of parameters, minimising; the learning rate decays
// exponentially: lr_t = lr · decay^t for step t = 0, 1, ...

export interface AdamOptions {
  lr: number;
  decay: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly lr: number;
  private readonly decay: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;

  constructor(size: number, opts: AdamOptions) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.lr = opts.lr;
    this.decay = opts.decay;
    this.b1 = opts.beta1 ?? 0.9;
    this.b2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
  }

  /** The learning rate the next step will use. */
  get learningRate(): number {
    return this.lr * Math.pow(this.decay, this.t);
  }

  /** params -= lr_t · m̂ / (√v̂ + ε), with grad the gradient of the loss. */
  step(params: Float64Array, grad: Float64Array): void {
    const lr = this.learningRate;
    this.t++;
    const c1 = 1 - Math.pow(this.b1, this.t);
    const c2 = 1 - Math.pow(this.b2, this.t);
    const { m, v, b1, b2, eps } = this;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}

// The Euclidean Hamiltonian of NUTS with a diagonal metric: H(q, p) = −log p(q) + ½ pᵀ M⁻¹ p,
// integrated by leapfrog. A phase point carries its position, momentum, log density and gradient,
// so a point copied into the tree need not be evaluated again.

/** log p(q); writes ∇ log p(q) into grad. */
export type LogDensityFn = (q: Float64Array, grad: Float64Array) => number;

export class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly grad: Float64Array;
  logp = -Infinity;

  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.grad = new Float64Array(dim);
  }

  copyFrom(o: PhasePoint): void {
    this.q.set(o.q);
    this.p.set(o.p);
    this.grad.set(o.grad);
    this.logp = o.logp;
  }
}

export class Hamiltonian {
  readonly dim: number;
  /** The diagonal of M⁻¹: the adapted variances of the posterior. */
  readonly invMetric: Float64Array;
  gradients = 0;

  constructor(
    dim: number,
    private readonly logDensity: LogDensityFn,
  ) {
    this.dim = dim;
    this.invMetric = new Float64Array(dim).fill(1);
  }

  /** Evaluates log p and its gradient at z.q; a non-finite value is −∞ (a divergence, not a crash). */
  update(z: PhasePoint): void {
    this.gradients++;
    const lp = this.logDensity(z.q, z.grad);
    z.logp = Number.isFinite(lp) && allFinite(z.grad) ? lp : -Infinity;
  }

  kinetic(p: Float64Array): number {
    let k = 0;
    for (let i = 0; i < this.dim; i++) k += this.invMetric[i] * p[i] * p[i];
    return 0.5 * k;
  }

  /** H at z; NaN reads as +∞. */
  energy(z: PhasePoint): number {
    const h = -z.logp + this.kinetic(z.p);
    return Number.isNaN(h) ? Infinity : h;
  }

  /** p ~ N(0, M). */
  sampleMomentum(z: PhasePoint, normal: () => number): void {
    for (let i = 0; i < this.dim; i++) z.p[i] = normal() / Math.sqrt(this.invMetric[i]);
  }

  /** p♯ = M⁻¹ p, the velocity, into out. */
  velocity(p: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = this.invMetric[i] * p[i];
  }

  /** One leapfrog step of size eps (negative: backward in time). */
  leapfrog(z: PhasePoint, eps: number): void {
    const { q, p, grad } = z;
    const half = 0.5 * eps;
    for (let i = 0; i < this.dim; i++) p[i] += half * grad[i];
    for (let i = 0; i < this.dim; i++) q[i] += eps * this.invMetric[i] * p[i];
    this.update(z);
    if (z.logp === -Infinity) return;
    for (let i = 0; i < this.dim; i++) p[i] += half * grad[i];
  }
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

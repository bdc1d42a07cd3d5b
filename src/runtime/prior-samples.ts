// Samples from a parameter's prior, for the prior-vs-posterior query.
import type { CompiledModel } from '../compiler/compiled.js';
import type { IRPrior } from '../compiler/ir.js';
import type { Rng } from './rng.js';

/**
 * n prior samples of one parameter's entries (entry k mod size of the k-th draw). A non-centred
 * parameter is sampled with its parents: every stored coordinate from its standard prior, and
 * θ through the plan.
 */
export function priorSamplesOf(
  compiled: Pick<CompiledModel, 'ir' | 'layout' | 'dim' | 'paramValues'>,
  name: string,
  n: number,
  rng: Rng,
): number[] {
  const p = compiled.ir.params.find((q) => q.name === name);
  if (!p) throw new Error(`no parameter '${name}'`);
  if (!compiled.ir.params.some((q) => q.noncentred)) return samplePrior(p.prior, n, rng);
  const z = new Float64Array(n * compiled.dim);
  for (let d = 0; d < n; d++) {
    for (const s of compiled.layout.slots) {
      for (let i = 0; i < s.size; i++) {
        const v = sampleOne(s.prior, rng);
        z[d * compiled.dim + s.offset + i] = s.positive ? Math.log(v) : v;
      }
    }
  }
  const size = p.shape.reduce((a, b) => a * b, 1);
  const theta = compiled.paramValues(z, n, name);
  return Array.from({ length: n }, (_, k) => theta[k * size + (k % size)]);
}

export function samplePrior(prior: IRPrior, n: number, rng: Rng): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = sampleOne(prior, rng);
  return out;
}

function sampleOne(p: IRPrior, rng: Rng): number {
  switch (p.dist) {
    case 'Normal':
      return rng.normal(p.mu, p.sigma);
    case 'Laplace': {
      const u = rng.next() - 0.5;
      return p.mu - p.b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
    }
    case 'StudentT': {
      // t = z / sqrt(chi²_nu / nu), with chi²_nu as a sum of squares (integer part) plus a gamma rest.
      const z = rng.normal();
      const chi2 = 2 * sampleGamma(p.nu / 2, rng);
      return p.mu + p.sigma * (z / Math.sqrt(chi2 / p.nu));
    }
    case 'HalfNormal':
      return Math.abs(rng.normal(0, p.sigma));
    case 'LogNormal':
      return Math.exp(rng.normal(p.mu, p.sigma));
  }
}

/** Gamma(shape, 1) by Marsaglia and Tsang. */
export function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(rng.next() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

// Log prior densities on the unconstrained (flat) space, computed in plain JS: the prior
// part of the log joint is a cheap elementwise sum over the parameter vector. For a positive
// parameter stored as z = log θ, log p_z(z) = log p_θ(e^z) + z (the log-Jacobian).

import type { IRPrior } from '../ir.js';
import type { ParamSlot } from './layout.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The Normal that the prior induces on the stored coordinate z, when there is one: a Normal
 * prior on an unconstrained parameter, or a LogNormal prior on a positive one (log θ is then
 * exactly Normal(μ, σ)). The VI uses it for the analytic KL.
 */
export function normalOnZ(slot: Pick<ParamSlot, 'prior' | 'positive'>): { mu: number; sigma: number } | null {
  const p = slot.prior;
  if (!slot.positive && p.dist === 'Normal') return { mu: p.mu, sigma: p.sigma };
  if (slot.positive && p.dist === 'LogNormal') return { mu: p.mu, sigma: p.sigma };
  return null;
}

/**
 * Adds Σ log p_z(z) over one slot's entries of the sample starting at zOff, and (when grad is
 * given) adds d/dz into grad[gOff + i]. Returns the sum.
 */
export function addSlotLogPrior(
  slot: ParamSlot,
  z: ArrayLike<number>,
  zOff: number,
  grad?: Float64Array,
  gOff = 0,
): number {
  const p = slot.prior;
  let lp = 0;
  const n = slot.size;
  for (let i = 0; i < n; i++) {
    const zi = z[zOff + i];
    let v: number;
    let d: number;
    if (slot.positive) {
      const th = Math.exp(zi);
      [v, d] = positiveLogDensity(p, zi, th);
    } else {
      [v, d] = realLogDensity(p, zi);
    }
    lp += v;
    if (grad) grad[gOff + i] += d;
  }
  return lp;
}

/** [log p(θ), d/dθ] for a parameter on the real line. */
function realLogDensity(p: IRPrior, th: number): [number, number] {
  switch (p.dist) {
    case 'Normal': {
      const t = (th - p.mu) / p.sigma;
      return [-0.5 * t * t - Math.log(p.sigma) - 0.5 * LOG_2PI, -t / p.sigma];
    }
    case 'Laplace': {
      const r = th - p.mu;
      return [-Math.abs(r) / p.b - Math.log(2 * p.b), -Math.sign(r) / p.b];
    }
    case 'StudentT': {
      const t = (th - p.mu) / p.sigma;
      const nu = p.nu;
      const c = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(p.sigma);
      return [c - ((nu + 1) / 2) * Math.log1p((t * t) / nu), (-(nu + 1) / (nu * p.sigma)) * (t / (1 + (t * t) / nu))];
    }
    case 'HalfNormal':
    case 'LogNormal':
      // Support is the positive reals; the layout always stores these as positive.
      throw new Error(`${p.dist} prior on an unconstrained parameter`);
  }
}

/** [log p_z(z), d/dz] for z = log θ (θ = th), Jacobian included. */
function positiveLogDensity(p: IRPrior, z: number, th: number): [number, number] {
  switch (p.dist) {
    case 'HalfNormal': {
      const s2 = p.sigma * p.sigma;
      return [0.5 * Math.log(2 / Math.PI) - Math.log(p.sigma) - (th * th) / (2 * s2) + z, 1 - (th * th) / s2];
    }
    case 'LogNormal': {
      const t = (z - p.mu) / p.sigma;
      return [-0.5 * t * t - Math.log(p.sigma) - 0.5 * LOG_2PI, -t / p.sigma];
    }
    default: {
      // A real-line prior restricted to θ > 0; its normalising constant is left out.
      const [v, d] = realLogDensity(p, th);
      return [v + z, d * th + 1];
    }
  }
}

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** KL(N(m, s) || N(mu, sigma)) and its derivatives in m and s. */
export function normalKL(m: number, s: number, mu: number, sigma: number): [number, number, number] {
  const d = m - mu;
  const s2 = sigma * sigma;
  return [Math.log(sigma / s) + (s * s + d * d) / (2 * s2) - 0.5, d / s2, -1 / s + s / s2];
}

// The analytic part of the mean-field guide's KL: entries whose prior induces a Normal on the
// stored coordinate z.

import type { ParamSlot } from '../../compiler/layout.js';

/**
 * The Normal that the prior induces on the stored coordinate z, when there is one: a Normal
 * prior on an unconstrained parameter, or a LogNormal prior on a positive one (log θ is then
 * exactly Normal(μ, σ)).
 */
export function normalOnZ(slot: Pick<ParamSlot, 'prior' | 'positive'>): { mu: number; sigma: number } | null {
  const p = slot.prior;
  if (!slot.positive && p.dist === 'Normal') return { mu: p.mu, sigma: p.sigma };
  if (slot.positive && p.dist === 'LogNormal') return { mu: p.mu, sigma: p.sigma };
  return null;
}

/** KL(N(m, s) || N(mu, sigma)) and its derivatives in m and s. */
export function normalKL(m: number, s: number, mu: number, sigma: number): [number, number, number] {
  const d = m - mu;
  const s2 = sigma * sigma;
  return [Math.log(sigma / s) + (s * s + d * d) / (2 * s2) - 0.5, d / s2, -1 / s + s / s2];
}

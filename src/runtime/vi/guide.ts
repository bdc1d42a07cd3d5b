// The mean-field Normal guide over the packed unconstrained parameter vector:
// q(z) = Π_i N(z_i | loc_i, softplus(rho_i)²). Its KL to the prior is analytic for entries
// whose prior induces a Normal on z (Normal priors; LogNormal priors of positive parameters,
// where log θ is Normal) and Monte-Carlo for the rest (Laplace, StudentT, HalfNormal).

import type { ParamLayout, ParamSlot } from '../../compiler/layout.js';
import { normalKL, normalOnZ } from './kl.js';
import type { Rng } from '../rng.js';

export interface GuideInit {
  /** Initial rho of every entry (scale = softplus(rho)). */
  rho: number;
  /** Weight matrices start at N(center, (fanInGain / √fan_in)²). */
  fanInGain: number;
  /** Other real parameters start at N(center, spread²). */
  spread: number;
}

export const DEFAULT_GUIDE_INIT: GuideInit = { rho: -4, fanInGain: 1, spread: 0.1 };

export function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** rho such that softplus(rho) = s. */
export function softplusInverse(s: number): number {
  return s > 20 ? s : Math.log(Math.expm1(s));
}

export class MeanFieldGuide {
  readonly dim: number;
  /** [loc, rho] packed in one vector of 2·dim, the thing the optimizer updates. */
  readonly packed: Float64Array;
  readonly loc: Float64Array;
  readonly rho: Float64Array;
  /** Per entry: prior Normal on z for analytic KL (sigma 0 marks a Monte-Carlo entry). */
  readonly priorMu: Float64Array;
  readonly priorSigma: Float64Array;
  readonly analyticSlots: ReadonlySet<string>;
  readonly hasMonteCarloKL: boolean;

  constructor(layout: ParamLayout) {
    const D = layout.dim;
    this.dim = D;
    this.packed = new Float64Array(2 * D);
    this.loc = this.packed.subarray(0, D);
    this.rho = this.packed.subarray(D);
    this.priorMu = new Float64Array(D);
    this.priorSigma = new Float64Array(D);
    const analytic = new Set<string>();
    for (const slot of layout.slots) {
      const nz = normalOnZ(slot);
      if (!nz) continue;
      analytic.add(slot.name);
      this.priorMu.fill(nz.mu, slot.offset, slot.offset + slot.size);
      this.priorSigma.fill(nz.sigma, slot.offset, slot.offset + slot.size);
    }
    this.analyticSlots = analytic;
    this.hasMonteCarloKL = analytic.size < layout.slots.length;
  }

  initialize(layout: ParamLayout, rng: Rng, init: GuideInit = DEFAULT_GUIDE_INIT): void {
    for (const slot of layout.slots) {
      const c = initCenter(slot);
      const sd = slot.fanIn !== null ? init.fanInGain / Math.sqrt(slot.fanIn) : init.spread;
      for (let i = 0; i < slot.size; i++) this.loc[slot.offset + i] = c + sd * rng.normal();
    }
    this.rho.fill(init.rho);
  }

  scale(out: Float64Array = new Float64Array(this.dim)): Float64Array {
    for (let i = 0; i < this.dim; i++) out[i] = softplus(this.rho[i]);
    return out;
  }

  /**
   * The analytic part of KL(q || p); adds its gradient in loc into gLoc and in the scale into
   * gScale.
   */
  analyticKL(scale: Float64Array, gLoc?: Float64Array, gScale?: Float64Array): number {
    let kl = 0;
    for (let i = 0; i < this.dim; i++) {
      const ps = this.priorSigma[i];
      if (ps === 0) continue;
      const [k, dm, ds] = normalKL(this.loc[i], scale[i], this.priorMu[i], ps);
      kl += k;
      if (gLoc) gLoc[i] += dm;
      if (gScale) gScale[i] += ds;
    }
    return kl;
  }
}

/** Where a parameter's guide mean starts on z: the prior's centre (log of its median for positive ones). */
function initCenter(slot: ParamSlot): number {
  const p = slot.prior;
  switch (p.dist) {
    case 'Normal':
    case 'Laplace':
    case 'StudentT':
      return slot.positive ? Math.log(Math.max(Math.abs(p.mu), 1e-3) + (p.dist === 'Laplace' ? p.b : p.sigma)) : p.mu;
    case 'HalfNormal':
      return Math.log(0.6745 * p.sigma);
    case 'LogNormal':
      return p.mu;
  }
}

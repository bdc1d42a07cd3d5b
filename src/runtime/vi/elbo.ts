// The ELBO of the mean-field guide at given ε and its gradient in the packed [loc, rho]
// vector; fitVI calls this once per step.
//
//   ELBO = (1/S) Σ_s scale · log p(y_batch | z_s) − KL(q || p),   z_s = loc + softplus(rho) ⊙ ε_s
//
// KL is analytic on the entries whose prior is Normal on z, and (1/S) Σ_s [log q(z_s) − log p(z_s)]
// on the others.

import type { CompiledModel } from '../../compiler/compiled.js';
import type { BoundData } from '../../compiler/data.js';
import { sigmoid, type MeanFieldGuide } from './guide.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface ElboValue {
  elbo: number;
  /** Expected log-likelihood, scaled to the full data set. */
  loglik: number;
  kl: number;
}

/** Scratch buffers for elboAndGrad, reused across steps. */
export class ElboWorkspace {
  readonly scale: Float64Array;
  readonly z: Float64Array;
  readonly gScale: Float64Array;
  readonly mcEntries: Uint8Array;
  readonly mcSlot: (slot: { name: string }) => boolean;

  constructor(compiled: CompiledModel, guide: MeanFieldGuide, S: number) {
    const D = compiled.dim;
    this.scale = new Float64Array(D);
    this.z = new Float64Array(S * D);
    this.gScale = new Float64Array(D);
    this.mcSlot = (slot) => !guide.analyticSlots.has(slot.name);
    this.mcEntries = new Uint8Array(D);
    for (const slot of compiled.layout.slots)
      if (this.mcSlot(slot)) this.mcEntries.fill(1, slot.offset, slot.offset + slot.size);
  }
}

/**
 * Evaluates the ELBO at eps (row-major [S, dim]) on one batch whose log-likelihood is scaled
 * by `scale` (N / batch rows) and writes the gradient of −ELBO in [loc, rho] into grad (2·dim).
 */
export function elboAndGrad(
  compiled: CompiledModel,
  guide: MeanFieldGuide,
  eps: Float64Array,
  S: number,
  batch: BoundData,
  scale: number,
  grad: Float64Array,
  ws: ElboWorkspace = new ElboWorkspace(compiled, guide, S),
): ElboValue {
  const D = compiled.dim;
  const { z, mcEntries, gScale } = ws;
  const sd = guide.scale(ws.scale);
  for (let s = 0; s < S; s++) {
    const o = s * D;
    for (let i = 0; i < D; i++) z[o + i] = guide.loc[i] + sd[i] * eps[o + i];
  }
  const r = compiled.logLikelihood(z, S, batch, { scale, grad: true });
  const gz = r.grad!;
  let loglik = 0;
  let klMC = 0;
  for (let s = 0; s < S; s++) {
    loglik += r.value[s];
    if (guide.hasMonteCarloKL) {
      const o = s * D;
      const lp = compiled.logPrior(z, o, gz, o, ws.mcSlot);
      let lq = 0;
      for (let i = 0; i < D; i++)
        if (mcEntries[i]) lq -= Math.log(sd[i]) + 0.5 * eps[o + i] * eps[o + i] + HALF_LOG_2PI;
      klMC += lq - lp;
    }
  }
  loglik /= S;
  klMC /= S;

  const gLoc = grad.subarray(0, D);
  const gRho = grad.subarray(D, 2 * D);
  gLoc.fill(0);
  gScale.fill(0);
  const klA = guide.analyticKL(sd, gLoc, gScale);
  for (let s = 0; s < S; s++) {
    const o = s * D;
    for (let i = 0; i < D; i++) {
      gLoc[i] -= gz[o + i] / S;
      gScale[i] -= (gz[o + i] * eps[o + i]) / S;
    }
  }
  // The entropy part of the Monte-Carlo KL: d(log q)/d(scale) = −1/scale at fixed ε.
  for (let i = 0; i < D; i++) gRho[i] = (mcEntries[i] ? gScale[i] - 1 / sd[i] : gScale[i]) * sigmoid(guide.rho[i]);

  const kl = klA + klMC;
  return { elbo: loglik - kl, loglik, kl };
}

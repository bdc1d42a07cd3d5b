// Prior shift (Saerens, Latinne and Decaestecker 2002): a classifier fit where the classes have
// shares π' (a training set balanced by upsampling or reweighting) predicts p'_k; where they have
// shares π, the same evidence gives p_k ∝ p'_k · π_k / π'_k.
//
//   classShares(labels, weights?, classes) -> π (weights: each row's weight in the likelihood)
//   priorShiftRatios(own, fitted) -> r_k = π_k / π'_k
//   shiftDraws(draws, ratios) -> the draws' probabilities corrected: [n] of P(y = 1) for two
//       classes, [n, K] for K
import type { Draws } from './summary.js';

export function classShares(labels: ArrayLike<number>, classes: number, weights?: ArrayLike<number>): number[] {
  const w = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) w[labels[i]] += weights ? weights[i] : 1;
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

export function priorShiftRatios(own: number[], fitted: number[]): number[] {
  return own.map((p, k) => (fitted[k] > 0 ? p / fitted[k] : 0));
}

export function shiftDraws(draws: Draws, ratios: number[]): Draws {
  const K = ratios.length;
  if (K === 2) {
    const [r0, r1] = ratios;
    return draws.map((d) => Float32Array.from(d, (p) => (p * r1) / (p * r1 + (1 - p) * r0)));
  }
  return draws.map((d) => {
    const out = new Float32Array(d.length);
    for (let i = 0; i < d.length; i += K) {
      let z = 0;
      for (let k = 0; k < K; k++) z += d[i + k] * ratios[k];
      for (let k = 0; k < K; k++) out[i + k] = (d[i + k] * ratios[k]) / z;
    }
    return out;
  });
}

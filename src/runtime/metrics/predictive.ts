// Draws from the posterior predictive of a real target: for posterior draw s and case i,
// y_si = mean_si + sigma_si · ε_si with ε_si ~ N(0, 1) from the given stream, so the spread of
// the draws holds the noise of the likelihood as well as the uncertainty of the mean.
//
//   normalPredictiveDraws(mean, sigma, rng) → one Float64Array per draw, as mean
//   predictiveDraws(mean, noise, rng) → the same for any likelihood's noise: Normal, StudentT
//       (y = mean + sigma · t_nu) or Poisson (y ~ Poisson(mean), mean the rate)

import type { Rng } from '../rng.js';
import { sampleGamma } from '../prior-samples.js';
import { entryCount, type Draws } from './summary.js';

export function normalPredictiveDraws(mean: Draws, sigma: Draws, rng: Rng): Float64Array[] {
  const n = entryCount(mean);
  if (sigma.length !== mean.length || entryCount(sigma) !== n)
    throw new Error(`sigma has ${sigma.length} draws of ${sigma[0]?.length}, the mean ${mean.length} of ${n}`);
  return mean.map((m, s) => {
    const y = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) y[i] = m[i] + sigma[s][i] * y[i];
    return y;
  });
}

/** The noise of a likelihood around its mean, per draw and case. */
export type Noise =
  { kind: 'normal'; sigma: Draws } | { kind: 'student_t'; sigma: Draws; nu: Draws } | { kind: 'poisson' };

export function predictiveDraws(mean: Draws, noise: Noise, rng: Rng): Float64Array[] {
  if (noise.kind === 'normal') return normalPredictiveDraws(mean, noise.sigma, rng);
  const n = entryCount(mean);
  if (noise.kind === 'poisson')
    return mean.map((m) => Float64Array.from({ length: n }, (_, i) => samplePoisson(m[i], rng)));
  const { sigma, nu } = noise;
  return mean.map((m, s) => {
    const y = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const v = nu[s][i];
      y[i] = m[i] + (sigma[s][i] * y[i]) / Math.sqrt((2 * sampleGamma(v / 2, rng)) / v);
    }
    return y;
  });
}

/** The noise sd of each draw and case: sigma, sigma·√(ν/(ν−2)) for ν > 2 (else sigma), or √rate. */
export function noiseScale(mean: Draws, noise: Noise): Draws {
  if (noise.kind === 'normal') return noise.sigma;
  if (noise.kind === 'poisson') return mean.map((m) => Float64Array.from(m, (r) => Math.sqrt(Math.max(0, r))));
  return noise.sigma.map((sg, s) =>
    Float64Array.from(sg, (x, i) => (noise.nu[s][i] > 2 ? x * Math.sqrt(noise.nu[s][i] / (noise.nu[s][i] - 2)) : x)),
  );
}

/** A Poisson draw: by multiplying uniforms, in pieces of rate ≤ 30 (a sum of Poissons is Poisson). */
export function samplePoisson(rate: number, rng: Rng): number {
  if (!(rate > 0)) return 0;
  let k = 0;
  let left = rate;
  while (left > 0) {
    const piece = Math.min(left, 30);
    left -= piece;
    const limit = Math.exp(-piece);
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
  }
  return k;
}

// Draws from the posterior predictive of a real target: for posterior draw s and case i,
// y_si = mean_si + sigma_si · ε_si with ε_si ~ N(0, 1) from the given stream, so the spread of
// the draws holds the noise of the likelihood as well as the uncertainty of the mean.
//
//   normalPredictiveDraws(mean, sigma, rng) → one Float64Array per draw, as mean

import type { Rng } from '../rng.js';
import { entryCount, type Draws } from './summary.js';

export function normalPredictiveDraws(mean: Draws, sigma: Draws, rng: Rng): Float64Array[] {
  const n = entryCount(mean);
  if (sigma.length !== mean.length || entryCount(sigma) !== n) throw new Error(`sigma has ${sigma.length} draws of ${sigma[0]?.length}, the mean ${mean.length} of ${n}`);
  return mean.map((m, s) => {
    const y = rng.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) y[i] = m[i] + sigma[s][i] * y[i];
    return y;
  });
}

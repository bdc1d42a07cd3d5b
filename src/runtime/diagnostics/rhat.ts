// Rank-normalized split R-hat (Vehtari et al. 2021): the larger of the bulk R-hat (on the rank
// normal scores of the split chains) and the tail R-hat (the same on |x − median|). Values
// above 1.01 say the chains have not mixed. NaN for fewer than 2 draws per split chain, a
// non-finite draw, or a constant quantity (as the posterior package's NA).
//
//   rhat(chains)          chains: one Float64Array per chain, equal lengths, draws in order
//   rhatBulk(chains), rhatTail(chains), rhatBasic(chains)  (the last: split R-hat, no ranks)

import { degenerate, foldChains, mean, rankNormalize, splitChains, variance, type Chains } from './draws.js';

export function rhat(chains: Chains): number {
  const bulk = rhatBulk(chains);
  const tail = rhatTail(chains);
  return Number.isNaN(bulk) || Number.isNaN(tail) ? NaN : Math.max(bulk, tail);
}

export function rhatBulk(chains: Chains): number {
  const split = splitChains(chains);
  return degenerate(split) ? NaN : potentialScaleReduction(rankNormalize(split));
}

export function rhatTail(chains: Chains): number {
  const split = splitChains(foldChains(chains));
  return degenerate(split) ? NaN : potentialScaleReduction(rankNormalize(split));
}

export function rhatBasic(chains: Chains): number {
  const split = splitChains(chains);
  return degenerate(split) ? NaN : potentialScaleReduction(split);
}

/** Gelman and Rubin's √((n−1)/n + B/(n·W)) with B/n the variance of the chain means. */
export function potentialScaleReduction(chains: Chains): number {
  const n = chains[0]?.length ?? 0;
  if (chains.length < 1 || n < 2) return NaN;
  const means = chains.map(mean);
  const within = mean(chains.map(variance));
  const between = chains.length > 1 ? n * variance(means) : 0;
  return Math.sqrt((between / within + n - 1) / n);
}

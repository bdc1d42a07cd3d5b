// Effective sample sizes of Vehtari et al. (2021), as the posterior package computes them:
//
//   essBulk(chains)   ESS of the rank-normalized split chains (the efficiency for the bulk)
//   essTail(chains)   min of the ESS of the indicators x ≤ q5% and x ≤ q95% on split chains
//   essQuantile(chains, p), essBasic(chains) (split chains, no ranks)
//   essOf(chains)     the multi-chain ESS of the chains as given
//
// chains: one array per chain, equal lengths, draws in order. NaN where the posterior package
// gives NA: fewer than 3 draws per (split) chain, a non-finite draw, a constant quantity.

import { autocovariance } from './autocovariance.js';
import { degenerate, mean, pool, quantile7, rankNormalize, splitChains, variance, type Chains } from './draws.js';

export function essBulk(chains: Chains): number {
  const split = splitChains(chains);
  return degenerate(split) ? NaN : essOf(rankNormalize(split));
}

export function essTail(chains: Chains): number {
  if (degenerate(chains)) return NaN;
  const sorted = pool(chains).sort();
  return Math.min(essAtQuantile(chains, sorted, 0.05), essAtQuantile(chains, sorted, 0.95));
}

export function essQuantile(chains: Chains, p: number): number {
  return degenerate(chains) ? NaN : essAtQuantile(chains, pool(chains).sort(), p);
}

function essAtQuantile(chains: Chains, sorted: Float64Array, p: number): number {
  if (p === 1) p = (sorted.length - 0.5) / sorted.length;
  const q = quantile7(sorted, p);
  const indicators = chains.map((c) => {
    const ind = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) ind[i] = c[i] <= q ? 1 : 0;
    return ind;
  });
  return essOf(splitChains(indicators));
}

export function essBasic(chains: Chains): number {
  return essOf(splitChains(chains));
}

/**
 * Stan's multi-chain ESS: autocorrelations ρ_t = 1 − (W − mean autocovariance_t) / var⁺,
 * summed by Geyer's initial positive sequence (pairs ρ_2k + ρ_2k+1 while positive), made
 * monotone, and τ bounded below by 1/log10(M·N), so that ESS ≤ M·N·log10(M·N).
 */
export function essOf(chains: Chains): number {
  const m = chains.length;
  const n = chains[0]?.length ?? 0;
  if (m < 1 || n < 3 || degenerate(chains)) return NaN;
  const acov = new Float64Array(n);
  for (const c of chains) {
    const a = autocovariance(c);
    for (let t = 0; t < n; t++) acov[t] += a[t] / m;
  }
  const meanVar = (acov[0] * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map(mean));
  const rho = new Float64Array(n);
  const rhoAt = (t: number) => 1 - (meanVar - acov[t]) / varPlus;
  let t = 0;
  let even = 1;
  let odd = rhoAt(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = rhoAt(t);
    odd = rhoAt(t + 1);
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  // The last even term, positive, improves the truncated sum.
  if (even > 0) rho[maxT] = even;
  // Geyer's initial monotone sequence: each pair sum at most the previous one.
  for (t = 2; t <= maxT - 2; t += 2) {
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  let sum = 0;
  for (let i = 0; i < Math.max(1, maxT); i++) sum += rho[i];
  const total = m * n;
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(total));
  return total / tau;
}

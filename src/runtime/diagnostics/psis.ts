// Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao, Gabry 2015/2022), as the
// loo package computes it for one vector of log ratios with relative efficiency 1:
//
//   psis(logRatios) -> { khat, logWeights, tailLength }
//
// The M = ceil(min(S/5, 3√S)) largest weights are replaced by the expected order statistics of
// a generalized Pareto distribution fitted to them (above the next-largest weight) by Zhang and
// Stephens (2009) with loo's weakly informative prior on k; the smoothed weights are truncated
// at the largest raw weight. logWeights are unnormalized, on the scale of logRatios.
//
// k̂ < 0.5: the importance weights have finite variance; 0.5–0.7: usable with care; > 0.7:
// the estimate is unreliable (the proposal misses mass of the target). k̂ is +∞ when no tail
// can be fitted (fewer than 5 tail draws, or equal tail weights), as in loo, or when the largest
// log ratio is not finite (+∞, or every one −∞); −∞ when every
// log ratio is the same to 12 digits (the proposal is the target up to a constant, and the
// differences are rounding: nothing to smooth).

export interface PsisResult {
  khat: number;
  /** Smoothed, unnormalized log weights in the order of the input. */
  logWeights: Float64Array;
  tailLength: number;
}

export function psis(logRatios: ArrayLike<number>): PsisResult {
  const S = logRatios.length;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < S; i++) {
    if (Number.isNaN(logRatios[i])) throw new Error('psis: a log ratio is NaN');
    max = Math.max(max, logRatios[i]);
    min = Math.min(min, logRatios[i]);
  }
  const lw = Float64Array.from(logRatios, (v) => v - max);
  const tailLength = Math.ceil(Math.min(0.2 * S, 3 * Math.sqrt(S)));
  if (!Number.isFinite(max)) return { khat: Infinity, logWeights: Float64Array.from(logRatios), tailLength };
  if (max - min <= 1e-12 * Math.max(1, Math.abs(max)))
    return { khat: -Infinity, logWeights: Float64Array.from(logRatios), tailLength };
  let khat = Infinity;
  if (tailLength >= 5 && tailLength < S) {
    const order = Array.from({ length: S }, (_, i) => i).sort((a, b) => lw[a] - lw[b]);
    const tail = Float64Array.from({ length: tailLength }, (_, j) => lw[order[S - tailLength + j]]);
    if (Math.abs(tail[tailLength - 1] - tail[0]) >= Number.EPSILON / 100) {
      const cutoff = lw[order[S - tailLength - 1]];
      const expCutoff = Math.exp(cutoff);
      const fit = gpdFit(Float64Array.from(tail, (v) => Math.exp(v) - expCutoff));
      khat = fit.k;
      if (Number.isFinite(fit.k)) {
        for (let j = 0; j < tailLength; j++) {
          const p = (j + 0.5) / tailLength;
          lw[order[S - tailLength + j]] = Math.log(gpdQuantile(p, fit.k, fit.sigma) + expCutoff);
        }
      }
    }
  }
  for (let i = 0; i < S; i++) lw[i] = Math.min(lw[i], 0) + max;
  return { khat, logWeights: lw, tailLength };
}

/**
 * Zhang and Stephens' (2009) posterior-mean estimate of the generalized Pareto's (k, σ) from
 * sorted exceedances x > 0, with loo's weakly informative adjustment of k towards 0.5
 * (weight 10 pseudo-observations). k > 0 is a heavy tail.
 */
export function gpdFit(x: Float64Array): { k: number; sigma: number } {
  const N = x.length;
  const prior = 3;
  const M = 30 + Math.floor(Math.sqrt(N));
  const xstar = x[Math.floor(N / 4 + 0.5) - 1]; // the first quartile
  const theta = new Float64Array(M);
  const logLik = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    theta[j] = 1 / x[N - 1] + (1 - Math.sqrt(M / (j + 0.5))) / prior / xstar;
    // The profile log-likelihood at θ: N (log(−θ / k) − k − 1) with k = mean log1p(−θ x).
    let k = 0;
    for (let i = 0; i < N; i++) k += Math.log1p(-theta[j] * x[i]);
    k /= N;
    logLik[j] = N * (Math.log(-theta[j] / k) - k - 1);
  }
  let lmax = -Infinity;
  for (const l of logLik) if (l > lmax) lmax = l;
  let wsum = 0;
  for (let j = 0; j < M; j++) wsum += Math.exp(logLik[j] - lmax);
  let thetaHat = 0;
  for (let j = 0; j < M; j++) thetaHat += (theta[j] * Math.exp(logLik[j] - lmax)) / wsum;
  let k = 0;
  for (let i = 0; i < N; i++) k += Math.log1p(-thetaHat * x[i]);
  k /= N;
  const sigma = -k / thetaHat;
  k = (k * N) / (N + 10) + (10 * 0.5) / (N + 10);
  return { k: Number.isNaN(k) ? Infinity : k, sigma };
}

/** The generalized Pareto's p-quantile (location 0). */
export function gpdQuantile(p: number, k: number, sigma: number): number {
  if (Number.isNaN(sigma) || sigma <= 0) return NaN;
  return (sigma * Math.expm1(-k * Math.log1p(-p))) / k;
}

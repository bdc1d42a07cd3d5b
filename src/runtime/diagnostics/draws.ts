// Shared steps of the convergence diagnostics (Vehtari, Gelman, Simpson, Carpenter, Bürkner 2021,
// "Rank-normalization, folding, and localization: an improved R-hat"). Chains are given as
// Float64Array[] of equal lengths, one array per chain, draws in sampling order.

export type Chains = readonly ArrayLike<number>[];

/** Each chain's first and second half; with an odd length the middle draw is dropped. */
export function splitChains(chains: Chains): Float64Array[] {
  const n = chains[0]?.length ?? 0;
  for (const c of chains)
    if (c.length !== n) throw new Error(`chains must have equal lengths, got ${n} and ${c.length}`);
  if (n < 2) return chains.map((c) => Float64Array.from(c));
  const h = Math.floor(n / 2);
  const out: Float64Array[] = [];
  for (const c of chains) {
    const first = new Float64Array(h);
    const second = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      first[i] = c[i];
      second[i] = c[n - h + i];
    }
    out.push(first, second);
  }
  return out;
}

/** Normal scores of the pooled fractional ranks (average ties): Φ⁻¹((r − 3/8) / (S + 1/4)). */
export function rankNormalize(chains: Chains): Float64Array[] {
  const sorted = pool(chains).sort();
  const S = sorted.length;
  return chains.map((c) => {
    const z = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      // Tied values share the average of their 1-based ranks: (#{< v} + 1 + #{≤ v}) / 2.
      const rank = (countBelow(sorted, c[i], false) + 1 + countBelow(sorted, c[i], true)) / 2;
      z[i] = normalQuantile((rank - 3 / 8) / (S + 1 / 4));
    }
    return z;
  });
}

/** The number of entries of sorted below v (orEqual: at most v). */
function countBelow(sorted: Float64Array, v: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v || (orEqual && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** |x − median| with the median of all draws pooled. */
export function foldChains(chains: Chains): Float64Array[] {
  const m = median(pool(chains));
  return chains.map((c) => {
    const f = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) f[i] = Math.abs(c[i] - m);
    return f;
  });
}

export function pool(chains: Chains): Float64Array {
  const out = new Float64Array(chains.reduce((a, c) => a + c.length, 0));
  let k = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) out[k++] = c[i];
  return out;
}

export function median(x: Float64Array): number {
  return quantile7(x.slice().sort(), 0.5);
}

/** The sample quantile of R's default type 7 (linear interpolation between order statistics) of sorted values. */
export function quantile7(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance (n − 1 denominator). */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

/** NaN cases of the posterior package: a non-finite draw, or every draw (nearly) the same. */
export function degenerate(chains: Chains): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (!Number.isFinite(v)) return true;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi - lo < 2.220446049250313e-16;
}

/**
 * Φ⁻¹(p), Acklam's rational approximation refined by one Halley step on erfc: about 1e-15
 * relative error over (0, 1).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  for (let it = 0; it < 2; it++) {
    const e = 0.5 * erfc(-x / Math.SQRT2) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x = x - u / (1 + (x * u) / 2);
  }
  return x;
}

/* eslint-disable no-loss-of-precision -- Cody's coefficients as published (18 digits); a double rounds them as it should. */
/** erfc to about 1e-16 relative (W. J. Cody's rational Chebyshev approximations). */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    const t = x * x;
    const top =
      (((0.185777706184603153 * t + 3.1611237438705656) * t + 113.864154151050156) * t + 377.485237685302021) * t +
      3209.37758913846947;
    const bot =
      (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return 1 - (x * top) / bot;
  } else if (ax < 4) {
    const top =
      (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax +
        66.1191906371416295) *
        ax +
        298.635138197400131) *
        ax +
        881.95222124176909) *
        ax +
        1712.04761263407058) *
        ax +
        2051.07837782607147) *
        ax +
      1230.33935479799725;
    const bot =
      (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax +
        1621.38957456669019) *
        ax +
        3290.79923573345963) *
        ax +
        4362.61909014324716) *
        ax +
        3439.36767414372164) *
        ax +
      1230.33935480374942;
    r = Math.exp(-ax * ax) * (top / bot);
  } else {
    const z = 1 / (ax * ax);
    const top =
      ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) *
        z +
        0.0160837851487422766) *
        z +
      6.58749161529837803e-4;
    const bot =
      ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z + 0.0605183413124413191) *
        z +
      2.33520497626869185e-3;
    r = (Math.exp(-ax * ax) / ax) * (0.564189583547756287 - (z * top) / bot);
  }
  return x < 0 ? 2 - r : r;
}
/* eslint-enable no-loss-of-precision */

// Summaries over posterior draws. A set of draws is one array per draw (ArrayLike<number>[]),
// each with the same entries: per-case scores, or the entries of a parameter.
//
//   meanSd(draws)                 → per-entry mean and sd over draws
//   summarizeDraws(draws)         → per-entry mean, sd and the central 95% interval (2.5 and
//                                   97.5 percentiles)
//   quantile(sorted, q)           → numpy's default (linear) percentile of a sorted array
//   summarizeParameter(draws, shape) → plain-JSON mean and sd of each entry of a parameter
//   splitDraws(flat, perDraw)     → views of a row-major [draws, perDraw] array, one per draw
//
// Every sd in bnnc's metrics is the population sd over draws (ddof = 0, numpy's default).

export type Draws = ArrayLike<number>[];

export function splitDraws<T extends Float32Array | Float64Array>(flat: T, perDraw: number): T[] {
  if (!(perDraw > 0) || flat.length % perDraw !== 0)
    throw new Error(`${flat.length} values do not split into draws of ${perDraw}`);
  const out: T[] = [];
  for (let o = 0; o < flat.length; o += perDraw) out.push(flat.subarray(o, o + perDraw) as T);
  return out;
}

export interface DrawSummary {
  mean: Float64Array;
  sd: Float64Array;
  /** 2.5th percentile over draws. */
  lo: Float64Array;
  /** 97.5th percentile over draws. */
  hi: Float64Array;
}

export function entryCount(draws: Draws): number {
  if (draws.length === 0) throw new Error('no posterior draws to summarize');
  const m = draws[0].length;
  for (const d of draws) if (d.length !== m) throw new Error(`draws differ in length (${m} and ${d.length})`);
  return m;
}

export function meanSd(draws: Draws): { mean: Float64Array; sd: Float64Array } {
  const m = entryCount(draws);
  const mean = new Float64Array(m);
  const sd = new Float64Array(m);
  for (const d of draws) for (let i = 0; i < m; i++) mean[i] += d[i];
  for (let i = 0; i < m; i++) mean[i] /= draws.length;
  for (const d of draws) {
    for (let i = 0; i < m; i++) {
      const e = d[i] - mean[i];
      sd[i] += e * e;
    }
  }
  for (let i = 0; i < m; i++) sd[i] = Math.sqrt(sd[i] / draws.length);
  return { mean, sd };
}

export function summarizeDraws(draws: Draws): DrawSummary {
  const { mean, sd } = meanSd(draws);
  const m = mean.length;
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const column = new Float64Array(draws.length);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < draws.length; k++) column[k] = draws[k][i];
    column.sort();
    lo[i] = quantile(column, 0.025);
    hi[i] = quantile(column, 0.975);
  }
  return { mean, sd, lo, hi };
}

/** Linear interpolation between order statistics, as numpy.percentile by default. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

export interface ParameterSummary {
  shape: number[];
  /** Row-major, as the parameter's entries. */
  mean: number[];
  sd: number[];
}

export function summarizeParameter(draws: Draws, shape: number[]): ParameterSummary {
  const size = shape.reduce((a, b) => a * b, 1);
  const { mean, sd } = meanSd(draws);
  if (mean.length !== size)
    throw new Error(`parameter draws have ${mean.length} entries, its shape [${shape.join(', ')}] has ${size}`);
  return { shape, mean: Array.from(mean), sd: Array.from(sd) };
}

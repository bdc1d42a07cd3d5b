// Feature matrices and their standardization.
//
//   buildMatrix(cols, columns, n, stats?) → row-major Float32Array [n, columns.length]
//   columnStats(cols, columns)           → mean and sd of each column (population sd, ddof = 0,
//                                          as sklearn's StandardScaler)
//   standardizeInPlace(m, width, mean, sd)
//
// The statistics are plain JSON (StandardizationStats) so that a checkpoint can store them and
// `bnnc predict` can apply them to new rows.
//
// A column that is constant in the training set (sd 0) is an error rather than a warning:
// it carries no information, and dividing by its sd is impossible; the user removes it from the
// feature matrix or turns standardization off for that matrix.

import type { Columns } from './derive.js';

export interface FeatureStats {
  /** The feature matrix's name in the model. */
  name: string;
  columns: string[];
  /** When false, mean is all 0 and sd all 1 (the matrix is used as it is). */
  standardize: boolean;
  mean: number[];
  sd: number[];
}

export interface StandardizationStats {
  /** The set the statistics were computed on. */
  trainSet: string;
  features: FeatureStats[];
  /** A standardized real target (y = standardize(c) : real): the model sees (y − mean) / sd. */
  target?: { column: string; mean: number; sd: number };
}

/** With `stats`, each column is standardized (in float64, before rounding to float32). */
export function buildMatrix(
  cols: Columns,
  columns: string[],
  n: number,
  stats?: { mean: ArrayLike<number>; sd: ArrayLike<number> },
): Float32Array {
  const width = columns.length;
  const m = new Float32Array(n * width);
  columns.forEach((c, j) => {
    const v = cols[c];
    if (!v) throw new Error(`feature column ${c} is neither a data column nor a derived column`);
    const mu = stats ? stats.mean[j] : 0;
    const sd = stats ? stats.sd[j] : 1;
    for (let i = 0; i < n; i++) m[i * width + j] = (v[i] - mu) / sd;
  });
  return m;
}

/**
 * Computed on the values divided by the column's largest magnitude, so that neither the sum nor
 * the sum of squares can overflow, however large the values (1e300 gives a finite sd).
 */
export function columnStats(cols: Columns, columns: string[]): { mean: number[]; sd: number[] } {
  const mean: number[] = [];
  const sd: number[] = [];
  for (const c of columns) {
    const v = cols[c];
    let scale = 0;
    for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i]));
    if (scale === 0) scale = 1;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] / scale;
    const mu = s / v.length;
    let ss = 0;
    for (let i = 0; i < v.length; i++) ss += (v[i] / scale - mu) * (v[i] / scale - mu);
    mean.push(mu * scale);
    sd.push(Math.sqrt(ss / v.length) * scale);
  }
  return { mean, sd };
}

/** An sd this small relative to the mean is a constant column up to rounding. */
export function isConstant(mean: number, sd: number): boolean {
  return !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
}

export function standardizeInPlace(
  m: Float32Array,
  width: number,
  mean: ArrayLike<number>,
  sd: ArrayLike<number>,
): Float32Array {
  if (mean.length !== width || sd.length !== width)
    throw new Error(`standardization has ${mean.length} columns, the matrix ${width}`);
  for (let i = 0; i < m.length; i += width) {
    for (let j = 0; j < width; j++) m[i + j] = (m[i + j] - mean[j]) / sd[j];
  }
  return m;
}

// The compiled model's view of a data set, whatever executor runs it: feature matrices and the
// target as plain typed arrays, with an optional weight per row.

import { gatherRows } from './rows.js';

/** Feature matrices of a data set: row-major [n, width] per feature name. */
export interface FeatureData {
  features: Record<string, Float32Array>;
  widths: Record<string, number>;
  n: number;
}

/**
 * A training set: features plus the target — 0/1 (binary), the class index 0..K-1
 * (categorical) or the value (real), one per row — and, where rows were merged, how many times
 * each counts in the likelihood.
 */
export interface TrainingData extends FeatureData {
  target: Float32Array | Int32Array;
  weights?: Float64Array;
  /** The source row of each row (PreparedSet.rows): rows with the same source are copies. */
  rows?: Int32Array;
}

/** Data made ready for one compiled model (uploaded, transposed, …); opaque to its users. */
export interface BoundData {
  readonly n: number;
  dispose(): void;
}

export type { TargetKind as TargetEncoding } from '../lang/checking/checked-model.js';

/**
 * Rows that are copies of one another (upsampling repeats rows) merged into one row with a
 * weight: the log likelihood is the same sum, over fewer rows. `origin[i]` names row i's source
 * (PreparedSet.rows); rows with the same origin are the same row.
 */
export function mergeDuplicateRows(
  data: TrainingData,
  origin: ArrayLike<number> | undefined = data.rows,
): TrainingData {
  if (!origin) return data;
  if (origin.length !== data.n) throw new Error(`origin has ${origin.length} rows, the data ${data.n}`);
  const first = new Map<number, number>();
  const keep: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < data.n; i++) {
    const base = data.weights ? data.weights[i] : 1;
    const seen = first.get(origin[i]);
    if (seen === undefined) {
      first.set(origin[i], keep.length);
      keep.push(i);
      weights.push(base);
    } else weights[seen] += base;
  }
  if (keep.length === data.n) return data;
  const features: Record<string, Float32Array> = {};
  for (const [k, m] of Object.entries(data.features)) features[k] = gatherRows(m, data.widths[k], keep);
  const target =
    data.target instanceof Int32Array
      ? Int32Array.from(keep, (r) => data.target[r])
      : Float32Array.from(keep, (r) => data.target[r]);
  return {
    n: keep.length,
    features,
    widths: data.widths,
    target,
    weights: Float64Array.from(weights),
    rows: Int32Array.from(keep, (r) => origin[r]),
  };
}

/** The given rows of a data set, in that order (a minibatch). */
export function selectRows<T extends FeatureData>(data: T, rows: ArrayLike<number>): T {
  const features: Record<string, Float32Array> = {};
  for (const [k, m] of Object.entries(data.features)) features[k] = gatherRows(m, data.widths[k], rows);
  const out: FeatureData & Partial<TrainingData> = { n: rows.length, features, widths: data.widths };
  const t = data as unknown as Partial<TrainingData>;
  if (t.target)
    out.target =
      t.target instanceof Int32Array
        ? Int32Array.from(rows, (r) => t.target![r])
        : Float32Array.from(rows, (r) => t.target![r]);
  if (t.weights) out.weights = Float64Array.from(rows, (r) => t.weights![r]);
  return out as T;
}

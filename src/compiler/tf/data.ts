// The numerical engine's view of a data set: feature matrices and the target as plain typed
// arrays, and their upload as tensors ("binding") for one compiled model.

import * as tf from '@tensorflow/tfjs';
import { gatherRows } from '../rows.js';

/** Feature matrices of a data set: row-major Float32Array [n, width] per feature name. */
export interface FeatureData {
  features: Record<string, Float32Array>;
  widths: Record<string, number>;
  n: number;
}

/**
 * A training set: features plus the target — 0/1 (binary), the class index 0..K-1
 * (categorical) or the value (real), one per row.
 */
export interface TrainingData extends FeatureData {
  target: Float32Array | Int32Array;
}

/** Data uploaded as tensors, ready to evaluate the model on. */
export interface BoundData {
  n: number;
  inputs: Map<string, tf.Tensor>;
  /** Float [n] (binary, real) or one-hot [n, K] (categorical); null for features only. */
  target: tf.Tensor | null;
  /** Tensors derived from this data (transposes, ones), kept until dispose(). */
  cache: Map<string, tf.Tensor>;
  dispose(): void;
}

export type TargetEncoding = { kind: 'binary' } | { kind: 'categorical'; classes: number } | { kind: 'real' };

/** Uploads data (all rows, or the given rows in that order) as tensors. */
export function bindData(
  data: FeatureData | TrainingData,
  inputNames: readonly string[],
  encoding: TargetEncoding,
  rows?: Int32Array,
): BoundData {
  const n = rows ? rows.length : data.n;
  const inputs = new Map<string, tf.Tensor>();
  const made: tf.Tensor[] = [];
  for (const name of inputNames) {
    const x = data.features[name];
    const w = data.widths[name];
    if (!x || w === undefined) throw new Error(`the data has no feature matrix '${name}'`);
    if (x.length !== data.n * w) throw new Error(`feature '${name}' has ${x.length} values, expected ${data.n} rows × ${w}`);
    const t = tf.tensor2d(rows ? gatherRows(x, w, rows) : x, [n, w], 'float32');
    inputs.set(name, t);
    made.push(t);
  }
  let target: tf.Tensor | null = null;
  if ('target' in data) {
    const y = data.target;
    if (y.length !== data.n) throw new Error(`the target has ${y.length} values, expected ${data.n}`);
    if (encoding.kind === 'categorical') {
      const k = encoding.classes;
      const oh = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        const c = y[rows ? rows[i] : i];
        if (!Number.isInteger(c) || c < 0 || c >= k) throw new Error(`class label ${c} in row ${rows ? rows[i] : i} is not in 0..${k - 1}`);
        oh[i * k + c] = 1;
      }
      target = tf.tensor2d(oh, [n, k]);
    } else {
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) v[i] = y[rows ? rows[i] : i];
      target = tf.tensor1d(v, 'float32');
    }
    made.push(target);
  }
  const cache = new Map<string, tf.Tensor>();
  return {
    n,
    inputs,
    target,
    cache,
    dispose: () => {
      for (const t of made) t.dispose();
      for (const t of cache.values()) t.dispose();
      cache.clear();
    },
  };
}

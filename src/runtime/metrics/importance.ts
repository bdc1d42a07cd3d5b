// Permutation importance of each input, with its posterior uncertainty, overall and per class.
//
//   permutationImportance(input) → ImportanceResult
//
// For each input column j and each of `repeats` seeded permutations of its values across cases
// (the other columns untouched), the model scores the permuted matrix with each posterior draw
// d of a subset. The drop of draw d is
//     F1_d(original) − mean over repeats of F1_d(column j permuted)
// where F1_d is the weighted F1 of draw d's own predictions (binary: score ≥ threshold;
// categorical: argmax). The importance is the mean of the drops over draws and its
// uncertainty their sd over draws (population sd), as Ahamed & Daub (2019) report it.
//
// By class: the same drop computed on each class's own F1 (the per-class row of the
// classification report) — how much the model needs the input to recognise cases of that class,
// and, by its sd over draws, how uncertain that is. This is our reading of the paper's
// "permutation importance of each input with its uncertainty per class".
//
// Cost: 1 + width·repeats calls of scoreFn, each over `maxDraws` draws (default 100, taken evenly
// spaced across the posterior's totalDraws), so the caller's 1000 draws × 400 cases × 8 inputs
// stay cheap; the metric itself is O(draws · cases) per call.

import type { Rng } from '../rng.js';
import { argmaxClasses, predictAtThreshold } from './classification.js';
import type { Draws } from './summary.js';

export interface ImportanceInput {
  /** The feature matrix as the model reads it, row-major [n, width]. It is not modified. */
  x: Float32Array;
  width: number;
  /** Names of the width columns. */
  columns: string[];
  labels: ArrayLike<number>;
  /** 2: binary, a draw's scores are P(y = 1) per case; K > 2: row-major [n, K] probabilities. */
  classes: number;
  /** Binary only; default 0.5. */
  threshold?: number;
  /** Scores of the matrix under the given posterior draws (indices into 0..totalDraws-1), in that order. */
  scoreFn: (x: Float32Array, draws: Int32Array) => Draws | Promise<Draws>;
  totalDraws: number;
  /** Default 100. */
  maxDraws?: number;
  /** Permutations per column; default 5. */
  repeats?: number;
  rng: Rng;
}

export interface MeanSd {
  mean: number;
  sd: number;
}

export interface ColumnImportance {
  column: string;
  /** Drop in weighted F1. */
  drop: MeanSd;
  /** byClass[k]: drop in the F1 of class k. */
  byClass: MeanSd[];
}

export interface ImportanceResult {
  draws: number;
  repeats: number;
  threshold: number | null;
  /** Weighted and per-class F1 with nothing permuted, over the draws. */
  baseline: { f1: MeanSd; byClass: MeanSd[] };
  /** In column order. */
  features: ColumnImportance[];
}

export async function permutationImportance(input: ImportanceInput): Promise<ImportanceResult> {
  const { x, width, columns, labels, classes, totalDraws, rng } = input;
  const n = labels.length;
  const repeats = input.repeats ?? 5;
  const threshold = classes === 2 ? (input.threshold ?? 0.5) : null;
  if (x.length !== n * width) throw new Error(`feature matrix has ${x.length} values, expected ${n}×${width}`);
  if (columns.length !== width) throw new Error(`${columns.length} column names for ${width} columns`);
  if (!(classes >= 2)) throw new Error('permutation importance needs a binary or categorical target');
  if (!(repeats >= 1)) throw new Error(`repeats must be at least 1, got ${repeats}`);
  const draws = drawSubset(totalDraws, input.maxDraws ?? 100);
  const m = draws.length;

  const support = new Float64Array(classes);
  for (let i = 0; i < n; i++) support[labels[i]]++;

  // f1[d * (classes + 1)]: weighted F1 of draw d; then the F1 of each class.
  const score = async (matrix: Float32Array): Promise<Float64Array> => {
    const out = await input.scoreFn(matrix, draws);
    if (out.length !== m) throw new Error(`scoreFn returned ${out.length} draws, expected ${m}`);
    const f1 = new Float64Array(m * (classes + 1));
    const tp = new Float64Array(classes);
    const predicted = new Float64Array(classes);
    for (let d = 0; d < m; d++) {
      const pred = threshold !== null ? predictAtThreshold(out[d], threshold) : argmaxClasses(out[d], n, classes);
      if (pred.length !== n) throw new Error(`draw ${d} scored ${pred.length} cases, expected ${n}`);
      tp.fill(0);
      predicted.fill(0);
      for (let i = 0; i < n; i++) {
        predicted[pred[i]]++;
        if (pred[i] === labels[i]) tp[pred[i]]++;
      }
      let weighted = 0;
      for (let k = 0; k < classes; k++) {
        const denom = support[k] + predicted[k];
        const f = denom === 0 ? 0 : (2 * tp[k]) / denom;
        f1[d * (classes + 1) + 1 + k] = f;
        weighted += support[k] * f;
      }
      f1[d * (classes + 1)] = n === 0 ? 0 : weighted / n;
    }
    return f1;
  };

  const base = await score(x);
  const stride = classes + 1;
  const features: ColumnImportance[] = [];
  const permuted = Float32Array.from(x);
  const column = new Float32Array(n);
  for (let j = 0; j < width; j++) {
    const colRng = rng.fork(`permute:${j}:${columns[j]}`);
    for (let i = 0; i < n; i++) column[i] = x[i * width + j];
    // Mean over repeats of each draw's drop (a difference first, so an unused input gives exactly 0).
    const drops = new Float64Array(m * stride);
    for (let r = 0; r < repeats; r++) {
      const perm = colRng.permutation(n);
      for (let i = 0; i < n; i++) permuted[i * width + j] = column[perm[i]];
      const f1 = await score(permuted);
      for (let k = 0; k < f1.length; k++) drops[k] += (base[k] - f1[k]) / repeats;
    }
    for (let i = 0; i < n; i++) permuted[i * width + j] = column[i];
    features.push({
      column: columns[j],
      drop: stat(drops, 0, stride, m),
      byClass: Array.from({ length: classes }, (_, k) => stat(drops, 1 + k, stride, m)),
    });
  }
  return {
    draws: m,
    repeats,
    threshold,
    baseline: {
      f1: stat(base, 0, stride, m),
      byClass: Array.from({ length: classes }, (_, k) => stat(base, 1 + k, stride, m)),
    },
    features,
  };
}

/** min(maxDraws, total) indices evenly spaced over 0..total-1. */
export function drawSubset(total: number, maxDraws: number): Int32Array {
  if (!(total >= 1)) throw new Error(`no posterior draws (total ${total})`);
  const m = Math.max(1, Math.min(total, Math.floor(maxDraws)));
  const idx = new Int32Array(m);
  for (let k = 0; k < m; k++) idx[k] = Math.floor((k * total) / m);
  return idx;
}

/** Mean and population sd of values[offset + d·stride], d < m. */
function stat(values: Float64Array, offset: number, stride: number, m: number): MeanSd {
  let s = 0;
  for (let d = 0; d < m; d++) s += values[offset + d * stride];
  const mean = s / m;
  let ss = 0;
  for (let d = 0; d < m; d++) ss += (values[offset + d * stride] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / m) };
}

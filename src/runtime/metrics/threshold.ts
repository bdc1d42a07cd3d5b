// Choosing the decision threshold of a binary classifier.
//
//   thresholdGrid(step = 0.01)      → step, 2·step, ..., up to 1 - step (0.01..0.99 by default)
//   f1Curve(labels, scores, grid?)  → weighted F1 at each threshold of the grid
//   bestThreshold(labels, scores, grid?) → the grid threshold with the highest weighted F1
//       (ties: the one closest to 0.5, then the lower), its F1, and the F1 at 0.5 beside it
//
// A case is predicted positive when its score ≥ the threshold.

import { predictAtThreshold, weightedF1 } from './classification.js';

export function thresholdGrid(step = 0.01): number[] {
  const k = Math.round(1 / step);
  if (!(k >= 2) || Math.abs(k * step - 1) > 1e-9) throw new Error(`threshold step ${step} must divide 1`);
  // i / k rather than a running sum, so 0.07 is the double nearest 0.07.
  return Array.from({ length: k - 1 }, (_, i) => (i + 1) / k);
}

export interface F1Curve {
  thresholds: number[];
  f1: number[];
}

export function f1Curve(labels: ArrayLike<number>, scores: ArrayLike<number>, grid = thresholdGrid()): F1Curve {
  return { thresholds: grid, f1: grid.map((t) => weightedF1(labels, predictAtThreshold(scores, t), 2)) };
}

export interface ThresholdChoice {
  threshold: number;
  /** Weighted F1 at the chosen threshold. */
  f1: number;
  /** Weighted F1 at 0.5, for comparison. */
  f1At05: number;
}

/** F1 values this close count as a tie (equal counts can differ in the last bits). */
const TIE = 1e-12;

export function bestThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>, grid = thresholdGrid()): ThresholdChoice {
  const curve = f1Curve(labels, scores, grid);
  let best = 0;
  for (let i = 1; i < grid.length; i++) {
    const d = curve.f1[i] - curve.f1[best];
    if (d > TIE) best = i;
    else if (Math.abs(d) <= TIE && Math.abs(grid[i] - 0.5) < Math.abs(grid[best] - 0.5) - 1e-12) best = i;
  }
  return { threshold: grid[best], f1: curve.f1[best], f1At05: weightedF1(labels, predictAtThreshold(scores, 0.5), 2) };
}

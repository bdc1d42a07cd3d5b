// Choosing the decision threshold of a binary classifier.
//
//   thresholdGrid(step = 0.01)      → step, 2·step, ..., up to 1 - step (0.01..0.99 by default)
//   f1Curve(labels, scores, grid?)  → weighted F1 at each threshold of the grid
//   bestThreshold(labels, scores, grid?, criterion?) → the grid threshold with the highest
//       weighted F1 (or accuracy, or Youden's J) (ties: the one closest to 0.5, then the lower),
//       its F1, and the F1 at 0.5 beside it
//
// A case is predicted positive when its score ≥ the threshold.

import { accuracy, predictAtThreshold, weightedF1 } from './classification.js';

/** What a tuned threshold maximizes. */
export type ThresholdCriterion = 'f1' | 'accuracy' | 'youden';

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

/** The criterion's value for these predictions. */
export function criterionValue(
  criterion: ThresholdCriterion,
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
): number {
  if (criterion === 'f1') return weightedF1(labels, predictions, 2);
  if (criterion === 'accuracy') return accuracy(labels, predictions);
  // Youden's J: sensitivity + specificity − 1.
  let tp = 0;
  let fn = 0;
  let tn = 0;
  let fp = 0;
  for (let i = 0; i < labels.length; i++) {
    const hit = predictions[i] === 1;
    if (labels[i] === 1) {
      if (hit) tp++;
      else fn++;
    } else if (hit) fp++;
    else tn++;
  }
  return (tp + fn > 0 ? tp / (tp + fn) : 0) + (tn + fp > 0 ? tn / (tn + fp) : 0) - 1;
}

export function bestThreshold(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  grid = thresholdGrid(),
  criterion: ThresholdCriterion = 'f1',
): ThresholdChoice {
  const curve = f1Curve(labels, scores, grid);
  const value =
    criterion === 'f1' ? curve.f1 : grid.map((t) => criterionValue(criterion, labels, predictAtThreshold(scores, t)));
  let best = 0;
  for (let i = 1; i < grid.length; i++) {
    const d = value[i] - value[best];
    if (d > TIE) best = i;
    else if (Math.abs(d) <= TIE && Math.abs(grid[i] - 0.5) < Math.abs(grid[best] - 0.5) - 1e-12) best = i;
  }
  return { threshold: grid[best], f1: curve.f1[best], f1At05: weightedF1(labels, predictAtThreshold(scores, 0.5), 2) };
}

// How uncertain each prediction of a class is, split by source, and whether the uncertainty is
// of use: do the uncertain cases hold the mistakes? All entropies are in nats (natural log).
//
//   entropyDecomposition(draws, n, classes) → per case:
//       total      H(mean over draws of p): the entropy of the posterior mean probabilities
//       aleatoric  mean over draws of H(p): the expected entropy, what each draw itself
//                  leaves open (overlap of the classes; more data does not remove it)
//       epistemic  total − aleatoric: the mutual information between the label and the
//                  parameters, how much the draws disagree (more data shrinks it)
//     A draw is P(y = 1) per case for a binary target (classes = 2), row-major [n, K]
//     probabilities for a categorical one.
//   accuracyRejection(correct, uncertainty, steps = 20) → for each fraction k/steps, k < steps,
//       the accuracy of the cases left when that fraction, the most uncertain first, is set aside
//       (floor(fraction·n) cases; ties in order of the cases)
//   uncertaintyByCorrectness(correct, uncertainty) → the number and mean uncertainty of the
//       correct and the misclassified cases, and the ROC AUC of the uncertainty as a detector of
//       the misclassified ones (0.5: no better than chance)
//   predictiveUncertainty(draws, labels, predictions, classes) → all of the above for a set, as
//       results.json holds it (predictive_uncertainty)

import { rocAuc } from './roc.js';
import { entryCount, type Draws } from './summary.js';

export interface EntropyDecomposition {
  total: Float64Array;
  aleatoric: Float64Array;
  epistemic: Float64Array;
}

const plogp = (p: number) => (p > 0 ? p * Math.log(p) : 0);

export function entropyDecomposition(draws: Draws, n: number, classes: number): EntropyDecomposition {
  const width = classes === 2 ? 1 : classes;
  if (entryCount(draws) !== n * width) throw new Error(`draws of ${draws[0].length} values for ${n} cases of ${width}`);
  const S = draws.length;
  const mean = new Float64Array(n * width);
  const aleatoric = new Float64Array(n);
  for (const d of draws) {
    for (let i = 0; i < n; i++) {
      if (classes === 2) {
        mean[i] += d[i] / S;
        aleatoric[i] -= (plogp(d[i]) + plogp(1 - d[i])) / S;
      } else {
        for (let k = 0; k < classes; k++) {
          mean[i * classes + k] += d[i * classes + k] / S;
          aleatoric[i] -= plogp(d[i * classes + k]) / S;
        }
      }
    }
  }
  const total = new Float64Array(n);
  const epistemic = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (classes === 2) total[i] = -(plogp(mean[i]) + plogp(1 - mean[i]));
    else for (let k = 0; k < classes; k++) total[i] -= plogp(mean[i * classes + k]);
    // Non-negative by Jensen's inequality; a difference of sums can fall below 0 by rounding.
    epistemic[i] = Math.max(0, total[i] - aleatoric[i]);
  }
  return { total, aleatoric, epistemic };
}

export interface RejectionCurve {
  fraction: number[];
  accuracy: number[];
}

export function accuracyRejection(
  correct: ArrayLike<boolean>,
  uncertainty: ArrayLike<number>,
  steps = 20,
): RejectionCurve {
  const n = correct.length;
  if (uncertainty.length !== n) throw new Error(`${n} cases but ${uncertainty.length} uncertainties`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => uncertainty[b] - uncertainty[a] || a - b);
  // hits[j]: correct cases among order[j..n-1].
  const hits = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) hits[j] = hits[j + 1] + (correct[order[j]] ? 1 : 0);
  const fraction = Array.from({ length: steps }, (_, k) => k / steps);
  return {
    fraction,
    accuracy: fraction.map((f) => {
      const rejected = Math.floor(f * n);
      return n - rejected > 0 ? hits[rejected] / (n - rejected) : NaN;
    }),
  };
}

export interface UncertaintyByCorrectness {
  correct: { cases: number; mean: number };
  misclassified: { cases: number; mean: number };
  /** ROC AUC of the uncertainty as a score for being misclassified; NaN when every case is right or wrong. */
  auc: number;
}

export function uncertaintyByCorrectness(
  correct: ArrayLike<boolean>,
  uncertainty: ArrayLike<number>,
): UncertaintyByCorrectness {
  const n = correct.length;
  const sum = [0, 0];
  const count = [0, 0];
  const wrong = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    wrong[i] = correct[i] ? 0 : 1;
    sum[wrong[i]] += uncertainty[i];
    count[wrong[i]]++;
  }
  const group = (g: number) => ({ cases: count[g], mean: count[g] ? sum[g] / count[g] : NaN });
  return { correct: group(0), misclassified: group(1), auc: rocAuc(wrong, uncertainty) };
}

export interface PredictiveUncertainty {
  unit: 'nats';
  /** Means over the cases. */
  mean: { total: number; aleatoric: number; epistemic: number };
  /** Mean total and epistemic entropy of the correct and the misclassified cases. */
  by_correctness: {
    correct: { cases: number; total: number; epistemic: number };
    misclassified: { cases: number; total: number; epistemic: number };
    /** ROC AUC of each as a detector of the misclassified cases. */
    auc_total: number;
    auc_epistemic: number;
  };
  /** Accuracy of the cases kept when a fraction, most uncertain first, is set aside. */
  rejection: { fraction: number[]; by_total: number[]; by_epistemic: number[] };
  per_case: { total: number[]; aleatoric: number[]; epistemic: number[] };
}

export function predictiveUncertainty(
  draws: Draws,
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  classes: number,
): PredictiveUncertainty {
  const n = labels.length;
  const e = entropyDecomposition(draws, n, classes);
  const correct = Array.from({ length: n }, (_, i) => labels[i] === predictions[i]);
  const total = uncertaintyByCorrectness(correct, e.total);
  const epistemic = uncertaintyByCorrectness(correct, e.epistemic);
  const avg = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / n;
  const byTotal = accuracyRejection(correct, e.total);
  return {
    unit: 'nats',
    mean: { total: avg(e.total), aleatoric: avg(e.aleatoric), epistemic: avg(e.epistemic) },
    by_correctness: {
      correct: { cases: total.correct.cases, total: total.correct.mean, epistemic: epistemic.correct.mean },
      misclassified: {
        cases: total.misclassified.cases,
        total: total.misclassified.mean,
        epistemic: epistemic.misclassified.mean,
      },
      auc_total: total.auc,
      auc_epistemic: epistemic.auc,
    },
    rejection: {
      fraction: byTotal.fraction,
      by_total: byTotal.accuracy,
      by_epistemic: accuracyRejection(correct, e.epistemic).accuracy,
    },
    per_case: { total: Array.from(e.total), aleatoric: Array.from(e.aleatoric), epistemic: Array.from(e.epistemic) },
  };
}

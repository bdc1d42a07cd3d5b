// Total, aleatoric and epistemic entropy, the accuracy-rejection curve and the uncertainty of
// misclassified cases, against scipy and scikit-learn; and the decomposition's limiting cases.
import { describe, expect, it } from 'vitest';
import {
  accuracyRejection,
  argmaxClasses,
  entropyDecomposition,
  uncertaintyByCorrectness,
  type EntropyDecomposition,
} from '../../src/runtime/metrics/index.js';
import * as ref from './sklearn-reference.js';

function expectDecomposition(got: EntropyDecomposition, want: typeof ref.deck): void {
  for (const key of ['total', 'aleatoric', 'epistemic'] as const)
    got[key].forEach((v, i) => expect(v).toBeCloseTo(want[key][i], 12));
}

describe('the entropy of the predictions, split by source', () => {
  it('categorical draws, as scipy decomposes them', () => {
    expectDecomposition(
      entropyDecomposition(
        ref.dk.map((d) => d.flat()),
        8,
        3,
      ),
      ref.deck,
    );
  });

  it('binary draws of P(y = 1), as scipy decomposes them with their complements', () => {
    expectDecomposition(entropyDecomposition(ref.db, 8, 2), ref.decb);
  });

  it('draws that agree have no epistemic part; sure draws that disagree have nothing else', () => {
    const agree = entropyDecomposition([[0.5], [0.5]], 1, 2);
    expect([agree.total[0], agree.aleatoric[0], agree.epistemic[0]]).toEqual([Math.log(2), Math.log(2), 0]);
    const disagree = entropyDecomposition(
      [
        [0, 1, 0],
        [1, 0, 0],
      ],
      1,
      3,
    );
    expect([disagree.total[0], disagree.aleatoric[0], disagree.epistemic[0]]).toEqual([Math.log(2), 0, Math.log(2)]);
    expect(() => entropyDecomposition([[0.5, 0.5]], 1, 2)).toThrow(/draws of 2 values for 1 cases of 1/);
  });
});

describe('is the uncertainty of use', () => {
  const correct = Array.from(argmaxClasses(ref.pk.flat(), 30, 3), (k, i) => k === ref.yk[i]);

  it('the accuracy-rejection curve, most uncertain set aside first', () => {
    const curve = accuracyRejection(correct, ref.uk);
    expect(curve.fraction).toEqual(Array.from({ length: 20 }, (_, k) => k / 20));
    curve.accuracy.forEach((a, k) => expect(a).toBeCloseTo(ref.rejection[k], 12));
  });

  it('the uncertainty of the correct and the misclassified cases, and its ROC AUC as a detector of mistakes', () => {
    const u = uncertaintyByCorrectness(correct, ref.uk);
    expect(u.correct.cases + u.misclassified.cases).toBe(30);
    expect(u.correct.mean).toBeCloseTo(ref.rightMean, 12);
    expect(u.misclassified.mean).toBeCloseTo(ref.wrongMean, 12);
    expect(u.auc).toBeCloseTo(ref.wrongAuc, 12);
  });

  it('a perfect ranking keeps only correct cases once the mistakes are set aside', () => {
    const right = [true, true, false, true, false];
    const curve = accuracyRejection(right, [0.1, 0.2, 0.9, 0.3, 0.8], 5);
    expect(curve.accuracy).toEqual([3 / 5, 3 / 4, 1, 1, 1]);
    expect(uncertaintyByCorrectness(right, [0.1, 0.2, 0.9, 0.3, 0.8]).auc).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxClasses,
  binaryConfusion,
  bestThreshold,
  criterionValue,
  classificationReport,
  confusionMatrix,
  coverage,
  evaluateBinary,
  evaluateCategorical,
  evaluateReal,
  f1Curve,
  mae,
  predictAtThreshold,
  r2,
  rmse,
  rocAuc,
  rocCurve,
  summarizeDraws,
  splitDraws,
  summarizeParameter,
  thresholdGrid,
  weightedF1,
  type ClassificationReport,
} from '../../src/runtime/metrics/index.js';
import { Rng } from '../../src/runtime/rng.js';
import * as ref from './sklearn-reference.js';

function expectReport(got: ClassificationReport, want: typeof ref.report): void {
  expect(got.classes).toHaveLength(want.classes.length);
  const close = (a: { precision: number; recall: number; f1: number; support: number }, b: typeof a) => {
    expect(a.precision).toBeCloseTo(b.precision, 12);
    expect(a.recall).toBeCloseTo(b.recall, 12);
    expect(a.f1).toBeCloseTo(b.f1, 12);
    expect(a.support).toBe(b.support);
  };
  got.classes.forEach((c, k) => close(c, want.classes[k]));
  close(got.macro, want.macro);
  close(got.weighted, want.weighted);
  expect(got.accuracy).toBeCloseTo(want.accuracy, 12);
}

describe('binary metrics against scikit-learn', () => {
  const pred = predictAtThreshold(ref.s, 0.5);

  it('ROC AUC with tied scores', () => {
    expect(rocAuc(ref.y, ref.s)).toBeCloseTo(ref.auc, 12);
  });

  it('weighted F1, confusion matrix, classification report and accuracy at 0.5', () => {
    expect(weightedF1(ref.y, pred, 2)).toBeCloseTo(ref.weightedF1, 12);
    expect(binaryConfusion(ref.y, pred)).toEqual(ref.confusion);
    expect(confusionMatrix(ref.y, pred, 2)).toEqual([
      [ref.confusion.tn, ref.confusion.fp],
      [ref.confusion.fn, ref.confusion.tp],
    ]);
    expectReport(classificationReport(ref.y, pred, 2), ref.report);
    expect(accuracy(ref.y, pred)).toBeCloseTo(ref.report.accuracy, 12);
  });

  it('ROC curve points', () => {
    const c = rocCurve(ref.y, ref.s);
    expect(c.fpr).toHaveLength(ref.roc.fpr.length);
    c.fpr.forEach((v, i) => expect(v).toBeCloseTo(ref.roc.fpr[i], 12));
    c.tpr.forEach((v, i) => expect(v).toBeCloseTo(ref.roc.tpr[i], 12));
    expect(c.thresholds[0]).toBe(Infinity);
    expect(c.thresholds.slice(1)).toEqual(ref.roc.thresholds);
  });

  it('the best grid threshold breaks ties towards 0.5', () => {
    const grid = thresholdGrid();
    expect(grid).toHaveLength(99);
    expect(grid[6]).toBe(0.07);
    const choice = bestThreshold(ref.y, ref.s);
    expect(ref.best.tiedThresholds.length).toBeGreaterThan(1);
    expect(choice.threshold).toBe(Math.max(...ref.best.tiedThresholds));
    expect(choice.f1).toBeCloseTo(ref.best.f1, 12);
    expect(choice.f1At05).toBeCloseTo(ref.weightedF1, 12);
    const curve = f1Curve(ref.y, ref.s);
    expect(Math.max(...curve.f1)).toBeCloseTo(ref.best.f1, 12);
  });

  it('picks the lower of two thresholds equally far from 0.5', () => {
    // F1 is 1 for every grid threshold in (0.4, 0.6], so 0.5 wins; for (0.2, 0.3], 0.3; 0.46 and 0.54 tie.
    expect(bestThreshold([0, 1], [0.4, 0.6]).threshold).toBe(0.5);
    expect(bestThreshold([0, 1], [0.2, 0.3]).threshold).toBe(0.3);
    expect(bestThreshold([0, 0, 1, 1], [0.45, 0.45, 0.55, 0.55], [0.3, 0.46, 0.54, 0.7]).threshold).toBe(0.46);
  });

  it("maximizes accuracy or Youden's J when asked, by brute force over the grid", () => {
    // Imbalanced: 2 positives in 10. Accuracy prefers a high threshold; Youden's J weighs both classes' recall.
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const s = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.38, 0.39, 0.35, 0.9];
    const grid = thresholdGrid();
    for (const criterion of ['accuracy', 'youden'] as const) {
      const values = grid.map((t) => criterionValue(criterion, y, predictAtThreshold(s, t)));
      const best = Math.max(...values);
      const t = bestThreshold(y, s, grid, criterion).threshold;
      expect(criterionValue(criterion, y, predictAtThreshold(s, t))).toBeCloseTo(best, 12);
    }
    expect(bestThreshold(y, s, grid, 'youden').threshold).toBeLessThanOrEqual(0.35);
    expect(bestThreshold(y, s, grid, 'accuracy').threshold).toBeGreaterThan(0.39);
    // J of a perfect classifier is 1, of a constant one 0.
    expect(criterionValue('youden', [0, 1], [0, 1])).toBe(1);
    expect(criterionValue('youden', [0, 1], [1, 1])).toBe(0);
  });

  it('AUC is 0.5 for constant scores and NaN with one class', () => {
    expect(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(rocAuc([1, 1], [0.2, 0.9])).toBeNaN();
  });
});

describe('categorical metrics against scikit-learn', () => {
  it('classification report and confusion matrix', () => {
    expectReport(classificationReport(ref.yc, ref.pc, 3), ref.reportC);
    expect(confusionMatrix(ref.yc, ref.pc, 3)).toEqual(ref.confusionC);
  });

  it('zero division gives 0, as zero_division=0', () => {
    expectReport(classificationReport(ref.yc, ref.pc4, 4), ref.reportC4);
  });

  it('rejects a label outside the classes', () => {
    expect(() => classificationReport([0, 3], [0, 1], 3)).toThrow(/not a class 0\.\.2/);
  });
});

describe('regression metrics against scikit-learn / numpy', () => {
  it('RMSE, MAE and R²', () => {
    expect(rmse(ref.yr, ref.pr)).toBeCloseTo(ref.rmse, 12);
    expect(mae(ref.yr, ref.pr)).toBeCloseTo(ref.mae, 12);
    expect(r2(ref.yr, ref.pr)).toBeCloseTo(ref.r2, 12);
    expect(r2([2, 2], [2, 2])).toBe(1);
    expect(r2([2, 2], [1, 2])).toBe(0);
  });

  it('per-entry sd and 95% interval over draws, as numpy.std and numpy.percentile', () => {
    const sum = summarizeDraws(ref.draws);
    for (let i = 0; i < 3; i++) {
      expect(sum.sd[i]).toBeCloseTo(ref.std[i], 12);
      expect(sum.lo[i]).toBeCloseTo(ref.p025[i], 12);
      expect(sum.hi[i]).toBeCloseTo(ref.p975[i], 12);
      expect(sum.mean[i]).toBeCloseTo(ref.draws.reduce((a, d) => a + d[i], 0) / ref.draws.length, 12);
    }
  });
});

describe('evaluation bundles', () => {
  it('evaluateBinary classifies by the mean over draws', () => {
    // Two draws whose mean is the reference scores.
    const d1 = ref.s.map((v) => v - 0.005);
    const d2 = ref.s.map((v) => v + 0.005);
    const e = evaluateBinary(ref.y, [d1, d2], 0.5);
    expect(e.auc).toBeCloseTo(ref.auc, 12);
    expect(e.f1).toBeCloseTo(ref.weightedF1, 12);
    expect(e.confusion).toEqual(ref.confusion);
    expect(e.perCase.sd[0]).toBeCloseTo(0.005, 12);
    const best = evaluateBinary(ref.y, [d1, d2], 'maximize');
    expect(best.threshold).toBe(0.36);
    expect(best.f1).toBeCloseTo(ref.best.f1, 12);
    expect(best.f1At05).toBeCloseTo(ref.weightedF1, 12);
  });

  it('evaluateCategorical takes the argmax of the mean probabilities', () => {
    const draw1 = [0.6, 0.3, 0.1, 0.2, 0.3, 0.5];
    const draw2 = [0.2, 0.5, 0.3, 0.2, 0.3, 0.5];
    const e = evaluateCategorical([1, 2], [draw1, draw2], 3);
    expect(Array.from(e.predictions)).toEqual([0, 2]); // mean row 0: 0.4, 0.4, 0.2 → first max
    expect(Array.from(argmaxClasses(draw2, 2, 3))).toEqual([1, 2]);
    expect(e.accuracy).toBe(0.5);
    expect(e.confusion).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(e.sdProbs[0]).toBeCloseTo(0.2, 12);
  });

  it('evaluateReal reports coverage of the central 95% interval, predictive and of the mean', () => {
    const draws = Array.from({ length: 41 }, (_, k) => [k / 40, 10 + k / 40]);
    const noiseless = evaluateReal(
      [0.5, 20],
      draws,
      draws.map(() => [0, 0]),
      new Rng(1),
    );
    expect(noiseless.perCase.mean[0]).toBeCloseTo(0.5, 12);
    expect(noiseless.coverage95).toBe(0.5);
    expect(noiseless.coverage95Mean).toBe(0.5);
    // Noise of sd 10 puts 20 inside the predictive interval of the second case, not in its mean's.
    const noisy = evaluateReal(
      [0.5, 20],
      draws,
      draws.map(() => [10, 10]),
      new Rng(1),
    );
    expect(noisy.sigma[1]).toBe(10);
    expect(noisy.coverage95).toBe(1);
    expect(noisy.coverage95Mean).toBe(0.5);
    expect(coverage([1, 2], [0, 3], [1, 4])).toBe(0.5);
  });

  it('summarizes a parameter from its draws', () => {
    const s = summarizeParameter(
      [
        [1, 2, 3, 4],
        [3, 2, 1, 0],
      ],
      [2, 2],
    );
    expect(s).toEqual({ shape: [2, 2], mean: [2, 2, 2, 2], sd: [1, 0, 1, 2] });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(() => summarizeParameter([[1, 2, 3]], [2, 2])).toThrow(/shape \[2, 2\] has 4/);
    const flat = Float32Array.from([1, 2, 3, 4, 3, 2, 1, 0]);
    expect(summarizeParameter(splitDraws(flat, 4), [4])).toMatchObject({ mean: [2, 2, 2, 2], sd: [1, 0, 1, 2] });
    expect(() => splitDraws(flat, 3)).toThrow(/do not split/);
  });
});

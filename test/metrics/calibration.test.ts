// Log loss, Brier score and the reliability bins (with ECE) against scikit-learn's values.
import { describe, expect, it } from 'vitest';
import {
  brierScore,
  logLoss,
  probabilityScores,
  reliability,
  type Reliability,
} from '../../src/runtime/metrics/index.js';
import * as ref from './sklearn-reference.js';

/** sklearn leaves empty bins out of confidence and observed; ours keeps them as NaN. */
function expectBins(got: Reliability, want: typeof ref.rel): void {
  expect(got.count).toEqual(want.count);
  const filled = (xs: number[]) => xs.filter((_, b) => got.count[b] > 0);
  filled(got.confidence).forEach((c, j) => expect(c).toBeCloseTo(want.confidence[j], 12));
  filled(got.observed).forEach((o, j) => expect(o).toBeCloseTo(want.observed[j], 12));
  expect(got.confidence.filter((_, b) => got.count[b] === 0).every(Number.isNaN)).toBe(true);
  expect(got.ece).toBeCloseTo(want.ece, 12);
  expect(got.lo[3]).toBe(got.hi[2]);
  expect(got.hi[9]).toBe(1);
}

describe('scores of probabilities against scikit-learn', () => {
  it('binary: log loss with a clipped sure mistake, Brier score, reliability of P(y = 1)', () => {
    expect(logLoss(ref.y, ref.sc, 2)).toBeCloseTo(ref.nll, 12);
    expect(brierScore(ref.y, ref.sc, 2)).toBeCloseTo(ref.brier, 12);
    const r = reliability(ref.y, ref.sc, 2);
    expect(r.of).toBe('y = 1');
    expectBins(r, ref.rel);
  });

  it('categorical: log loss with a zero probability, multiclass Brier score, reliability of the predicted class', () => {
    const flat = ref.pk.flat();
    expect(logLoss(ref.yk, flat, 3)).toBeCloseTo(ref.nllk, 12);
    expect(brierScore(ref.yk, flat, 3)).toBeCloseTo(ref.brierk, 12);
    const r = reliability(ref.yk, flat, 3);
    expect(r.of).toBe('the predicted class');
    expectBins(r, ref.relk);
  });

  it('probabilityScores gathers the three', () => {
    const s = probabilityScores(ref.y, ref.sc, 2);
    expect([s.nll, s.brier, s.ece]).toEqual([
      logLoss(ref.y, ref.sc, 2),
      brierScore(ref.y, ref.sc, 2),
      s.reliability.ece,
    ]);
  });

  it('a perfectly calibrated forecaster has ECE 0, and a constant wrong one its full error', () => {
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    expect(reliability(labels, new Array(8).fill(0.5), 2).ece).toBe(0);
    expect(reliability(labels, new Array(8).fill(0.9), 2).ece).toBeCloseTo(0.4, 12);
    expect(() => logLoss([0, 1], [0.5], 2)).toThrow(/2 labels but 1 probabilities/);
  });
});

// Posterior predictive draws of a Normal likelihood: the mean plus sigma times a seeded N(0, 1).
import { describe, expect, it } from 'vitest';
import { meanSd, normalPredictiveDraws, summarizeDraws } from '../../src/runtime/metrics/index.js';
import { Rng } from '../../src/runtime/rng.js';

describe('normalPredictiveDraws', () => {
  const S = 4000;
  const mean = Array.from({ length: S }, () => [1, -3]);
  const sigma = Array.from({ length: S }, () => [2, 0]);

  it('spreads each case by its own sigma around its mean', () => {
    const y = normalPredictiveDraws(mean, sigma, new Rng(7).fork('predictive'));
    const { mean: m, sd } = meanSd(y);
    // Monte-Carlo sds of the sample mean and sd: 2/√S ≈ 0.032 and 2/√(2S) ≈ 0.022; 4 of each.
    expect(Math.abs(m[0] - 1)).toBeLessThan(4 * (2 / Math.sqrt(S)));
    expect(Math.abs(sd[0] - 2)).toBeLessThan(4 * (2 / Math.sqrt(2 * S)));
    // The 97.5th percentile of N(1, 2²) is 1 + 1.96·2; its Monte-Carlo sd is about 0.1 at S = 4000.
    expect(Math.abs(summarizeDraws(y).hi[0] - (1 + 1.96 * 2))).toBeLessThan(0.4);
    expect(y.every((d) => d[1] === -3)).toBe(true);
  });

  it('gives the same draws from the same stream', () => {
    const a = normalPredictiveDraws(mean.slice(0, 5), sigma.slice(0, 5), new Rng(7).fork('predictive'));
    const b = normalPredictiveDraws(mean.slice(0, 5), sigma.slice(0, 5), new Rng(7).fork('predictive'));
    expect(a).toEqual(b);
    expect(() => normalPredictiveDraws(mean.slice(0, 5), sigma.slice(0, 4), new Rng(7))).toThrow(/sigma has 4 draws/);
  });
});

// PSIS against R's loo package (fixtures/make.R), and k̂ on Normal targets whose truth is known:
// for target N(0, 1) and proposal N(0, σ²) the weights' tail index is 1 − σ² (σ < 1), and a
// proposal wider than the target has bounded weights.
import { describe, expect, it } from 'vitest';
import { gpdFit, psis } from '../../src/runtime/diagnostics/index.js';
import { Rng } from '../../src/runtime/rng.js';
import { readFixture } from './fixtures.js';

describe('against the loo package', () => {
  for (const name of ['psis_moderate', 'psis_heavy', 'psis_small']) {
    it(name, () => {
      const f = readFixture(name);
      const r = psis(f.rows.map((row) => row[0]));
      expect(Math.abs(r.khat - f.values.khat) / Math.abs(f.values.khat)).toBeLessThan(1e-3);
      r.logWeights.forEach((w, i) => expect(Math.abs(w - f.rows[i][1])).toBeLessThan(1e-9));
    });
  }
});

const logNormal = (x: number, sd: number) => -0.5 * (x / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);

/** Log ratios of target N(0, I_d) to proposal N(0, σ² I_d) at draws from the proposal. */
function logRatios(rng: Rng, proposalSd: number, S: number, d = 1): Float64Array {
  return Float64Array.from({ length: S }, () => {
    let lr = 0;
    for (let i = 0; i < d; i++) {
      const x = rng.normal(0, proposalSd);
      lr += logNormal(x, 1) - logNormal(x, proposalSd);
    }
    return lr;
  });
}

describe('k̂ on Normal targets', () => {
  it('a proposal wider than the target: k̂ < 0.5', () => {
    const rng = new Rng(21);
    for (let rep = 0; rep < 5; rep++) {
      expect(psis(logRatios(rng, 1.5, 2000)).khat).toBeLessThan(0.5);
      expect(psis(logRatios(rng, 1.5, 2000, 10)).khat).toBeLessThan(0.5);
    }
  });

  it('a much narrower proposal: k̂ > 0.7', () => {
    const rng = new Rng(22);
    // In 10 dimensions with σ = 0.3 the finite-sample k̂ is far above 0.7 every time.
    for (let rep = 0; rep < 5; rep++) expect(psis(logRatios(rng, 0.3, 2000, 10)).khat).toBeGreaterThan(0.7);
    // In 1 dimension (tail index 1 − 0.1² = 0.99) single estimates scatter by ±0.15: their mean.
    let sum = 0;
    for (let rep = 0; rep < 10; rep++) sum += psis(logRatios(rng, 0.1, 2000)).khat;
    expect(sum / 10).toBeGreaterThan(0.7);
  });

  it('the smoothed weights keep the order and the largest raw weight bounds them', () => {
    const rng = new Rng(23);
    const lr = logRatios(rng, 0.5, 1000);
    const r = psis(lr);
    const max = Math.max(...lr);
    for (const w of r.logWeights) expect(w).toBeLessThanOrEqual(max);
    const order = Array.from(lr.keys()).sort((a, b) => lr[a] - lr[b]);
    for (let i = 1; i < order.length; i++)
      expect(r.logWeights[order[i]]).toBeGreaterThanOrEqual(r.logWeights[order[i - 1]] - 1e-12);
    expect(r.tailLength).toBe(Math.ceil(3 * Math.sqrt(1000)));
  });

  it('equal log ratios: nothing to smooth, k̂ = −∞; too few draws for a tail: k̂ = +∞', () => {
    expect(psis(new Float64Array(100).fill(-3)).khat).toBe(-Infinity);
    expect(psis([0.1, 0.5, 0.2, 0.9, 0.3]).khat).toBe(Infinity);
    expect(psis([0.1, Infinity, ...new Array(100).fill(0)]).khat).toBe(Infinity);
    expect(psis(new Array(100).fill(-Infinity)).khat).toBe(Infinity);
    // A few draws of zero weight do not stop the fit of the tail.
    const lr = logRatios(new Rng(25), 1.5, 1000);
    lr[3] = -Infinity;
    expect(psis(lr).khat).toBeLessThan(0.5);
  });

  it('the GPD fit recovers a known shape', () => {
    const rng = new Rng(24);
    const k = 0.6;
    const x = Float64Array.from({ length: 5000 }, () => (Math.pow(1 - rng.next(), -k) - 1) / k).sort();
    expect(Math.abs(gpdFit(x).k - k)).toBeLessThan(0.06);
  });
});

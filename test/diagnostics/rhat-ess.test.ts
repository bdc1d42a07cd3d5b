// R-hat and ESS against R's posterior package (fixtures/make.R), and properties with known truth.
import { describe, expect, it } from 'vitest';
import {
  essBasic,
  essBulk,
  essQuantile,
  essTail,
  rhat,
  rhatBasic,
  summarizeMixing,
} from '../../src/runtime/diagnostics/index.js';
import { Rng } from '../../src/runtime/rng.js';
import { chainsOf, readFixture } from './fixtures.js';

const CASES = ['iid', 'ar1', 'shifted', 'cauchy', 'ties'];

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('against the posterior package', () => {
  for (const name of CASES) {
    it(name, () => {
      const f = readFixture(name);
      const chains = chainsOf(f);
      const v = f.values;
      expect(Math.abs(rhat(chains) - v.rhat)).toBeLessThan(1e-6);
      expect(Math.abs(rhatBasic(chains) - v.rhat_basic)).toBeLessThan(1e-6);
      expect(relErr(essBulk(chains), v.ess_bulk)).toBeLessThan(1e-3);
      expect(relErr(essTail(chains), v.ess_tail)).toBeLessThan(1e-3);
      expect(relErr(essQuantile(chains, 0.05), v.ess_q05)).toBeLessThan(1e-3);
      expect(relErr(essQuantile(chains, 0.95), v.ess_q95)).toBeLessThan(1e-3);
      expect(relErr(essBasic(chains), v.ess_basic)).toBeLessThan(1e-3);
    });
  }
});

function iidChains(rng: Rng, m: number, n: number, shift: (j: number) => number = () => 0): Float64Array[] {
  return Array.from({ length: m }, (_, j) => Float64Array.from({ length: n }, () => rng.normal(shift(j))));
}

function ar1Chains(rng: Rng, m: number, n: number, rho: number): Float64Array[] {
  return Array.from({ length: m }, () => {
    const c = new Float64Array(n);
    c[0] = rng.normal() / Math.sqrt(1 - rho * rho);
    for (let i = 1; i < n; i++) c[i] = rho * c[i - 1] + rng.normal();
    return c;
  });
}

describe('properties', () => {
  it('iid chains: R-hat below 1.01, bulk and tail ESS near the number of draws', () => {
    const rng = new Rng(11);
    for (let rep = 0; rep < 5; rep++) {
      const s = summarizeMixing(iidChains(rng, 4, 1000));
      expect(s.rhat).toBeLessThan(1.01);
      expect(s.rhat).toBeGreaterThan(0.99);
      // The ESS estimate of 4000 independent draws has a relative sd of about 5%.
      expect(Math.abs(s.essBulk - 4000) / 4000).toBeLessThan(0.2);
      expect(Math.abs(s.essTail - 4000) / 4000).toBeLessThan(0.3);
    }
  });

  it('AR(1) chains with ρ = 0.9: ESS near N(1 − ρ)/(1 + ρ)', () => {
    const rng = new Rng(12);
    const rho = 0.9;
    const expected = (4 * 2000 * (1 - rho)) / (1 + rho); // 421
    const est: number[] = [];
    for (let rep = 0; rep < 10; rep++) est.push(essBulk(ar1Chains(rng, 4, 2000, rho)));
    const mean = est.reduce((a, b) => a + b, 0) / est.length;
    // One estimate's sd is about 10% of the ESS here; the mean of 10 within 3 of its sds.
    expect(Math.abs(mean - expected) / expected).toBeLessThan(0.1);
    for (const e of est) expect(Math.abs(e - expected) / expected).toBeLessThan(0.35);
    // ρ = 0.99 is much less efficient than ρ = 0.5.
    expect(essBulk(ar1Chains(rng, 4, 2000, 0.99))).toBeLessThan(essBulk(ar1Chains(rng, 4, 2000, 0.5)) / 10);
  });

  it('a chain with a shifted mean: R-hat above 1.1', () => {
    const rng = new Rng(13);
    for (let rep = 0; rep < 5; rep++)
      expect(rhat(iidChains(rng, 4, 1000, (j) => (j === 3 ? 1.5 : 0)))).toBeGreaterThan(1.1);
    // A chain with a different scale only: the folded (tail) R-hat sees it.
    const chains = iidChains(rng, 4, 1000).map((c, j) => (j === 0 ? c.map((v) => 3 * v) : c));
    expect(rhat(chains)).toBeGreaterThan(1.1);
  });

  it('a chain stuck in a trend is not mixed, however long', () => {
    const rng = new Rng(14);
    const chains = iidChains(rng, 4, 1000).map((c) => c.map((v, i) => v + (3 * i) / 1000));
    expect(rhat(chains)).toBeGreaterThan(1.1);
  });

  it('NaN for constant or non-finite draws', () => {
    const c = [new Float64Array(100).fill(2), new Float64Array(100).fill(2)];
    expect(rhat(c)).toBeNaN();
    expect(essBulk(c)).toBeNaN();
    expect(essTail([Float64Array.from({ length: 100 }, (_, i) => (i === 5 ? Infinity : i))])).toBeNaN();
  });

  it('4 chains × 1000 draws × 500 quantities in well under the test budget', () => {
    const rng = new Rng(15);
    const chains = iidChains(rng, 4, 1000);
    const t0 = performance.now();
    for (let q = 0; q < 20; q++) summarizeMixing(chains);
    const perQuantity = (performance.now() - t0) / 20;
    expect(perQuantity * 500).toBeLessThan(20_000);
    console.log(`summarizeMixing: ${perQuantity.toFixed(2)} ms per quantity (4 × 1000 draws)`);
  });
});

describe('summarizeMixing', () => {
  it('agrees with the separate functions', () => {
    for (const name of CASES) {
      const chains = chainsOf(readFixture(name));
      expect(summarizeMixing(chains)).toEqual({
        rhat: rhat(chains),
        essBulk: essBulk(chains),
        essTail: essTail(chains),
      });
    }
    const constant = [new Float64Array(10).fill(1), new Float64Array(10).fill(1)];
    expect(summarizeMixing(constant)).toEqual({ rhat: NaN, essBulk: NaN, essTail: NaN });
  });
});

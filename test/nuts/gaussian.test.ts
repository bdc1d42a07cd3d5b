// NUTS on a 100-dimensional correlated Gaussian: AR(1) correlation ρ = 0.7 between neighbours,
// marginal scales log-spaced from 0.1 to 10 in shuffled order (a spread of 10⁴ in variance that
// only the adapted metric removes). Its precision is tridiagonal, so the gradient costs O(D).
import { beforeAll, describe, expect, it } from 'vitest';
import { runChain, type ChainResult } from '../../src/runtime/nuts/chain.js';
import { Rng } from '../../src/runtime/rng.js';
import { columns, ess, meanWithError, splitRhat } from './helpers.js';

const D = 100;
const RHO = 0.7;

function ar1Gaussian(scales: Float64Array) {
  const z = new Float64Array(D);
  const c = 1 / (1 - RHO * RHO);
  return (q: Float64Array, grad: Float64Array): number => {
    for (let i = 0; i < D; i++) z[i] = q[i] / scales[i];
    let lp = 0;
    for (let i = 0; i < D; i++) {
      // (R⁻¹z)ᵢ for the AR(1) correlation R: diagonal 1 at the ends, 1 + ρ² inside, −ρ beside.
      const diag = i === 0 || i === D - 1 ? 1 : 1 + RHO * RHO;
      let r = diag * z[i];
      if (i > 0) r -= RHO * z[i - 1];
      if (i < D - 1) r -= RHO * z[i + 1];
      r *= c;
      lp -= 0.5 * z[i] * r;
      grad[i] = -r / scales[i];
    }
    return lp;
  };
}

describe('NUTS on a 100-dimensional correlated Gaussian', () => {
  const rng = new Rng(100);
  const scales = Float64Array.from({ length: D }, (_, i) => 0.1 * Math.pow(100, i / (D - 1)));
  rng.shuffle(scales);
  const draws = 1000;
  let chains: ChainResult[] = [];
  beforeAll(() => {
    chains = [0, 1, 2, 3].map((c) =>
      runChain(
        ar1Gaussian(scales),
        D,
        { warmup: 1000, draws, maxDepth: 10, targetAccept: 0.8, thin: 1 },
        new Rng(5, `chain/${c}`),
      ),
    );
  });

  it('mixes: split R-hat < 1.01 and ESS ≥ 25% of the draws in every coordinate', () => {
    let worstRhat = 0;
    let worstEss = Infinity;
    for (let i = 0; i < D; i++) {
      const x = columns(chains, i);
      worstRhat = Math.max(worstRhat, splitRhat(x));
      worstEss = Math.min(worstEss, ess(x));
    }
    expect(worstRhat).toBeLessThan(1.01);
    expect(worstEss).toBeGreaterThan(0.25 * 4 * draws);
  });

  it('centres every coordinate on 0 within 4 Monte-Carlo standard errors (sd/√ESS)', () => {
    for (let i = 0; i < D; i++) {
      const m = meanWithError(columns(chains, i));
      expect(Math.abs(m.mean), `θ[${i}] (scale ${scales[i].toFixed(3)}): ${m.mean} ± ${m.mcse}`).toBeLessThan(
        4 * m.mcse,
      );
    }
  });

  it('adapts the inverse metric to the marginal variances', () => {
    // The last metric window of a 1000-iteration warmup holds 500 draws; with an ESS of at least
    // 150 of them a variance estimate is off by a relative sd of √(2/150) ≈ 0.12, so within
    // a factor e^(±4·0.12) ≈ [0.6, 1.6] of the truth.
    for (const c of chains) {
      for (let i = 0; i < D; i++) {
        const ratio = c.invMetric[i] / scales[i] ** 2;
        expect(ratio, `invMetric[${i}] / variance`).toBeGreaterThan(0.6);
        expect(ratio, `invMetric[${i}] / variance`).toBeLessThan(1.6);
      }
    }
  });
});

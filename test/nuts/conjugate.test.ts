// NUTS through the whole compiled path (.bnn source → IR → float64 executor → fitNUTS) on a
// model whose posterior is known in closed form: linear regression with a known noise scale
// and Normal priors has a Normal posterior, precision Λ = P₀ + AᵀA/σ², mean
// Λ⁻¹(P₀m₀ + Aᵀy/σ²), A the design matrix [x, 1].
//
// Tolerance: each posterior mean and variance must lie within 4 Monte-Carlo standard errors of
// the exact value, MCSE = sd/√ESS with the ESS of the draws (for the variance: of the squared
// deviations), so a correct sampler fails a coordinate with probability ≈ 6e-5.
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { fitNUTS } from '../../src/runtime/nuts/fit.js';
import { Rng } from '../../src/runtime/rng.js';
import { columns, meanWithError, varianceWithError } from './helpers.js';
import { LINEAR_KNOWN_NOISE, lowerSource } from './source.js';

const SIGMA = 0.5;
const PRIOR_MEAN = [0, 0, 1];
const PRIOR_SD = [1, 1, 2];

/** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan elimination. */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}

describe('NUTS on a conjugate Normal model, from .bnn source', () => {
  it('recovers the exact posterior mean and variance of each coefficient within Monte-Carlo error', async () => {
    const n = 30;
    const rng = new Rng(42);
    const x = Float32Array.from({ length: 2 * n }, () => rng.normal());
    const y = Float32Array.from(
      { length: n },
      (_, i) => 0.8 * x[2 * i] - 0.5 * x[2 * i + 1] + 0.3 + SIGMA * rng.normal(),
    );

    // Λ and the posterior mean, over θ = (w₁, w₂, b).
    const A = (i: number) => [x[2 * i], x[2 * i + 1], 1];
    const prec = PRIOR_SD.map((s, i) => PRIOR_SD.map((_, j) => (i === j ? 1 / (s * s) : 0)));
    const rhs = PRIOR_MEAN.map((m, i) => m / PRIOR_SD[i] ** 2);
    for (let r = 0; r < n; r++) {
      const a = A(r);
      for (let i = 0; i < 3; i++) {
        rhs[i] += (a[i] * y[r]) / SIGMA ** 2;
        for (let j = 0; j < 3; j++) prec[i][j] += (a[i] * a[j]) / SIGMA ** 2;
      }
    }
    const cov = invert(prec);
    const postMean = cov.map((row) => row.reduce((s, v, j) => s + v * rhs[j], 0));

    const ir = lowerSource(LINEAR_KNOWN_NOISE);
    const cm = await compileModel(ir, { backend: 'js' });
    const fit = await fitNUTS(
      cm,
      { n, features: { x }, widths: { x: 2 }, target: y },
      { chains: 4, warmup: 500, draws: 1000, maxDepth: 10, targetAccept: 0.8, thin: 1, seed: 7 },
      { workers: 0 },
    );
    cm.dispose();

    const offset = (name: string) => fit.params.find((p) => p.name === name)!.offset;
    const index = [offset('w'), offset('w') + 1, offset('b')];
    for (let k = 0; k < 3; k++) {
      const draws = columns(fit.chains, index[k]);
      const m = meanWithError(draws);
      const v = varianceWithError(draws);
      // ESS well above a few hundred: the errors below are then meaningful.
      expect(m.ess, `θ[${k}] ESS`).toBeGreaterThan(1000);
      expect(Math.abs(m.mean - postMean[k]), `θ[${k}] mean ${m.mean} vs ${postMean[k]} (MCSE ${m.mcse})`).toBeLessThan(
        4 * m.mcse,
      );
      expect(
        Math.abs(v.variance - cov[k][k]),
        `θ[${k}] variance ${v.variance} vs ${cov[k][k]} (MCSE ${v.mcse})`,
      ).toBeLessThan(4 * v.mcse);
    }
    expect(fit.chains.reduce((s, c) => s + c.stats.divergent.reduce((a, d) => a + d, 0), 0)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { buildLayout } from '../../src/compiler/layout.js';
import { normalKL } from '../../src/runtime/vi/kl.js';
import { MeanFieldGuide, softplus } from '../../src/runtime/vi/guide.js';
import { Rng } from '../../src/runtime/rng.js';
import { makeIR, mm, p, param, x } from '../compiler/models.js';

describe('analytic Normal KL', () => {
  it.each([
    [0, 1, 0, 1],
    [0.3, 0.2, 0, 1],
    [-1.5, 2, 0.5, 3],
    [2, 0.05, -1, 0.5],
  ])('KL(N(%f, %f) || N(%f, %f)) matches Monte Carlo', (m, s, mu, sigma) => {
    const [kl] = normalKL(m, s, mu, sigma);
    const r = new Rng(7);
    const n = 200_000;
    let acc = 0;
    let acc2 = 0;
    for (let i = 0; i < n; i++) {
      const e = r.normal();
      const z = m + s * e;
      // log q(z) − log p(z)
      const d = -Math.log(s) - 0.5 * e * e + Math.log(sigma) + 0.5 * ((z - mu) / sigma) ** 2;
      acc += d;
      acc2 += d * d;
    }
    const mc = acc / n;
    const se = Math.sqrt((acc2 / n - mc * mc) / n);
    expect(Math.abs(kl - mc)).toBeLessThan(4 * se + 1e-9);
    expect(kl).toBeGreaterThanOrEqual(0);
  });

  it('has the right derivatives', () => {
    const [, dm, ds] = normalKL(0.4, 0.3, -0.2, 1.5);
    const h = 1e-6;
    expect(dm).toBeCloseTo((normalKL(0.4 + h, 0.3, -0.2, 1.5)[0] - normalKL(0.4 - h, 0.3, -0.2, 1.5)[0]) / (2 * h), 6);
    expect(ds).toBeCloseTo((normalKL(0.4, 0.3 + h, -0.2, 1.5)[0] - normalKL(0.4, 0.3 - h, -0.2, 1.5)[0]) / (2 * h), 6);
  });

  it('is used for Normal and LogNormal priors only', () => {
    const ir = makeIR({
      params: [
        param('w', [3], { dist: 'Normal', mu: 1, sigma: 2 }),
        param('l', [2], { dist: 'Laplace', mu: 0, b: 1 }),
        param('a', [], { dist: 'LogNormal', mu: 0.5, sigma: 0.3 }),
        param('s', [], { dist: 'HalfNormal', sigma: 1 }),
      ],
      likelihood: { dist: 'Normal', mean: mm(x(), p('w')), sigma: p('s') },
    });
    const layout = buildLayout(ir);
    const g = new MeanFieldGuide(layout);
    expect([...g.analyticSlots].sort()).toEqual(['a', 'w']);
    expect(g.hasMonteCarloKL).toBe(true);
    g.initialize(layout, new Rng(1));
    const sd = g.scale();
    let want = 0;
    for (let i = 0; i < 3; i++) want += normalKL(g.loc[i], softplus(g.rho[i]), 1, 2)[0];
    want += normalKL(g.loc[5], softplus(g.rho[5]), 0.5, 0.3)[0];
    expect(g.analyticKL(sd)).toBeCloseTo(want, 10);
  });
});

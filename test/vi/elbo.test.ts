// The ELBO's gradient in the packed [loc, rho] vector against central differences at fixed ε,
// with analytic (Normal, LogNormal) and Monte-Carlo (Laplace, HalfNormal, StudentT) KL parts
// and a minibatch scale.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { elboAndGrad } from '../../src/runtime/vi/elbo.js';
import { MeanFieldGuide } from '../../src/runtime/vi/guide.js';
import { Rng } from '../../src/runtime/rng.js';
import { act, add, makeIR, mm, mul, p, param, randomFeatures, x } from '../compiler/models.js';

describe('elboAndGrad', () => {
  it('matches central differences of the ELBO', async () => {
    const ir = makeIR({
      params: [
        param('W', [3, 2]),
        param('b', [2], { dist: 'Laplace', mu: 0, b: 0.5 }),
        param('v', [2], { dist: 'StudentT', nu: 4, mu: 0, sigma: 1 }),
        param('a', [], { dist: 'LogNormal', mu: 0, sigma: 0.5 }),
        param('s', [], { dist: 'HalfNormal', sigma: 1 }),
      ],
      likelihood: {
        dist: 'Normal',
        mean: mul(p('a'), mm(act('tanh', add(mm(x(), p('W')), p('b'))), p('v'))),
        sigma: p('s'),
      },
    });
    const rng = new Rng(21);
    const f = randomFeatures(10, { x: 3 }, rng);
    const data = { ...f, target: Float32Array.from({ length: 10 }, () => rng.normal()) };
    const cm = await compileModel(ir, { backend: 'cpu' });
    const guide = new MeanFieldGuide(cm.layout);
    guide.initialize(cm.layout, rng);
    for (let i = 0; i < cm.dim; i++) guide.rho[i] = -1 + 0.3 * rng.normal();
    const S = 2;
    const eps = rng.fillNormal(new Float64Array(S * cm.dim));
    const bound = cm.bind(data);
    const scale = 3; // as if these 10 rows were a batch of 30
    const grad = new Float64Array(2 * cm.dim);
    const v0 = elboAndGrad(cm, guide, eps, S, bound, scale, grad);
    expect(v0.elbo).toBeCloseTo(v0.loglik - v0.kl, 8);
    const scratch = new Float64Array(2 * cm.dim);
    const h = 2e-3;
    for (let i = 0; i < 2 * cm.dim; i++) {
      const x0 = guide.packed[i];
      guide.packed[i] = x0 + h;
      const up = elboAndGrad(cm, guide, eps, S, bound, scale, scratch).elbo;
      guide.packed[i] = x0 - h;
      const dn = elboAndGrad(cm, guide, eps, S, bound, scale, scratch).elbo;
      guide.packed[i] = x0;
      // grad is of −ELBO
      const fd = -(up - dn) / (2 * h);
      expect(Math.abs(grad[i] - fd), `entry ${i}: ${grad[i]} vs ${fd}`).toBeLessThan(1e-2 * (1 + Math.abs(fd)));
    }
    bound.dispose();
    cm.dispose();
  });
});

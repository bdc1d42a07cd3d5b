// A hierarchical network: a shared scale tau with W0 ~ Normal(0, tau), compiled non-centred.
// It checks with no warning, fits data generated from known weights, and `weights W0` and
// `prior_posterior W0` report W0 itself (θ = tau · z), not the stored coordinate z.
import { afterAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/front-end.js';
import { fitText, generatedCsv, modelText, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const W = [1.2, -0.6, 0.9];

const text = modelText(
  'hierarchical',
  'out : real',
  `  tau ~ HalfNormal(1)
  W0 : [3, 1] ~ Normal(0, tau)
  b0 ~ Normal(0, 1 / sqrt(4))
  sigma ~ HalfNormal(1)`,
  '  y ~ Normal(x @ W0 + b0, sigma)',
  `evaluate train {
  draws 400
  weights W0
  prior_posterior W0, tau
}`,
);

describe('a hierarchical prior', () => {
  it('checks with no diagnostic: tau is used by the prior of W0', () => {
    expect(checkSource(text, 'm.bnn').diagnostics.map((d) => d.message)).toEqual([]);
  });

  it('recovers the weights, and reports W0 on its own scale', async () => {
    const csv = generatedCsv(400, 21, (a, b, c, rng) => W[0] * a + W[1] * b + W[2] * c + 0.3 + 0.3 * rng.normal());
    const run = await fitText(text, csv);
    const w = run.results.weights!.W0;
    const means = w.mean;
    const sds = w.sd;
    W.forEach((t, i) =>
      expect(Math.abs(means[i] - t), `W0[${i}] = ${means[i]} ± ${sds[i]}`).toBeLessThan(3 * sds[i] + 0.05),
    );
    expect(run.results.regression!.rmse).toBeLessThan(0.4);
    // The prior of W0 is a scale mixture (tau varies): wider tails than the stored N(0, 1).
    const prior = run.results.prior_posterior!.W0.prior;
    const posterior = run.results.prior_posterior!.W0.posterior;
    expect(Math.max(...posterior)).toBeGreaterThan(1);
    expect(prior.length).toBe(posterior.length);
    expect(Math.min(...run.results.prior_posterior!.tau.prior)).toBeGreaterThan(0);
  }, 120_000);
});

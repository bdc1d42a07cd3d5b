// The StudentT and Poisson likelihoods, each fit to data generated from known parameters:
// a robust regression whose noise has outliers, and a count model in the log-rate form.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lower } from '../../src/compiler/lower.js';
import { checkSource } from '../../src/lang/front-end.js';
import { loadDataSets, prepareData } from '../../src/runtime/data/index.js';
import { predict } from '../../src/runtime/predict/index.js';
import { Rng } from '../../src/runtime/rng.js';
import { samplePoisson } from '../../src/runtime/metrics/predictive.js';
import { tempDir } from '../predict/helpers.js';
import { fitText, generatedCsv, modelText, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const W = [1.0, -0.5, 0.7];

function covers(name: string, mean: number, sd: number, truth: number, slack: number): void {
  expect(Math.abs(mean - truth), `${name}: ${mean.toFixed(3)} ± ${sd.toFixed(3)}, truth ${truth}`).toBeLessThan(
    3 * sd + slack,
  );
}

describe('the StudentT likelihood', () => {
  const text = modelText(
    'robust',
    'out : real',
    `  W : [3, 1] ~ Normal(0, 1)
  b0 ~ Normal(0, 1)
  nu ~ LogNormal(1.5, 0.5)
  sigma ~ HalfNormal(1)`,
    '  y ~ StudentT(nu, x @ W + b0, sigma)',
    'evaluate train {\n  draws 300\n  weights W, sigma, nu\n}',
  );

  it('recovers the weights through outliers, with nu a parameter', async () => {
    // t-distributed noise with 3 degrees of freedom: a Normal likelihood would chase the outliers.
    const csv = generatedCsv(500, 31, (a, b, c, rng) => {
      const t = rng.normal() / Math.sqrt((rng.normal() ** 2 + rng.normal() ** 2 + rng.normal() ** 2) / 3);
      return W[0] * a + W[1] * b + W[2] * c - 0.4 + 0.3 * t;
    });
    const run = await fitText(text, csv);
    const w = run.results.weights!;
    W.forEach((t, i) => covers(`W[${i}]`, w.W.mean[i], w.W.sd[i], t, 0.05));
    covers('sigma', w.sigma.mean[0], w.sigma.sd[0], 0.3, 0.08);
    expect(w.nu.mean[0]).toBeGreaterThan(1.5);
    expect(w.nu.mean[0]).toBeLessThan(8);
    const r = run.results.regression!;
    expect(r.coverage95).toBeGreaterThan(0.9);
    expect(r.coverage95).toBeLessThan(0.99);
  });
});

describe('the Poisson likelihood and the count target', () => {
  const text = modelText(
    'counts',
    'out : count',
    `  W : [3, 1] ~ Normal(0, 1)
  b0 ~ Normal(0, 1)`,
    '  y ~ Poisson(rate = exp(x @ W + b0))',
    'evaluate train {\n  draws 300\n  weights W, b0\n}',
  );
  const rate = (a: number, b: number, c: number) => Math.exp(0.5 * a - 0.3 * b + 0.2 * c + 1);

  it('is compiled in the log-rate form', () => {
    const doc = checkSource(text, 'm.bnn');
    expect(doc.diagnostics).toEqual([]);
    expect(lower(doc.model!, text).likelihood).toMatchObject({ dist: 'Poisson', logRate: { op: 'add' } });
  });

  it('recovers the log-rate weights, and predicts counts with intervals', async () => {
    const csv = generatedCsv(600, 41, (a, b, c, rng) => samplePoisson(rate(a, b, c), rng));
    const run = await fitText(text, csv);
    const w = run.results.weights!;
    [0.5, -0.3, 0.2].forEach((t, i) => covers(`W[${i}]`, w.W.mean[i], w.W.sd[i], t, 0.05));
    covers('b0', w.b0.mean[0], w.b0.sd[0], 1, 0.05);
    const r = run.results.regression!;
    expect(r.coverage95).toBeGreaterThan(0.9);
    expect(r.rmse).toBeLessThan(2.5);
    expect(run.results.evaluate!.target.kind).toBe('count');

    const input = path.join(tempDir({ 'cases.csv': 'a,b,c\n0,0,0\n1,-1,1\n' }), 'cases.csv');
    const p = await predict(lower(checkSource(text, path.join(run.dir, 'm.bnn')).model!, text), {
      posteriorFile: run.files.posterior!,
      inputFile: input,
      backend: 'cpu',
    });
    expect(p.columns.map((c) => c.name)).toEqual([
      'mean',
      'sd_mean',
      'lo95_mean',
      'hi95_mean',
      'sd_predictive',
      'lo95_predictive',
      'hi95_predictive',
    ]);
    const mean = p.columns[0].values;
    expect(mean[0]).toBeCloseTo(rate(0, 0, 0), 0);
    expect(p.columns[5].values[1]).toBe(Math.round(p.columns[5].values[1]));
  });

  it('refuses a count that is not a whole number ≥ 0, naming the row and the column', () => {
    const dir = tempDir({ 'train.csv': 'a,b,c,out\n1,2,3,4\n1,2,3,2.5\n1,2,3,-1\n' });
    const doc = checkSource(text, path.join(dir, 'm.bnn'));
    const ir = lower(doc.model!, text);
    let message = '';
    try {
      loadAndPrepare(ir, dir);
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toMatch(/train\.csv:3: column out \(4\): count 2\.5/);
    expect(message).toMatch(/count 2\.5 is not a whole number ≥ 0/);
    expect(message).toMatch(/count -1 is not a whole number ≥ 0/);
    expect(fs.existsSync(dir)).toBe(true);
  });
});

function loadAndPrepare(ir: ReturnType<typeof lower>, dir: string): void {
  prepareData(ir.data, loadDataSets(ir.data, { modelDir: dir }), new Rng(1));
}

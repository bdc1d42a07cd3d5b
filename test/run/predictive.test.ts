// The posterior predictive of a real target on a regression with known noise whose sd grows with
// an input: the 95% predictive interval holds about 95% of held-out cases, the interval of the mean
// far fewer; each case's sigma is recovered; `bnnc predict` gives the same intervals and sigma.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict } from '../../src/runtime/predict/index.js';
import { formatResults } from '../../src/runtime/report/text.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { compile, removeTempDirs, tempDir } from '../predict/helpers.js';

afterAll(removeTempDirs);

const trueSigma = (a: number) => 0.3 * Math.exp(0.6 * (a - 1.5));

function cases(n: number, rng: Rng): string {
  const rows = ['a,b,out'];
  for (let i = 0; i < n; i++) {
    const a = 0.5 + 2 * rng.next();
    const b = 0.5 + 2 * rng.next();
    rows.push(`${a},${b},${3 * a - b + trueSigma(a) * rng.normal()}`);
  }
  return rows.join('\n') + '\n';
}

// log sigma is linear in the standardized a, so the model can express the truth exactly.
const MODEL = `model noisy
data {
  columns a, b, out
  train = read("train.csv")
  test = read("test.csv")
  x = standardize(a, b)
  y = out : real
}
parameters {
  W : [2, 1] ~ Normal(0, 1)
  c : [1] ~ Normal(0, 1)
  Ws : [2, 1] ~ Normal(0, 1)
  cs : [1] ~ Normal(0, 1)
}
model {
  y ~ Normal(mean = x @ W + c, sigma = exp(x @ Ws + cs))
}
infer vi {
  optimizer adam(lr = 0.05)
  steps 600
  seed 3
}
evaluate test {
  draws 1000
}
`;

describe('the posterior predictive of a real target', () => {
  const rng = new Rng(42);
  const train = cases(1000, rng);
  const test = cases(2000, rng);
  const dir = tempDir({ 'm.bnn': MODEL, 'train.csv': train, 'test.csv': test });
  const ir = compile(MODEL, path.join(dir, 'm.bnn'));
  let run: RunOutput;

  beforeAll(async () => {
    run = await runModel(ir, { outDir: path.join(dir, 'run'), modelDir: dir, backend: 'cpu', report: false });
  }, 60_000);

  it('covers 93–97% of 2,000 held-out cases with the 95% predictive interval, and fewer with the mean’s', () => {
    const g = run.results.regression!;
    // The binomial sd of the coverage of 2,000 cases is √(0.95·0.05/2000) ≈ 0.005: ±0.02 is 4 of it.
    expect(g.coverage95).toBeGreaterThanOrEqual(0.93);
    expect(g.coverage95).toBeLessThanOrEqual(0.97);
    expect(g.coverage95_mean).toBeLessThan(0.5);
    const c = run.results.per_case!;
    expect(c.mean.every((_, i) => c.hi[i] - c.lo[i] < c.predictive_hi![i] - c.predictive_lo![i])).toBe(true);
    expect(formatResults(run.results)).toContain(
      `coverage of the 95% predictive interval ${g.coverage95.toFixed(3)} (of the 95% interval of the mean ${g.coverage95_mean.toFixed(3)})`,
    );
  });

  it('recovers each case’s noise sd, which depends on the input', () => {
    const a = test
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    const sigma = run.results.per_case!.sigma!;
    for (let i = 0; i < a.length; i++) expect(Math.abs(sigma[i] / trueSigma(a[i]) - 1)).toBeLessThan(0.15);
  });

  it('bnnc predict gives the same cases the same intervals and sigma as the run', async () => {
    const p = await predict(ir, {
      posteriorFile: run.files.posterior!,
      inputFile: path.join(dir, 'test.csv'),
      backend: 'cpu',
    });
    const column = (name: string) => Array.from(p.columns.find((c) => c.name === name)!.values);
    const c = run.results.per_case!;
    expect(column('lo95_mean')).toEqual(c.lo);
    expect(column('sigma')).toEqual(c.sigma);
    expect(column('lo95_predictive')).toEqual(c.predictive_lo);
    expect(column('hi95_predictive')).toEqual(c.predictive_hi);
  });
});

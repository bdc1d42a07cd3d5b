// `restarts K` in an infer vi block: K fits from seeds derived from the model's seed, the spread of
// their scores on the evaluated set, the best by final ELBO or all as an equal mixture of guides;
// the mixture is saved in posterior.json and read back by `run --posterior` and `bnnc predict`.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict } from '../../src/runtime/predict/index.js';
import { formatResults } from '../../src/runtime/report/text.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { binaryCases, compile, removeTempDirs, tempDir } from '../predict/helpers.js';

afterAll(removeTempDirs);

const cases = (n: number, rng: Rng): string => binaryCases(n, rng, (a, b) => 2 * a * b + a);

const model = (keep: string) => `model restarted
data {
  columns a, b, label
  train = read("train.csv")
  test = read("test.csv")
  x = standardize(a, b)
  y = label : binary
}
parameters {
  W0 : [2, 6] ~ Normal(0, 1)
  b0 : [6] ~ Normal(0, 1)
  W1 : [6, 1] ~ Normal(0, 1)
  b1 : [1] ~ Normal(0, 1)
}
model {
  y ~ Bernoulli(logit = relu(x @ W0 + b0) @ W1 + b1)
}
infer vi {
  optimizer adam(lr = 0.05)
  steps 300
  seed 7
  restarts 4
  keep ${keep}
}
evaluate test {
  draws 400
  uncertainty
}
`;

describe('restarts', () => {
  const rng = new Rng(5);
  const files = { 'train.csv': cases(300, rng), 'test.csv': cases(300, rng) };
  const dir = tempDir({ ...files, 'best.bnn': model('best'), 'ensemble.bnn': model('ensemble') });
  const best = compile(model('best'), path.join(dir, 'best.bnn'));
  const ensemble = compile(model('ensemble'), path.join(dir, 'ensemble.bnn'));
  let b: RunOutput;
  let e: RunOutput;

  beforeAll(async () => {
    b = await runModel(best, { outDir: path.join(dir, 'best'), modelDir: dir, backend: 'js', report: false });
    e = await runModel(ensemble, { outDir: path.join(dir, 'ensemble'), modelDir: dir, backend: 'js', report: false });
  }, 120_000);

  it('reports every restart and the min / median / max of its scores, printed and in results.json', () => {
    const r = b.results.fit?.method === 'vi' ? b.results.fit.restarts! : undefined;
    expect(r?.per_restart).toHaveLength(4);
    const elbos = r!.per_restart.map((p) => p.final_elbo);
    expect(elbos[r!.best]).toBe(Math.max(...elbos));
    for (const key of ['f1_weighted', 'auc', 'nll', 'mean_sd'] as const) {
      const s = r!.spread![key];
      expect(s.min).toBeLessThanOrEqual(s.median);
      expect(s.median).toBeLessThanOrEqual(s.max);
    }
    // Different seeds give different fits: the spread is not zero.
    expect(r!.spread!.auc.max).toBeGreaterThan(r!.spread!.auc.min);
    // keep best evaluates the best restart: its scores are the run's.
    expect(r!.kept!.auc).toBeCloseTo(b.results.auc!, 10);
    expect(r!.per_restart[r!.best].auc).toBeCloseTo(b.results.auc!, 10);
    const text = formatResults(b.results);
    expect(text).toContain("4 restarts from seeds derived from the model's seed; kept: restart");
    expect(text).toMatch(/median/);
  });

  it('restarts fit the same seeds whatever is kept', () => {
    const rb = b.results.fit?.method === 'vi' ? b.results.fit.restarts! : undefined;
    const re = e.results.fit?.method === 'vi' ? e.results.fit.restarts! : undefined;
    expect(re!.per_restart.map((p) => p.final_elbo)).toEqual(rb!.per_restart.map((p) => p.final_elbo));
  });

  it('an equal mixture of the guides is at least as uncertain as the best single restart', () => {
    const r = e.results.fit?.method === 'vi' ? e.results.fit.restarts! : undefined;
    expect(r!.keep).toBe('ensemble');
    expect(r!.kept!.mean_sd).toBeGreaterThanOrEqual(r!.per_restart[r!.best].mean_sd!);
    expect(e.results.uncertainty!.mean_sd).toBeCloseTo(r!.kept!.mean_sd, 10);
  });

  it('saves the mixture in posterior.json; run --posterior and predict read it back', async () => {
    const again = await runModel(ensemble, {
      outDir: path.join(dir, 'again'),
      modelDir: dir,
      backend: 'js',
      report: false,
      posteriorFile: e.files.posterior!,
    });
    expect(again.results.auc).toBe(e.results.auc);
    expect(again.results.uncertainty!.mean_sd).toBe(e.results.uncertainty!.mean_sd);
    const p = await predict(ensemble, {
      posteriorFile: e.files.posterior!,
      inputFile: path.join(dir, 'test.csv'),
      backend: 'js',
    });
    const prob = Array.from(p.columns.find((c) => c.name === 'probability')!.values);
    expect(prob).toEqual(e.results.per_case!.mean);
  });
});

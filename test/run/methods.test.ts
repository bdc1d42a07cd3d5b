// One model file fit three ways — NUTS, MAP and VI — on a logistic regression with known
// coefficients: each recovers them, NUTS reports its diagnostics, its saved draws evaluate and
// predict exactly as the run did, the same seed gives the same draws on any number of worker
// threads, and `bnnc compare` sets two fits side by side.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareError, compareResults, readRunResults } from '../../src/runtime/compare.js';
import { predict } from '../../src/runtime/predict/index.js';
import { formatResults } from '../../src/runtime/report/text.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { binaryCases, bnnc, compile, expectUserError, removeTempDirs, tempDir } from '../predict/helpers.js';

afterAll(removeTempDirs);

const TRUE_W = [1.5, -1];
const TRUE_C = 0.5;

const cases = (n: number, rng: Rng): string => binaryCases(n, rng, (a, b) => TRUE_W[0] * a + TRUE_W[1] * b + TRUE_C);

const model = (infer: string) => `model logistic
data {
  columns a, b, label
  train = read("train.csv")
  test = read("test.csv")
  x = features(a .. b)
  y = label : binary
}
parameters {
  W : [2, 1] ~ Normal(0, 5)
  c : [1] ~ Normal(0, 5)
}
model {
  y ~ Bernoulli(logit = x @ W + c)
}
${infer}
evaluate test {
  draws 400
  uncertainty
  weights W
}
`;

const NUTS = model('infer nuts {\n  chains 2\n  warmup 300\n  draws 200\n  seed 5\n}');
const MAP = model('infer map {\n  optimizer adam(lr = 0.05)\n  steps 1500\n  seed 5\n}');

describe('infer nuts, map and vi on one model', () => {
  const rng = new Rng(11);
  const dir = tempDir({ 'nuts.bnn': NUTS, 'map.bnn': MAP, 'train.csv': cases(400, rng), 'test.csv': cases(300, rng) });
  const nutsIR = compile(NUTS, path.join(dir, 'nuts.bnn'));
  const mapIR = compile(MAP, path.join(dir, 'map.bnn'));
  let nuts: RunOutput;
  let inProcess: RunOutput;
  let map: RunOutput;

  beforeAll(async () => {
    nuts = await runModel(nutsIR, { outDir: path.join(dir, 'nuts'), modelDir: dir, report: false });
    inProcess = await runModel(nutsIR, { outDir: path.join(dir, 'nuts-0'), modelDir: dir, report: false, workers: 0 });
    map = await runModel(mapIR, { outDir: path.join(dir, 'map'), modelDir: dir, report: false });
  }, 120_000);

  it('NUTS recovers the coefficients, within 4 posterior sds of the truth', () => {
    const w = nuts.results.weights!.W;
    TRUE_W.forEach((t, i) => expect(Math.abs(w.mean[i] - t)).toBeLessThan(4 * w.sd[i]));
    expect(w.sd.every((s) => s > 0.05 && s < 0.5)).toBe(true);
  });

  it('reports per-chain and cross-chain diagnostics, clean on a well-identified model', () => {
    const fit = nuts.results.fit!;
    if (fit.method !== 'nuts') throw new Error(`fit is ${fit.method}`);
    expect(fit.per_chain).toHaveLength(2);
    expect(fit.diagnostics.divergences).toBe(0);
    expect(nuts.results.threshold_tuned_on_evaluated_set).toBe(false);
    expect(fit.diagnostics.params.count).toBe(3);
    expect(fit.diagnostics.params.rhat_max).toBeLessThan(1.05);
    expect(fit.diagnostics.params.ess_bulk_min).toBeGreaterThan(50);
    expect(fit.diagnostics.scores?.count).toBe(300);
    expect(fit.per_chain.every((c) => c.step_size > 0 && c.mean_tree_depth >= 1 && c.ebfmi > 0.3)).toBe(true);
    expect(fit.lp.map((l) => l.length)).toEqual([200, 200]);
    expect(nuts.results.chain_predictive?.per_chain.map((c) => c.draws)).toEqual([200, 200]);
    const text = formatResults(nuts.results);
    expect(text).toMatch(/Fit: NUTS, 2 chains of 300 warmup and 200 sampling iterations/);
    expect(text).toMatch(/predicted scores of the 300 evaluated cases: worst R-hat/);
    expect(text).toMatch(/Each chain on its own/);
  });

  it('gives the same draws in this thread as on worker threads', () => {
    expect(inProcess.results.per_case).toEqual(nuts.results.per_case);
    expect(fs.readFileSync(path.join(dir, 'nuts-0', 'posterior.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'nuts', 'posterior.json'), 'utf8'),
    );
  });

  it("saves the draws: run --posterior and predict give the run's per-case scores", async () => {
    const saved = JSON.parse(fs.readFileSync(nuts.files.posterior!, 'utf8'));
    expect(saved.fit.format).toBe('bnnc-draws/1');
    expect(saved.fit.draws).toHaveLength(2 * 200 * 3);
    const again = await runModel(nutsIR, {
      outDir: path.join(dir, 'again'),
      modelDir: dir,
      report: false,
      posteriorFile: nuts.files.posterior,
    });
    expect(again.results.per_case).toEqual(nuts.results.per_case);
    const p = await predict(nutsIR, { posteriorFile: nuts.files.posterior!, inputFile: path.join(dir, 'test.csv') });
    const prob = Array.from(p.columns.find((c) => c.name === 'probability')!.values);
    prob.forEach((v, i) => expect(v).toBeCloseTo(nuts.results.per_case!.mean[i], 5));
  });

  it('MAP finds the mode: one point, near the truth and near the NUTS posterior mean', () => {
    const fit = map.results.fit!;
    expect(fit.method).toBe('map');
    expect(map.results.evaluate?.draws).toBe(1);
    const w = map.results.weights!.W;
    const post = nuts.results.weights!.W;
    TRUE_W.forEach((_, i) => expect(Math.abs(w.mean[i] - post.mean[i])).toBeLessThan(post.sd[i]));
    expect(w.sd.every((s) => s === 0)).toBe(true);
    expect(formatResults(map.results)).toMatch(/the posterior mode \(MAP\) by 1500 steps of Adam/);
  });

  it('compares two fits of the same cases, and refuses fits of different ones', async () => {
    const c = compareResults(readRunResults(path.join(dir, 'map')), readRunResults(path.join(dir, 'nuts')));
    expect(c.cases).toBe(300);
    expect(c.a.method).toBe('map');
    expect(c.b.method).toBe('nuts');
    expect(c.per_case.correlation).toBeGreaterThan(0.98);
    expect(c.per_case.mean_abs_diff).toBeLessThan(0.05);
    expect(c.per_case.sd_ratio).toBe(0);
    const other = structuredClone(readRunResults(path.join(dir, 'nuts')));
    other.results.per_case!.label[0] = 1 - other.results.per_case!.label[0];
    expect(() => compareResults(readRunResults(path.join(dir, 'map')), other)).toThrow(CompareError);
    const cli = await bnnc(['compare', path.join(dir, 'map'), path.join(dir, 'nuts')]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/ROC AUC/);
    expectUserError(
      await bnnc(['compare', path.join(dir, 'map'), path.join(dir, 'missing')]),
      /missing: no such file or folder/,
    );
  });
});

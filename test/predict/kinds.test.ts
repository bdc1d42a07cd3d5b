// Predictions for each kind of target, on small models fit in the test: a binary target whose
// features use a derived column (computed from the input first), a categorical target (one
// probability per class), and a real target (mean, sd and 95% interval).
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { predict, PredictInputError, predictionsCsv, type Predictions } from '../../src/runtime/predict/index.js';
import { Rng } from '../../src/runtime/rng.js';
import { logLoss } from '../../src/runtime/metrics/calibration.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { compile, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

/** 300 rows of a, b uniform on (0.5, 2.5), with a label or value from `f`. */
function trainingCsv(f: (a: number, b: number, rng: Rng) => number): string {
  const rng = new Rng(11);
  const rows = ['a,b,out'];
  for (let i = 0; i < 300; i++) {
    const a = 0.5 + 2 * rng.next();
    const b = 0.5 + 2 * rng.next();
    rows.push(`${a},${b},${f(a, b, rng)}`);
  }
  return rows.join('\n') + '\n';
}

function model(name: string, data: string, params: string, body: string, extra = ''): string {
  return `model ${name}
data {
  columns a, b, out
  train = read("train.csv")
${data}
}
parameters {
${params}
}
model {
${body}
}
infer vi {
  optimizer adam(lr = 0.05)
  steps 300
  seed 5
}
${extra}`;
}

/** Fits the model on `train` and predicts `cases` with the posterior the fit wrote. */
async function fitAndPredict(
  text: string,
  train: string,
  cases: string,
): Promise<{ p: Predictions; predictAgain: (cases: string) => Promise<Predictions>; run: RunOutput }> {
  const dir = tempDir({ 'm.bnn': text, 'train.csv': train });
  const ir = compile(text, path.join(dir, 'm.bnn'));
  const run = await runModel(ir, { outDir: path.join(dir, 'run'), modelDir: dir, backend: 'cpu', report: false });
  const predictAgain = (input: string) => {
    const f = path.join(tempDir({ 'cases.csv': input }), 'cases.csv');
    return predict(ir, { posteriorFile: run.files.posterior!, inputFile: f, backend: 'cpu' });
  };
  return { p: await predictAgain(cases), predictAgain, run };
}

const column = (p: Predictions, name: string) => Array.from(p.columns.find((c) => c.name === name)!.values);

describe('bnnc predict, by kind of target', () => {
  it('binary: computes derived columns from the input, and classifies at 0.5 without an evaluate block', async () => {
    const text = model(
      'ratio',
      '  ratio = a / b\n  x = standardize(ratio)\n  y = out : binary',
      '  W : [1, 1] ~ Normal(0, 1)\n  c : [1] ~ Normal(0, 1)',
      '  y ~ Bernoulli(logit = x @ W + c)',
    );
    const train = trainingCsv((a, b) => (a / b > 1 ? 1 : 0));
    // b only enters through ratio; the target's column is absent.
    const { p, predictAgain } = await fitAndPredict(text, train, 'b,a,note\n1,2.4,high\n2.4,0.6,low\n');
    expect(p.draws).toBe(1000);
    expect(p.threshold).toBe(0.5);
    expect(p.columns.map((c) => c.name)).toEqual(['probability', 'sd', 'lo95', 'hi95', 'class']);
    const [high, low] = column(p, 'probability');
    expect(high).toBeGreaterThan(0.8);
    expect(low).toBeLessThan(0.2);
    expect(column(p, 'class')).toEqual([1, 0]);
    expect(predictionsCsv(p).split('\n')[1]).toMatch(/^1,2\.4,high,0\.\d+/);

    await expect(predictAgain('a,out\n1,1\n')).rejects.toThrow(/the header lacks the column b/);
    const zero = predictAgain('a,b\n1,2\n1,0\n');
    await expect(zero).rejects.toBeInstanceOf(PredictInputError);
    await expect(zero).rejects.toThrow(
      /cases\.csv:3: column ratio: the derived column ratio = a \/ b is Infinity on this row/,
    );
  });

  it('categorical: one probability per class, the sd of the predicted one, and the most probable class', async () => {
    const text = model(
      'three',
      '  x = standardize(a, b)\n  y = out : categorical(3)',
      '  W : [2, 3] ~ Normal(0, 1)\n  c : [3] ~ Normal(0, 1)',
      '  y ~ Categorical(logits = x @ W + c)',
      'evaluate train {\n  draws 200\n  confusion\n}\n',
    );
    const train = trainingCsv((a, b) => (a < 1.2 ? 0 : b < 1.5 ? 1 : 2));
    const { p, run } = await fitAndPredict(text, train, 'a,b\n0.6,2\n2.2,0.7\n2.2,2.3\n');
    const cp = run.results.class_probabilities!;
    expect(cp.mean).toHaveLength(300);
    expect(cp.mean.every((row) => Math.abs(row[0] + row[1] + row[2] - 1) < 1e-5)).toBe(true);
    expect(cp.predicted.every((k, i) => cp.mean[i][k] === Math.max(...cp.mean[i]))).toBe(true);
    expect(run.results.nll).toBeCloseTo(logLoss(cp.label, cp.mean.flat(), 3), 12);
    expect(p.draws).toBe(200);
    expect(p.threshold).toBeNull();
    expect(p.columns.map((c) => c.name)).toEqual(['p_0', 'p_1', 'p_2', 'sd', 'class']);
    const probs = [0, 1, 2].map((k) => column(p, `p_${k}`));
    for (let i = 0; i < 3; i++) expect(probs[0][i] + probs[1][i] + probs[2][i]).toBeCloseTo(1, 5);
    expect(column(p, 'class')).toEqual([0, 1, 2]);
    expect(column(p, 'sd').every((s) => s > 0 && s < 0.5)).toBe(true);
  });

  it('real: the mean, its sd and 95% interval, sigma, and the predictive sd and 95% interval', async () => {
    const text = model(
      'line',
      '  x = standardize(a, b)\n  y = out : real',
      '  W : [2, 1] ~ Normal(0, 1)\n  c : [1] ~ Normal(0, 1)\n  sigma ~ HalfNormal(1)',
      '  mu = x @ W + c\n  y ~ Normal(mu, sigma)',
    );
    const train = trainingCsv((a, b, rng) => 3 * a - b + 0.1 * rng.normal());
    const { p } = await fitAndPredict(text, train, 'a b\n1 1\n2 0.5\n');
    const names = [
      'mean',
      'sd_mean',
      'lo95_mean',
      'hi95_mean',
      'sigma',
      'sd_predictive',
      'lo95_predictive',
      'hi95_predictive',
    ];
    expect(p.columns.map((c) => c.name)).toEqual(names);
    const [mean, sd, lo, hi, sigma, psd, plo, phi] = names.map((n) => column(p, n));
    expect(mean[0]).toBeCloseTo(2, 0);
    expect(mean[1]).toBeCloseTo(5.5, 0);
    for (let i = 0; i < 2; i++) {
      expect(lo[i]).toBeLessThan(mean[i]);
      expect(hi[i]).toBeGreaterThan(mean[i]);
      expect(sd[i]).toBeGreaterThan(0);
      // One sigma shared by every row; the predictive interval holds it and the mean's does not.
      expect(sigma[i]).toBe(sigma[0]);
      expect(sigma[i]).toBeGreaterThan(0);
      expect(psd[i]).toBeGreaterThan(sd[i]);
      expect(plo[i]).toBeLessThan(lo[i]);
      expect(phi[i]).toBeGreaterThan(hi[i]);
    }
  });
});

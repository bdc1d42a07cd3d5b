// A class target with 20% positives, fit on a balanced world (`balance train reweight y`): the
// raw probabilities are those of equal classes, and `prior_shift` brings them back to the data's
// own base rate — the mean predicted probability of held-out cases lands on their share of
// positives — while the ranking (AUC) is unchanged; `bnnc predict` applies the same correction.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict } from '../../src/runtime/predict/index.js';
import { formatResults } from '../../src/runtime/report/text.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { binaryCases, compile, removeTempDirs, tempDir } from '../predict/helpers.js';

afterAll(removeTempDirs);

const cases = (n: number, rng: Rng): string => binaryCases(n, rng, (a, b) => 1.2 * a - 0.8 * b - 1.9);

const model = (shift: boolean) => `model shifted
data {
  columns a, b, label
  train = read("train.csv")
  test = read("test.csv")
  x = standardize(a .. b)
  y = label : binary
  balance train reweight y
}
parameters {
  W : [2, 1] ~ Normal(0, 3)
  c : [1] ~ Normal(0, 3)
}
model {
  y ~ Bernoulli(logit = x @ W + c)
}
infer vi {
  optimizer adam(lr = 0.05)
  steps 800
  seed 4
}
evaluate test {
  draws 200
${shift ? '  prior_shift\n' : ''}}
`;

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('balance reweight and prior_shift', () => {
  const rng = new Rng(8);
  const dir = tempDir({
    'raw.bnn': model(false),
    'shift.bnn': model(true),
    'train.csv': cases(3000, rng),
    'test.csv': cases(3000, rng),
  });
  const shiftIR = compile(model(true), path.join(dir, 'shift.bnn'));
  let raw: RunOutput;
  let shifted: RunOutput;

  beforeAll(async () => {
    raw = await runModel(compile(model(false), path.join(dir, 'raw.bnn')), {
      outDir: path.join(dir, 'raw'),
      modelDir: dir,
      report: false,
    });
    shifted = await runModel(shiftIR, { outDir: path.join(dir, 'shift'), modelDir: dir, report: false });
  }, 60_000);

  it('fits a balanced world by weights, and corrects its probabilities to the data’s base rate', () => {
    const positives = mean(shifted.results.per_case!.label);
    const ps = shifted.results.prior_shift!;
    expect(ps.fitted[0]).toBeCloseTo(0.5, 12);
    expect(ps.own[1]).toBeCloseTo(positives, 1);
    // 3,000 cases: the share of positives has a binomial sd of about 0.007.
    expect(Math.abs(mean(shifted.results.per_case!.mean) - positives)).toBeLessThan(0.03);
    expect(mean(raw.results.per_case!.mean) - positives).toBeGreaterThan(0.15);
    expect(shifted.results.nll!).toBeLessThan(raw.results.nll!);
    expect(shifted.results.ece!).toBeLessThan(raw.results.ece!);
    expect(shifted.results.auc!).toBeCloseTo(raw.results.auc!, 3);
    expect(formatResults(shifted.results)).toMatch(
      /Probabilities corrected for the prior shift: the fit saw class shares 0\.500 \/ 0\.500/,
    );
  });

  it('is applied by bnnc predict as in the run', async () => {
    const p = await predict(shiftIR, {
      posteriorFile: shifted.files.posterior!,
      inputFile: path.join(dir, 'test.csv'),
    });
    const prob = Array.from(p.columns.find((c) => c.name === 'probability')!.values);
    prob.forEach((v, i) => expect(v).toBeCloseTo(shifted.results.per_case!.mean[i], 6));
  });
});

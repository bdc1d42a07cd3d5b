// Several evaluated sets in one run, and the refit protocol, end to end on small generated data
// (seconds, fixed seeds): `evaluate valid, test` scores both sets with one fit, the top level
// keeping the headline set's (the last); `threshold maximize f1 on valid then refit` chooses the
// threshold on valid with a fit on train alone — the very threshold the plain protocol chooses —
// then fits again on train and valid together (standardized and balanced as one set) and scores
// that refit at the threshold chosen before: the same scores as a model that reads both files as
// its training set at that fixed threshold.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src/runtime/posterior-file.js';
import { formatResults } from '../../src/runtime/report/text.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { binaryCases, compile, removeTempDirs, tempDir } from '../predict/helpers.js';

afterAll(removeTempDirs);

const cases = (n: number, rng: Rng): string => binaryCases(n, rng, (a, b) => 1.5 * a - b - 0.9);

const model = (train: string, evaluate: string) => `model held_out
data {
  columns a, b, label
  train = read(${train})
  valid = read("valid.csv")
  test = read("test.csv")
  x = standardize(a .. b)
  y = label : binary
  balance train upsample y
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
  steps 600
  seed 11
}
${evaluate}
`;

/** Plain protocol: the threshold tuned on valid, both sets scored by the fit on train. */
const TUNED = model(
  '"train.csv"',
  'evaluate valid, test {\n  draws 200\n  threshold maximize f1 on valid\n  confusion\n}',
);
const REFIT = model(
  '"train.csv"',
  'evaluate train, test {\n  draws 200\n  threshold maximize f1 on valid then refit\n  confusion\n}',
);
/** What the refit is: a fit on both files, scored at a fixed threshold. */
const UNION = (t: number) =>
  model('"train.csv", "valid.csv"', `evaluate test {\n  draws 200\n  threshold ${t}\n  confusion\n}`);

const column = (csv: string, k: number) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[k]));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('several evaluated sets, and threshold … then refit', () => {
  const rng = new Rng(3);
  const data = { 'train.csv': cases(300, rng), 'valid.csv': cases(200, rng), 'test.csv': cases(200, rng) };
  const dir = tempDir({ ...data, 'tuned.bnn': TUNED, 'refit.bnn': REFIT });
  const refitIR = compile(REFIT, path.join(dir, 'refit.bnn'));
  let tuned: RunOutput;
  let refit: RunOutput;
  let union: RunOutput;

  beforeAll(async () => {
    tuned = await runModel(compile(TUNED, path.join(dir, 'tuned.bnn')), {
      outDir: path.join(dir, 'tuned'),
      modelDir: dir,
      report: false,
    });
    refit = await runModel(refitIR, { outDir: path.join(dir, 'refit'), modelDir: dir, report: false });
    const text = UNION(refit.results.threshold!);
    union = await runModel(compile(text, path.join(dir, 'union.bnn')), {
      outDir: path.join(dir, 'union'),
      modelDir: dir,
      report: false,
    });
  }, 120_000);

  it('scores every evaluated set in one run, the headline (the last) at the top level', () => {
    const r = tuned.results;
    expect(r.sets?.map((s) => [s.set, s.cases])).toEqual([
      ['valid', 200],
      ['test', 200],
    ]);
    expect(r.evaluate?.set).toBe('test');
    const test = r.sets![1];
    expect(r.f1_weighted).toBe(test.f1_weighted);
    expect(r.auc).toBe(test.auc);
    expect(r.confusion).toEqual(test.confusion);
    expect(r.per_case?.label).toHaveLength(200);
    // One threshold, chosen on valid: valid's scores are marked as tuned on it, test's are not.
    expect(r.sets!.map((s) => s.threshold)).toEqual([r.threshold, r.threshold]);
    expect(r.sets!.map((s) => s.threshold_tuned_on_evaluated_set)).toEqual([true, false]);
    expect(r.sets!.map((s) => s.threshold_protocol)).toEqual(['tuned', 'tuned']);
    expect(r.fits).toEqual([
      { role: 'final', sets: ['train'], rows: 300, fitted_rows: expect.any(Number), seconds: expect.any(Number) },
    ]);
    const text = formatResults(r);
    expect(text).toContain("Evaluation on 'valid' (set 1 of 2)");
    expect(text).toContain("Evaluation on 'test' (set 2 of 2, the headline)");
    expect(text).toMatch(/Scores by evaluated set[^\n]*\n\s*set\s+cases\s+threshold\s+protocol/);
    expect(text).toMatch(/valid\s+200\s+\d\.\d\d\s+tuned \(tuned on it\)/);
  });

  it('chooses the threshold on valid with the fit on train alone: the plain protocol’s threshold', () => {
    expect(refit.results.threshold).toBe(tuned.results.threshold);
    expect(refit.results.threshold_protocol).toBe('refit');
    expect(refit.results.threshold_tuned_on_evaluated_set).toBe(false);
    expect(refit.results.threshold_rule).toBe(
      "maximizes weighted F1 on 'valid' with the fit on 'train', then refit on 'train' and 'valid'",
    );
  });

  it('fits again on the rows of train and valid together, balanced and standardized as one set', () => {
    const [first, final] = refit.results.fits!;
    expect(first).toMatchObject({ role: 'threshold', sets: ['train'], rows: 300 });
    expect(final).toMatchObject({ role: 'final', sets: ['train', 'valid'], rows: 500 });
    // Upsampling balanced the 500 rows, not the 300.
    const labels = [...column(data['train.csv'], 2), ...column(data['valid.csv'], 2)];
    const ones = labels.filter((y) => y === 1).length;
    expect(final.fitted_rows).toBe(2 * Math.max(ones, labels.length - ones));
    expect(first.fitted_rows).toBe(tuned.results.fits![0].fitted_rows);
    // An evaluated train is train's own rows (balanced as the block says), not the union's.
    const trainLabels = column(data['train.csv'], 2);
    const trainOnes = trainLabels.filter((y) => y === 1).length;
    expect(refit.results.sets!.map((s) => [s.set, s.cases])).toEqual([
      ['train', 2 * Math.max(trainOnes, 300 - trainOnes)],
      ['test', 200],
    ]);
    // posterior.json is the refit's: its statistics are those of the 500 rows.
    const saved = JSON.parse(readFileSync(refit.files.posterior!, 'utf8')) as Checkpoint;
    const a = [...column(data['train.csv'], 0), ...column(data['valid.csv'], 0)];
    expect(saved.standardization.features[0].mean[0]).toBeCloseTo(mean(a), 10);
    expect(saved.threshold).toBe(refit.results.threshold);
    expect(saved.refit).toEqual({ set: 'valid', threshold: refit.results.threshold });
  });

  it('scores the refit: a model trained on both files at that fixed threshold scores the same', () => {
    expect(union.results.fits![0]).toMatchObject({ sets: ['train'], rows: 500 });
    expect(refit.results.per_case?.mean).toEqual(union.results.per_case?.mean);
    expect(refit.results.f1_weighted).toBe(union.results.f1_weighted);
    expect(refit.results.auc).toBe(union.results.auc);
    // …and not the first fit's.
    expect(refit.results.per_case?.mean).not.toEqual(tuned.results.per_case?.mean);
    expect(formatResults(refit.results)).toContain(
      "Protocol: refit. The threshold was chosen on 'valid' with a fit on 'train' (300 rows",
    );
  });

  it('evaluates its saved posterior at the threshold the first fit chose, and refuses another run’s', async () => {
    const again = await runModel(refitIR, {
      outDir: path.join(dir, 'again'),
      modelDir: dir,
      report: false,
      posteriorFile: refit.files.posterior,
    });
    expect(again.results.fit).toBeNull();
    expect(again.results.fits).toBeUndefined();
    expect(again.results.threshold).toBe(refit.results.threshold);
    expect(again.results.per_case?.mean).toEqual(refit.results.per_case?.mean);
    expect(again.results.threshold_protocol).toBe('refit');
    await expect(
      runModel(refitIR, {
        outDir: path.join(dir, 'other'),
        modelDir: dir,
        report: false,
        posteriorFile: tuned.files.posterior,
      }),
    ).rejects.toThrow(/was not fit on the rows of 'train' and 'valid' together/);
  });
});

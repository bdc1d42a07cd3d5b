// models/rupture-physics.bnn end to end on the study's data: physical inputs derived in the data
// block, fitted on the training file, the threshold chosen on the validation file, then refitted
// on both files and scored on the test file: weighted F1 ≥ 0.90 and ROC AUC ≥ 0.965 with a
// threshold not chosen on the test set.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResults } from '../../src/runtime/report/text.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { compile, removeTempDirs, root, tempDir } from '../predict/helpers.js';
import { studyDataPath } from '../study-data.js';

afterAll(removeTempDirs);

const modelFile = path.join(root, 'models/rupture-physics.bnn');
const env = { BNN_DATA_PATH: studyDataPath(), XDG_CACHE_HOME: '/nonexistent-bnnc-cache' };

describe('bnnc run models/rupture-physics.bnn', () => {
  const ir = compile(readFileSync(modelFile, 'utf8'), modelFile);
  let run: RunOutput;

  beforeAll(async () => {
    run = await runModel(ir, {
      outDir: path.join(tempDir(), 'run'),
      modelDir: path.dirname(modelFile),
      env,
      backend: 'js',
      report: false,
    });
  }, 120_000);

  it('derives a positive normal stress from syy', () => {
    expect(ir.data.derived.find((d) => d.name === 'sn')).toBeDefined();
    expect(ir.data.trainSet).toBe('train');
  });

  it('reaches weighted F1 ≥ 0.90 and ROC AUC ≥ 0.965 on the test file, the threshold tuned on the validation file before the refit', () => {
    const r = run.results;
    expect(r.evaluate?.set).toBe('test');
    expect(r.evaluate?.cases).toBe(400);
    expect(r.threshold_rule).toBe(
      "maximizes weighted F1 on 'valid' with the fit on 'train', then refit on 'train' and 'valid'",
    );
    expect(r.threshold_protocol).toBe('refit');
    expect(r.threshold_tuned_on_evaluated_set).toBe(false);
    expect(r.fits?.map((f) => [f.role, f.rows])).toEqual([
      ['threshold', 1000],
      ['final', 1600],
    ]);
    expect(r.f1_weighted).toBeGreaterThanOrEqual(0.9);
    expect(r.auc).toBeGreaterThanOrEqual(0.965);
    expect(formatResults(r)).toContain(`ECE ${r.ece!.toFixed(4)}`);
  });
});

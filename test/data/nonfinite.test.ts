// Numbers float32 cannot hold end nowhere silently: they are data errors at read time, the
// standardization statistics never overflow, the metrics survive a NaN score, a run stops
// with the cases named when its network scores NaN, and no posterior.json is written that
// bnnc cannot read back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lower } from '../../src/compiler/lower.js';
import { checkSource } from '../../src/lang/front-end.js';
import { CheckpointError, readCheckpoint, writeCheckpoint } from '../../src/runtime/posterior-file.js';
import { DataError } from '../../src/data/errors.js';
import { loadDataSets, readTable } from '../../src/data/read.js';
import { prepareData } from '../../src/runtime/data/prepare.js';
import { columnStats } from '../../src/runtime/data/standardize.js';
import { rocAuc, rocCurve } from '../../src/runtime/metrics/roc.js';
import { checkScores, NonFiniteScoresError } from '../../src/runtime/nan-scores.js';
import { Rng } from '../../src/runtime/rng.js';
import type { VIFit } from '../../src/runtime/vi/index.js';
import { cleanEnv, irData, smallModel, tempDir, thrown } from './helpers.js';

const SPEC = { columns: ['a', 'b', 'label'] };

describe('numbers float32 cannot hold', () => {
  it('are data errors at read time, naming the row and column', () => {
    const dir = tempDir({ 'd.txt': 'a b label\n1 2 0\n1e39 2 1\n3 -4e38 0\n' });
    const e = thrown(() => readTable('train', [path.join(dir, 'd.txt')], SPEC), DataError);
    expect(e.problems.map((p) => [p.line, p.column?.name])).toEqual([
      [3, 'a'],
      [4, 'b'],
    ]);
    expect(e.problems[0].message).toMatch(
      /"1e39" is beyond float32, the precision bnnc computes in .*rescale the column/,
    );
  });

  it('are data errors in a derived column too', () => {
    const dir = tempDir({ 'train.txt': 'a b label\n1e20 1e20 0\n1 2 1\n' });
    const data = irData({
      derived: [{ name: 'ab', expr: { op: 'mul', a: { op: 'column', name: 'a' }, b: { op: 'column', name: 'b' } } }],
    });
    data.features = [{ name: 'x', columns: ['a', 'ab'], standardize: true }];
    const raw = loadDataSets(data, { modelDir: dir, env: cleanEnv() });
    const e = thrown(() => prepareData(data, raw, new Rng(1)), DataError);
    expect(e.message).toMatch(/train\.txt:2: column ab: .*beyond float32/);
  });

  it('never overflow the standardization statistics', () => {
    const stats = columnStats({ v: Float64Array.from([1e300, -1e300, 0, 1e300]) }, ['v']);
    expect(stats.mean[0]).toBeCloseTo(2.5e299, -290);
    expect(Number.isFinite(stats.sd[0])).toBe(true);
    expect(stats.sd[0] / 1e300).toBeCloseTo(Math.sqrt(0.6875), 10);
    // The ordinary case is unchanged.
    const small = columnStats({ v: Float64Array.from([1, 2, 3, 4]) }, ['v']);
    expect(small.mean[0]).toBe(2.5);
    expect(small.sd[0]).toBeCloseTo(Math.sqrt(1.25), 14);
  });
});

describe('a NaN score', () => {
  it('gives a ROC curve and a NaN AUC instead of a loop', () => {
    const labels = [1, 0, 1, 0];
    const scores = [0.9, NaN, 0.2, 0.4];
    expect(rocAuc(labels, scores)).toBeNaN();
    const c = rocCurve(labels, scores);
    expect(c.thresholds).toEqual([Infinity, 0.9, 0.4, 0.2, NaN]);
    expect(c.tpr[c.tpr.length - 1]).toBe(1);
    expect(c.fpr[c.fpr.length - 1]).toBe(1);
  });

  it('stops the run with the cases named', () => {
    const table = {
      set: 'test',
      files: ['t.txt'],
      n: 3,
      columns: {},
      rowFile: new Uint16Array(3),
      rowLine: Uint32Array.from([2, 3, 4]),
    };
    const e = thrown(
      () => checkScores('test', [0.5, NaN, 0.2], Int32Array.from([0, 1, 2]), table),
      NonFiniteScoresError,
    );
    expect(e.message).toMatch(
      /scores 1 of the 3 cases of 'test' as not a number \(NaN\), first at t\.txt:3: .*nothing was written/,
    );
    expect(() => checkScores('test', [0.5, 0.1], Int32Array.from([0, 1]), table)).not.toThrow();
  });
});

describe('posterior.json', () => {
  const text = smallModel('  train = read("train.txt")', '', 'tiny');
  const ir = lower(checkSource(text, 'tiny.bnn').model!, text);
  const fit = (loc: number[]): VIFit => ({
    modelName: 'tiny',
    sourceHash: ir.sourceHash,
    dim: 2,
    params: [{ name: 'W', shape: [2, 1], offset: 0, size: 2, positive: false }],
    loc: Float64Array.from(loc),
    scale: Float64Array.from([0.1, 0.1]),
    trace: { step: [], elbo: [], loglik: [], kl: [] },
    settings: { lr: 0.05, decay: 1, steps: 1, samples: 1, batch: null, seed: 1, initRho: -3 },
    seconds: 0,
  });
  const stats = (sd: number) => ({
    trainSet: 'train',
    features: [{ name: 'x', columns: ['a', 'b'], standardize: true, mean: [0, 0], sd: [1, sd] }],
  });

  it('is not written when it could not be read back, and the old one stays', () => {
    const dir = tempDir();
    const file = path.join(dir, 'posterior.json');
    writeCheckpoint(file, ir, fit([0.5, -0.5]), stats(1), 0.5, 'cpu');
    const good = fs.readFileSync(file, 'utf8');
    const back = readCheckpoint(file, ir).fit;
    expect('loc' in back && back.loc[0]).toBe(0.5);
    const e1 = thrown(() => writeCheckpoint(file, ir, fit([0.5, -0.5]), stats(Infinity), 0.5, 'cpu'), CheckpointError);
    expect(e1.message).toMatch(
      /did not write the posterior .* could not be read back: .*finite mean and a positive sd/,
    );
    thrown(() => writeCheckpoint(file, ir, fit([NaN, 0]), stats(1), 0.5, 'cpu'), CheckpointError);
    expect(fs.readFileSync(file, 'utf8')).toBe(good);
  });

  it('refuses a tampered null or true among the fitted values', () => {
    const dir = tempDir();
    const file = path.join(dir, 'posterior.json');
    writeCheckpoint(file, ir, fit([0.5, -0.5]), stats(1), 0.5, 'cpu');
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    c.fit.params[0].loc = [null, true];
    fs.writeFileSync(file, JSON.stringify(c));
    expect(() => readCheckpoint(file, ir)).toThrow(/incomplete or corrupted/);
  });
});

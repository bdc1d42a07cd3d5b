// The data block's split: one set dealt into several, seeded by the model's seed and stratified by
// the class target, so that a user with one data file holds out a validation and a test set.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/front-end.js';
import { largestRemainder, loadDataSets, splitSets } from '../../src/runtime/data/index.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel } from '../../src/runtime/run.js';
import { compile } from '../predict/helpers.js';
import { smallModel, tempDir } from './helpers.js';

/** 1,000 rows, 30% of class 1; a is the row's number, so each new set's rows can be told apart. */
function allRows(): string {
  const rng = new Rng(9);
  const rows = ['a,b,label'];
  for (let i = 0; i < 1000; i++) rows.push(`${i},${rng.normal()},${i % 10 < 3 ? 1 : 0}`);
  return rows.join('\n') + '\n';
}

const SPLIT = '  all = read("all.csv")\n  train, valid, test = split(all, 0.7, 0.15, 0.15) by y';

function deal(seed: number, split = SPLIT) {
  const dir = tempDir({ 'all.csv': allRows() });
  const ir = compile(smallModel(split, `infer vi {\n  seed ${seed}\n}\n`), path.join(dir, 'm.bnn'));
  return splitSets(ir.data, loadDataSets(ir.data, { modelDir: dir }), new Rng(seed).fork('data'));
}

const ids = (t: { columns: Record<string, Float64Array> }) => Array.from(t.columns.a);
const ones = (t: { columns: Record<string, Float64Array> }) =>
  Array.from(t.columns.label).filter((v) => v === 1).length;

describe('split', () => {
  it('deals every row to exactly one new set, in the given fractions', () => {
    const sets = deal(1);
    const all = [...ids(sets.train), ...ids(sets.valid), ...ids(sets.test)].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([sets.train.n, sets.valid.n, sets.test.n]).toEqual([700, 150, 150]);
    // Each keeps the file's order, and where each row came from.
    expect(ids(sets.test)).toEqual([...ids(sets.test)].sort((x, y) => x - y));
    expect(sets.test.rowLine[0]).toBe(ids(sets.test)[0] + 2);
  });

  it('is stratified by the target: each set holds 30% of class 1', () => {
    const sets = deal(1);
    expect([ones(sets.train), ones(sets.valid), ones(sets.test)]).toEqual([210, 45, 45]);
  });

  it('deals the same rows for the same seed, and others for another seed', () => {
    expect(ids(deal(1).test)).toEqual(ids(deal(1).test));
    expect(ids(deal(2).test)).not.toEqual(ids(deal(1).test));
  });

  it('without by, is a plain random split of the whole set', () => {
    const sets = deal(1, '  all = read("all.csv")\n  train, test = split(all, 0.8, 0.2)');
    expect([sets.train.n, sets.test.n]).toEqual([800, 200]);
  });

  it('shares a count by largest remainder', () => {
    expect(largestRemainder(10, [0.7, 0.15, 0.15])).toEqual([7, 2, 1]);
    expect(largestRemainder(3, [0.5, 0.5])).toEqual([2, 1]);
  });

  it('is checked: the new sets are sets the infer and evaluate blocks can name', () => {
    const doc = checkSource(
      smallModel(SPLIT, 'infer vi on train {\n  steps 10\n}\nevaluate test {\n  threshold maximize f1 on valid\n}\n'),
      'm.bnn',
    );
    expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(doc.model?.splits).toEqual([
      {
        from: 'all',
        parts: [
          { name: 'train', fraction: 0.7 },
          { name: 'valid', fraction: 0.15 },
          { name: 'test', fraction: 0.15 },
        ],
        stratify: true,
      },
    ]);
  });

  it('runs: fits on train, tunes the threshold on valid and evaluates test', async () => {
    const dir = tempDir({ 'all.csv': allRows() });
    const ir = compile(
      smallModel(SPLIT, 'infer vi {\n  steps 50\n}\nevaluate test {\n  threshold maximize f1 on valid\n}\n'),
      path.join(dir, 'm.bnn'),
    );
    const run = await runModel(ir, { outDir: path.join(dir, 'run'), modelDir: dir, backend: 'cpu', report: false });
    expect(run.results.evaluate?.cases).toBe(150);
    expect(run.results.threshold_rule).toBe("maximizes weighted F1 on 'valid'");
  }, 60_000);
});

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IRColumnExpr, IRData } from '../../src/compiler/ir.js';
import { evaluate, formatColumnExpr } from '../../src/runtime/data/derive.js';
import { MinibatchSampler, gatherRows } from '../../src/runtime/data/batches.js';
import { DataError } from '../../src/data/errors.js';
import { applyStandardization, prepareData } from '../../src/runtime/data/prepare.js';
import { loadDataSets, readTable } from '../../src/data/read.js';
import { Rng } from '../../src/runtime/rng.js';
import { cleanEnv, irData, tempDir, thrown } from './helpers.js';

const TRAIN = '1 10 0\n2 20 0\n3 30 1\n4 60 0\n';
const TEST = '5 0 1\n-1 40 0\n';

function twoSets(over: Partial<IRData> = {}): IRData {
  return irData({
    sets: [
      { name: 'train', files: ['train.txt'] },
      { name: 'test', files: ['test.txt'] },
    ],
    ...over,
  });
}

function loadAndPrepare(files: Record<string, string>, data: IRData, seed = 1) {
  const dir = tempDir(files);
  const raw = loadDataSets(data, { modelDir: dir, env: cleanEnv() });
  return { dir, raw, prepared: prepareData(data, raw, new Rng(seed)) };
}

function sdOf(v: number[]): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
}

describe('standardization', () => {
  it('uses the mean and population sd of the training set for every set', () => {
    const { prepared } = loadAndPrepare({ 'train.txt': TRAIN, 'test.txt': TEST }, twoSets());
    const [stats] = prepared.standardization.features;
    const a = [1, 2, 3, 4];
    const b = [10, 20, 30, 60];
    expect(stats.columns).toEqual(['a', 'b']);
    expect(stats.mean).toEqual([2.5, 30]);
    expect(stats.sd[0]).toBeCloseTo(sdOf(a), 12);
    expect(stats.sd[1]).toBeCloseTo(sdOf(b), 12);

    const train = prepared.sets.train;
    expect(train.widths.x).toBe(2);
    const trainA = [0, 1, 2, 3].map((i) => train.features.x[i * 2]);
    expect(trainA.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 6);
    expect(sdOf(trainA)).toBeCloseTo(1, 6);

    const test = prepared.sets.test;
    expect(test.n).toBe(2);
    expect(Array.from(test.features.x)).toEqual(
      [(5 - 2.5) / stats.sd[0], (0 - 30) / stats.sd[1], (-1 - 2.5) / stats.sd[0], (40 - 30) / stats.sd[1]].map(
        Math.fround,
      ),
    );
    expect(Array.from(test.target)).toEqual([1, 0]);
  });

  it('leaves a matrix with standardize off as it is', () => {
    const data = twoSets({ features: [{ name: 'x', columns: ['b', 'a'], standardize: false }] });
    const { prepared } = loadAndPrepare({ 'train.txt': TRAIN, 'test.txt': TEST }, data);
    expect(Array.from(prepared.sets.test.features.x)).toEqual([0, 5, 40, -1]);
    expect(prepared.standardization.features[0]).toMatchObject({ standardize: false, mean: [0, 0], sd: [1, 1] });
  });

  it('rejects a column that is constant in the training set, naming it', () => {
    const dir = tempDir({ 'train.txt': '1 7 0\n2 7 1\n', 'test.txt': TEST });
    const data = twoSets();
    const raw = loadDataSets(data, { modelDir: dir, env: cleanEnv() });
    const err = thrown(() => prepareData(data, raw, new Rng(1)), DataError);
    const p = err.problems;
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ file: path.join(dir, 'train.txt'), column: { name: 'b', position: 2 } });
    expect(p[0].message).toMatch(/constant in the training set train \(every value is 7\)/);
  });

  it('applies stored statistics (through JSON) to new rows exactly as to the sets it was computed with', () => {
    const data = twoSets({
      derived: [{ name: 'ab', expr: { op: 'mul', a: { op: 'column', name: 'a' }, b: { op: 'column', name: 'b' } } }],
    });
    data.features = [{ name: 'x', columns: ['a', 'ab'], standardize: true }];
    const { dir, prepared } = loadAndPrepare({ 'train.txt': TRAIN, 'test.txt': TEST }, data);
    const stored = JSON.parse(JSON.stringify(prepared.standardization));
    const fresh = readTable('new', [path.join(dir, 'test.txt')], { columns: data.columns });
    const applied = applyStandardization(data, stored, fresh);
    expect(applied.n).toBe(2);
    expect(Array.from(applied.features.x)).toEqual(Array.from(prepared.sets.test.features.x));

    const other = { ...data, features: [{ name: 'x', columns: ['a', 'b'], standardize: true }] };
    expect(() => applyStandardization(other, stored, fresh)).toThrow(/does not match the model's feature matrix x/);
  });
});

describe('derived columns', () => {
  const expr: IRColumnExpr = {
    op: 'add',
    a: { op: 'call', fn: 'log', args: [{ op: 'column', name: 'a' }] },
    b: {
      op: 'call',
      fn: 'max',
      args: [
        { op: 'column', name: 'b' },
        { op: 'const', value: 25 },
        { op: 'neg', a: { op: 'const', value: -27 } },
      ],
    },
  };

  it('computes derived columns row by row and can feed them to a matrix', () => {
    const data = twoSets({
      derived: [
        { name: 'd', expr },
        {
          name: 'e',
          expr: {
            op: 'call',
            fn: 'pow',
            args: [
              { op: 'column', name: 'd' },
              { op: 'const', value: 2 },
            ],
          },
        },
      ],
    });
    data.features = [{ name: 'x', columns: ['d', 'e'], standardize: false }];
    const { prepared } = loadAndPrepare({ 'train.txt': TRAIN, 'test.txt': '5 0 1\n2 40 0\n' }, data);
    const d = [Math.log(5) + 27, Math.log(2) + 40];
    expect(Array.from(prepared.sets.test.features.x)).toEqual([d[0], d[0] ** 2, d[1], d[1] ** 2].map(Math.fround));
  });

  it('reports a NaN or infinite derived value with the file, line, column and the row inputs', () => {
    const data = twoSets({
      derived: [
        { name: 'd', expr },
        { name: 'r', expr: { op: 'div', a: { op: 'const', value: 1 }, b: { op: 'column', name: 'b' } } },
      ],
    });
    const dir = tempDir({ 'train.txt': TRAIN, 'test.txt': TEST });
    const raw = loadDataSets(data, { modelDir: dir, env: cleanEnv() });
    const err = thrown(() => prepareData(data, raw, new Rng(1)), DataError);
    const p = err.problems.map((q) => ({ ...q, file: path.basename(q.file) }));
    expect(p.map((q) => [q.file, q.line, q.column?.name])).toEqual([
      ['test.txt', 2, 'd'],
      ['test.txt', 1, 'r'],
    ]);
    expect(p[0].message).toMatch(
      /the derived column d = log\(a\) \+ max\(b, 25, -\(-27\)\) is NaN on this row \(a = -1, b = 40\)/,
    );
    expect(p[1].message).toMatch(/is Infinity on this row \(b = 0\)/);
    expect(err.message).toMatch(/test\.txt:2: column d: the derived column/);
  });

  it('implements every operator of IRColumnExpr', () => {
    const cols = { a: Float64Array.from([4, -2]), b: Float64Array.from([3, 0.5]) };
    const col = (name: string) => ({ op: 'column', name }) as const;
    const call = (
      fn: 'abs' | 'log' | 'exp' | 'sqrt' | 'pow' | 'min' | 'max',
      ...args: IRColumnExpr[]
    ): IRColumnExpr => ({ op: 'call', fn, args });
    const cases: [IRColumnExpr, number[]][] = [
      [{ op: 'add', a: col('a'), b: col('b') }, [7, -1.5]],
      [{ op: 'sub', a: col('a'), b: col('b') }, [1, -2.5]],
      [{ op: 'mul', a: col('a'), b: col('b') }, [12, -1]],
      [{ op: 'div', a: col('a'), b: col('b') }, [4 / 3, -4]],
      [{ op: 'neg', a: col('a') }, [-4, 2]],
      [{ op: 'const', value: 2.5 }, [2.5, 2.5]],
      [call('abs', col('a')), [4, 2]],
      [call('log', col('b')), [Math.log(3), Math.log(0.5)]],
      [call('exp', col('b')), [Math.exp(3), Math.exp(0.5)]],
      [call('sqrt', col('b')), [Math.sqrt(3), Math.sqrt(0.5)]],
      [call('pow', col('a'), col('b')), [64, Math.pow(-2, 0.5)]],
      [call('min', col('a'), col('b')), [3, -2]],
      [call('max', col('a'), col('b'), { op: 'const', value: 3.5 }), [4, 3.5]],
    ];
    for (const [e, want] of cases) expect(Array.from(evaluate(e, cols, 2)), formatColumnExpr(e)).toEqual(want);
    expect(() => evaluate(call('pow', col('a')), cols, 2)).toThrow(/pow takes 2 arguments/);
  });

  it('checks the labels of a derived target', () => {
    const data = twoSets({
      columns: ['a', 'b', 'raw'],
      derived: [{ name: 'label', expr: { op: 'sub', a: { op: 'column', name: 'raw' }, b: { op: 'const', value: 1 } } }],
    });
    const dir = tempDir({ 'train.txt': '1 2 1\n2 3 2\n', 'test.txt': '1 2 3\n' });
    const raw = loadDataSets(data, { modelDir: dir, env: cleanEnv() });
    expect(() => prepareData(data, raw, new Rng(1))).toThrow(/test\.txt:1: column label: label 2 is not 0 or 1/);
  });
});

describe('balancing', () => {
  const rows = (n1: number, n0: number) =>
    [
      ...Array.from({ length: n1 }, (_, i) => `${i} ${i % 7} 1`),
      ...Array.from({ length: n0 }, (_, i) => `${100 + i} ${i % 5} 0`),
    ].join('\n');

  it('upsamples the minority class to the majority count, keeping every original row', () => {
    const data = irData({ balance: [{ set: 'train', method: 'upsample' }] });
    const { raw, prepared } = loadAndPrepare({ 'train.txt': rows(30, 70) }, data);
    const s = prepared.sets.train;
    expect(s.n).toBe(140);
    expect(Array.from(s.target).filter((y) => y === 1)).toHaveLength(70);
    expect(Array.from(s.rows.subarray(0, 100))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Each row's features and target are those of the raw row it repeats.
    const stats = prepared.standardization.features[0];
    for (let i = 0; i < s.n; i++) {
      const r = s.rows[i];
      expect(s.target[i]).toBe(raw.train.columns.label[r]);
      expect(s.features.x[i * 2]).toBe(Math.fround((raw.train.columns.a[r] - stats.mean[0]) / stats.sd[0]));
    }
    // Standardization comes from the rows before upsampling.
    expect(stats.mean[0]).toBeCloseTo((435 + 7000 + 2415) / 100, 10);
  });

  it('is fixed by the seed', () => {
    const data = irData({ balance: [{ set: 'train', method: 'upsample' }] });
    const files = { 'train.txt': rows(30, 70) };
    const extra = (seed: number) =>
      Array.from(loadAndPrepare(files, data, seed).prepared.sets.train.rows.subarray(100));
    expect(extra(7)).toEqual(extra(7));
    expect(extra(7)).not.toEqual(extra(8));
    expect(extra(7).every((r) => r < 30)).toBe(true);
  });

  it('brings every class of a categorical target to the majority count', () => {
    const data = irData({
      target: { name: 'y', column: 'label', kind: 'categorical', classes: 3 },
      balance: [{ set: 'train', method: 'upsample' }],
    });
    const lines = [...Array(5).fill('1 2 0'), ...Array(2).fill('1 3 1'), '2 2 2'].join('\n');
    const { prepared } = loadAndPrepare({ 'train.txt': lines }, data);
    const t = Array.from(prepared.sets.train.target);
    expect(t).toHaveLength(15);
    expect([0, 1, 2].map((c) => t.filter((y) => y === c).length)).toEqual([5, 5, 5]);
  });

  it('balances only the named set', () => {
    const data = twoSets({
      balance: [
        { set: 'train', method: 'upsample' },
        { set: 'test', method: 'none' },
      ],
    });
    const { prepared } = loadAndPrepare({ 'train.txt': TRAIN, 'test.txt': '1 2 0\n2 2 0\n3 4 1\n' }, data);
    expect(prepared.sets.train.n).toBe(6);
    expect(prepared.sets.test.n).toBe(3);
  });
});

describe('minibatches', () => {
  it('gives fixed-size batches that use every row once per epoch, reshuffled each epoch', () => {
    const s = new MinibatchSampler(12, 4, new Rng(3));
    const epochs: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const seen: number[] = [];
      for (let b = 0; b < 3; b++) {
        const batch = s.next();
        expect(batch).toHaveLength(4);
        seen.push(...batch);
      }
      expect(s.epoch).toBe(e + 1);
      expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      epochs.push(seen);
    }
    expect(epochs[0]).not.toEqual(epochs[1]);
    const again = new MinibatchSampler(12, 4, new Rng(3));
    expect(Array.from(again.next())).toEqual(epochs[0].slice(0, 4));
  });

  it('fills a batch that crosses an epoch from the next one, and caps the size at n', () => {
    const s = new MinibatchSampler(5, 3, new Rng(1));
    const first = [...s.next(), ...s.next()];
    expect(s.epoch).toBe(2);
    expect(new Set(first.slice(0, 5)).size).toBe(5);
    expect(new MinibatchSampler(5, 50, new Rng(1)).next()).toHaveLength(5);
  });

  it('gathers the rows of a matrix', () => {
    const m = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(gatherRows(m, 2, [2, 0, 2]))).toEqual([5, 6, 1, 2, 5, 6]);
  });
});

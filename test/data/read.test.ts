import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, MAX_PROBLEMS_PER_FILE, type DataProblem } from '../../src/data/errors.js';
import { chooseSeparator, splitLine, type Separator } from '../../src/data/fields.js';
import { loadDataSets } from '../../src/data/read.js';
import type { IRData } from '../../src/compiler/ir.js';
import { cleanEnv, irData, tempDir } from './helpers.js';

function load(files: Record<string, string>, data: IRData = irData()) {
  const dir = tempDir(files);
  return { dir, tables: () => loadDataSets(data, { modelDir: dir, env: cleanEnv() }) };
}

/** The DataError thrown, with file paths made relative to dir. */
function problemsOf(
  files: Record<string, string>,
  data: IRData = irData(),
): { error: DataError; problems: DataProblem[] } {
  const { dir, tables } = load(files, data);
  try {
    tables();
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return { error: e, problems: e.problems.map((p) => ({ ...p, file: path.relative(dir, p.file) })) };
  }
  throw new Error('expected a DataError');
}

describe('reading data files', () => {
  it('reads a whitespace-separated file without a header, skipping blank lines, with CRLF and padding', () => {
    const { tables } = load({ 'train.txt': '  1.5   2e-1 0\r\n\r\n-3\t.5 1\r\n\n4 +5E2 1\n' });
    const t = tables().train;
    expect(t.n).toBe(3);
    expect(Array.from(t.columns.a)).toEqual([1.5, -3, 4]);
    expect(Array.from(t.columns.b)).toEqual([0.2, 0.5, 500]);
    expect(Array.from(t.columns.label)).toEqual([0, 1, 1]);
    expect(Array.from(t.rowLine)).toEqual([1, 3, 5]);
  });

  it('matches header names to the declared columns in any order and ignores extra columns', () => {
    const { tables } = load({ 'train.txt': 'label,"extra",b,a\n1,99,2,3\n0,98,5,6\n' });
    const t = tables().train;
    expect(Array.from(t.columns.a)).toEqual([3, 6]);
    expect(Array.from(t.columns.b)).toEqual([2, 5]);
    expect(Array.from(t.columns.label)).toEqual([1, 0]);
    expect(Array.from(t.rowLine)).toEqual([2, 3]);
  });

  it('reads a tab-separated file whose header names have spaces', () => {
    const data = irData({
      columns: ['col a', 'b', 'label'],
      features: [{ name: 'x', columns: ['col a', 'b'], standardize: true }],
    });
    const { tables } = load({ 'train.txt': 'col a\tb\tlabel\n1\t2\t0\n3\t4\t1\n' }, data);
    expect(Array.from(tables().train.columns['col a'])).toEqual([1, 3]);
  });

  it('takes a first line with a typo in a number for data, and one of names for a header', () => {
    const { problems } = problemsOf({ 'train.txt': '1 2x 0\n3 4 1\n' });
    expect(problems).toEqual([
      {
        file: 'train.txt',
        line: 1,
        column: { name: 'b', position: 2 },
        message: expect.stringMatching(/"2x" is not a number/),
      },
    ]);
    const header = problemsOf({ 'train.txt': 'a 2 c\n3 4 1\n' }).problems;
    expect(header[0].message).toMatch(/line 1 was read as a header because not all its values are numbers/);
  });

  it('honours an explicit header and separator', () => {
    const data = irData({ sets: [{ name: 'train', files: ['train.txt'], header: true, separator: ';' }] });
    const { tables } = load({ 'train.txt': '1;2;3\n7;8;1\n' }, data);
    // With header: true, the numeric first line is a header naming columns "1", "2", "3".
    expect(() => tables()).toThrow(/lacks the declared columns a, b, label/);
    const noHeader = irData({ sets: [{ name: 'train', files: ['train.txt'], header: false, separator: ';' }] });
    const t = load({ 'train.txt': '1;2;0\n7;8;1\n' }, noHeader).tables().train;
    expect(Array.from(t.columns.b)).toEqual([2, 8]);
  });

  it('concatenates the files of a set in order and remembers where each row came from', () => {
    const data = irData({ sets: [{ name: 'train', files: ['p1.txt', 'sub/p2.csv'] }] });
    const { dir, tables } = load({ 'p1.txt': '1 2 0\n3 4 1\n', 'sub/p2.csv': 'a,b,label\n5,6,0\n' }, data);
    const t = tables().train;
    expect(Array.from(t.columns.a)).toEqual([1, 3, 5]);
    expect(t.files).toEqual([path.join(dir, 'p1.txt'), path.join(dir, 'sub/p2.csv')]);
    expect(Array.from(t.rowFile)).toEqual([0, 0, 1]);
    expect(Array.from(t.rowLine)).toEqual([1, 2, 2]);
  });
});

describe('separators', () => {
  it('takes the spellings the language allows, and detects comma, tab and whitespace', () => {
    const tab: Separator = { kind: 'char', char: '\t' };
    for (const d of ['\t', '\\t', 'tab']) expect(chooseSeparator(d, '')).toEqual(tab);
    expect(chooseSeparator(',', '')).toEqual({ kind: 'char', char: ',' });
    expect(chooseSeparator('whitespace', '1,2')).toEqual({ kind: 'whitespace' });
    expect(chooseSeparator(undefined, '1, 2')).toEqual({ kind: 'char', char: ',' });
    expect(chooseSeparator(undefined, '1\t2\t3')).toEqual({ kind: 'whitespace' });
    expect(chooseSeparator(undefined, '1\t\t3')).toEqual(tab);
    expect(splitLine('1\t\t3', tab)).toEqual(['1', '', '3']);
    expect(splitLine(' "a" , b ', { kind: 'char', char: ',' })).toEqual(['a', 'b']);
  });
});

describe('bad data', () => {
  it('names the missing header columns', () => {
    const { problems } = problemsOf({ 'train.txt': 'a,label,z\n1,0,2\n' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'train.txt', line: 1 });
    expect(problems[0].message).toMatch(/lacks the declared column b/);
    expect(problems[0].message).toMatch(/the header has: a label z/);
  });

  it('reports a ragged row by file and line', () => {
    const { problems, error } = problemsOf({ 'train.txt': '1 2 0\n3 4\n5 6 1\n7 8 0 9\n' });
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['train.txt', 2],
      ['train.txt', 4],
    ]);
    expect(problems[0].message).toMatch(/row has 2 values, expected 3/);
    expect(error.message).toMatch(/train\.txt:2: row has 2 values/);
  });

  it('reports a non-number with its line and column name and position', () => {
    const { problems, error } = problemsOf({ 'train.txt': '1 2 0\n3 x4 1\n' });
    expect(problems).toEqual([
      {
        file: 'train.txt',
        line: 2,
        column: { name: 'b', position: 2 },
        message: expect.stringMatching(/"x4" is not a number/),
      },
    ]);
    expect(error.message).toMatch(
      /train\.txt:2: column b \(2\): "x4" is not a number; fix the value or remove the row/,
    );
  });

  it('locates the column by its place in the file when a header reorders columns', () => {
    const { problems } = problemsOf({ 'train.txt': 'b,label,a\n1,0,oops\n' });
    expect(problems[0]).toMatchObject({ line: 2, column: { name: 'a', position: 3 } });
  });

  it('rejects NaN, Inf, overflow and empty values', () => {
    const { problems } = problemsOf({ 'train.txt': 'a,b,label\nNaN,1,0\n1,-Inf,0\n1,1e999,1\n1,,1\n1,infinity,0\n' });
    expect(problems.map((p) => [p.line, p.column?.name])).toEqual([
      [2, 'a'],
      [3, 'b'],
      [4, 'b'],
      [5, 'b'],
      [6, 'b'],
    ]);
    expect(problems[0].message).toMatch(/NaN is not allowed: every value must be a finite number/);
    expect(problems[1].message).toMatch(/-Inf is not allowed/);
    expect(problems[2].message).toMatch(/overflows/);
    expect(problems[3].message).toMatch(/empty value/);
  });

  it('rejects a label outside a binary target', () => {
    const { problems } = problemsOf({ 'train.txt': '1 2 0\n1 2 2\n1 2 0.5\n1 2 -1\n' });
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, { name: 'label', position: 3 }],
      [3, { name: 'label', position: 3 }],
      [4, { name: 'label', position: 3 }],
    ]);
    expect(problems[0].message).toMatch(/label 2 is not 0 or 1 \(the target label is binary\)/);
  });

  it('rejects a label outside a categorical target, and accepts any finite value for a real one', () => {
    const cat = irData({ target: { name: 'y', column: 'label', kind: 'categorical', classes: 3 } });
    const { problems } = problemsOf({ 'train.txt': '1 2 0\n1 2 2\n1 2 3\n1 2 1.5\n' }, cat);
    expect(problems.map((p) => p.line)).toEqual([3, 4]);
    expect(problems[0].message).toMatch(/not a class 0\.\.2/);
    const real = irData({ target: { name: 'y', column: 'label', kind: 'real' } });
    expect(load({ 'train.txt': '1 2 -7.25\n1 2 3e5\n' }, real).tables().train.n).toBe(2);
  });

  it('rejects an empty file and a file with a header but no rows', () => {
    const data = irData({ sets: [{ name: 'train', files: ['empty.txt', 'headonly.csv'] }] });
    const { problems } = problemsOf({ 'empty.txt': '\n  \n', 'headonly.csv': 'a,b,label\n' }, data);
    expect(problems.map((p) => p.file)).toEqual(['empty.txt', 'headonly.csv']);
    expect(problems[0].message).toMatch(/is empty/);
    expect(problems[1].message).toMatch(/has a header but no data rows/);
  });

  it('rejects a file whose column count differs from the declared columns, once', () => {
    const { problems } = problemsOf({ 'train.txt': '1 2 3 0\n1 2 3 0\n1 2 3 1\n' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'train.txt', line: 1 });
    expect(problems[0].message).toMatch(
      /has 4 whitespace-separated values per row, but the model declares 3 columns \(a b label\)/,
    );
  });

  it('collects problems from every file and set, up to the cap per file, before failing', () => {
    const bad = Array.from({ length: 30 }, (_, i) => `${i} x 0`).join('\n');
    const data = irData({
      sets: [
        { name: 'train', files: ['train.txt'] },
        { name: 'test', files: ['test.txt'] },
      ],
    });
    const { problems, error } = problemsOf({ 'train.txt': bad, 'test.txt': '1 2 0\n1 2 5\n' }, data);
    expect(problems.filter((p) => p.file === 'train.txt')).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(problems.filter((p) => p.file === 'test.txt').map((p) => p.line)).toEqual([2]);
    expect(Object.values(error.omitted)).toEqual([30 - MAX_PROBLEMS_PER_FILE]);
    expect(error.message).toMatch(/^bad data: 31 problems in 2 files; nothing was fitted\./);
    expect(error.message).toMatch(/\.\.\. and 10 more problems/);
  });
});

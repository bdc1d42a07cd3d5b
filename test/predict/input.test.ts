// Reading the cases to predict: columns by name in any order, other fields passed through as
// written, the data reader's separators, and a located, user-facing error for every bad input.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userMessage } from '../../src/cli/errors.js';
import { PredictInputError, readCases } from '../../src/runtime/predict/index.js';
import { removeTempDirs, tempDir } from './helpers.js';

const COLUMNS = ['a', 'b'];
const RESERVED = ['probability', 'class'];

afterAll(removeTempDirs);

function file(content: string): string {
  return path.join(tempDir({ 'cases.csv': content }), 'cases.csv');
}

function readError(content: string): PredictInputError {
  const f = file(content);
  try {
    readCases(f, COLUMNS, RESERVED);
  } catch (e) {
    expect(e).toBeInstanceOf(PredictInputError);
    expect((e as Error).message).toContain(`bad input: `);
    return e as PredictInputError;
  }
  throw new Error(`expected ${f} to be refused`);
}

describe('readCases', () => {
  it('reads the input columns by name and keeps every field as written', () => {
    const c = readCases(file('id,b,label,a\nx1,2.50,1,1e3\n\n x2 , -4 ,0, .5\n'), COLUMNS, RESERVED);
    expect(c.header).toEqual(['id', 'b', 'label', 'a']);
    expect(c.rows).toEqual([
      ['x1', '2.50', '1', '1e3'],
      ['x2', '-4', '0', '.5'],
    ]);
    expect(Array.from(c.table.columns.a)).toEqual([1000, 0.5]);
    expect(Array.from(c.table.columns.b)).toEqual([2.5, -4]);
    expect(Array.from(c.table.rowLine)).toEqual([2, 4]);
  });

  it('accepts tab- and whitespace-separated files, CRLF line ends and a byte-order mark', () => {
    for (const text of ['\ufeffb\ta\r\n1\t2\r\n', 'b   a\n 1  2\n']) {
      const c = readCases(file(text), COLUMNS, RESERVED);
      expect(c.rows).toEqual([['1', '2']]);
      expect(Array.from(c.table.columns.a)).toEqual([2]);
    }
  });

  it('names a missing column, and what the header has', () => {
    const e = readError('a,c\n1,2\n');
    expect(e.message).toMatch(
      /cases\.csv:1: the header lacks the column b; the model needs a, b \(in any order\), and the header has a, c/,
    );
  });

  it('names the line and the column of a value that is not a number', () => {
    const e = readError('b,a\n1,2\n\n3,x\n,4\n');
    expect(e.problems.map((p) => [p.line, p.column?.name])).toEqual([
      [4, 'a'],
      [5, 'b'],
    ]);
    expect(e.message).toMatch(/cases\.csv:4: column a \(2\): "x" is not a number/);
    expect(e.message).toMatch(/cases\.csv:5: column b \(1\): empty value/);
  });

  it('refuses an empty file, a header without rows, and rows without a header', () => {
    expect(readError('').message).toMatch(/cases\.csv: is empty; it needs a header line naming the columns a, b/);
    expect(readError('\n  \n').message).toMatch(/is empty/);
    expect(readError('a,b\n\n').message).toMatch(/cases\.csv: has a header but no cases; add one row per case/);
    expect(readError('1,2\n3,4\n').message).toMatch(
      /cases\.csv:1: the first line holds numbers, not column names; add a header line/,
    );
  });

  it('refuses rows of the wrong length, repeated names, and names the predictions add', () => {
    expect(readError('a,b\n1,2,3\n').message).toMatch(/cases\.csv:2: the row has 3 values and the header 2/);
    expect(readError('a,b,a\n1,2,3\n').message).toMatch(/cases\.csv:1: the header names the column a more than once/);
    expect(readError('a,b,probability\n1,2,3\n').message).toMatch(
      /cases\.csv:1: the header already has the column probability, which the predictions add/,
    );
  });

  it('is refused with a message for the user, not a stack trace', () => {
    expect(userMessage(readError('a\n1\n'))).toEqual({
      code: 'BNN5201',
      message: expect.stringMatching(/^bad input: 1 problem in .*cases\.csv; nothing was predicted\./),
      exitCode: 1,
    });
    const missing = path.join(tempDir(), 'none.csv');
    expect(() => readCases(missing, COLUMNS)).toThrow(/none\.csv: cannot be read \(no such file\)/);
  });
});

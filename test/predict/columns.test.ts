// The columns a prediction reads: what the features use, through derived columns; not the
// target, nor columns nothing reads.
import { describe, expect, it } from 'vitest';
import { inputColumns } from '../../src/runtime/predict/index.js';
import { irData } from '../data/helpers.js';

const col = (name: string) => ({ op: 'column' as const, name });

describe('inputColumns', () => {
  it('needs the columns the features read, in the order of the columns line', () => {
    const d = irData({
      columns: ['c', 'a', 'b', 'unused', 'label'],
      features: [{ name: 'x', columns: ['b', 'a'], standardize: true }],
    });
    expect(inputColumns(d)).toEqual({ columns: ['a', 'b'], derived: [] });
  });

  it('follows derived columns to the columns they read, and keeps only the derived columns used', () => {
    const derived = [
      { name: 'ratio', expr: { op: 'div' as const, a: col('a'), b: col('c') } },
      { name: 'twice', expr: { op: 'mul' as const, a: col('ratio'), b: { op: 'const' as const, value: 2 } } },
      { name: 'relabel', expr: { op: 'sub' as const, a: col('label'), b: col('d') } },
    ];
    const d = irData({
      columns: ['a', 'b', 'c', 'd', 'label'],
      derived,
      features: [{ name: 'x', columns: ['b', 'twice'], standardize: true }],
    });
    const needed = inputColumns(d);
    expect(needed.columns).toEqual(['a', 'b', 'c']);
    expect(needed.derived.map((x) => x.name)).toEqual(['ratio', 'twice']);
  });
});

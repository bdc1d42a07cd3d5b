// The data block's `a, b, c = split(all, 0.7, 0.15, 0.15) by y`: the rows of one set dealt into
// new sets, before derived columns, standardization or balancing see them.
//
//   splitSets(irData, raw, rng) -> raw with the new sets added
//       each split draws from rng.fork(`split:${first new set}`): the same seed deals the same
//       rows. Stratified (`by` the class target): within each class the rows are shuffled and
//       the class's count n is shared by largest remainder of n·fraction, so that every new set
//       holds each class in the source's proportion, up to one row. Without `by`, the whole set
//       is one stratum. Each new set keeps its rows in the source's order.

import type { IRData } from '../../compiler/ir.js';
import { ProblemCollector } from '../../data/errors.js';
import type { RawTable } from '../../data/table.js';
import type { Rng } from '../rng.js';
import { deriveColumns } from './derive.js';

export function splitSets(irData: IRData, raw: Record<string, RawTable>, rng: Rng): Record<string, RawTable> {
  const out = { ...raw };
  for (const split of irData.splits) {
    const table = out[split.from];
    if (!table) continue;
    const strata = split.stratify ? byValue(stratumValues(irData, table)) : [identity(table.n)];
    const parts = dealRows(
      strata,
      split.parts.map((p) => p.fraction),
      rng.fork(`split:${split.parts[0].name}`),
    );
    split.parts.forEach((p, k) => (out[p.name] = subsetTable(table, p.name, parts[k])));
  }
  return out;
}

/** Each part's rows (ascending), each stratum's shuffled rows shared by largest remainder. */
export function dealRows(strata: Int32Array[], fractions: number[], rng: Rng): Int32Array[] {
  const parts: number[][] = fractions.map(() => []);
  for (const rows of strata) {
    const order = rng.permutation(rows.length);
    const counts = largestRemainder(rows.length, fractions);
    let at = 0;
    counts.forEach((c, k) => {
      for (let i = 0; i < c; i++) parts[k].push(rows[order[at++]]);
    });
  }
  return parts.map((p) => Int32Array.from(p).sort());
}

/** n shared by the fractions: floors, then one more to the largest remainders (ties: the earlier part). */
export function largestRemainder(n: number, fractions: number[]): number[] {
  const exact = fractions.map((f) => n * f);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, k) => ({ k, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of byRemainder) {
    if (left <= 0) break;
    counts[k]++;
    left--;
  }
  return counts;
}

/** The target column's values, derived when the target is a derived column (its problems are reported when the data are prepared). */
function stratumValues(irData: IRData, table: RawTable): Float64Array {
  const column = irData.target.column;
  return table.columns[column] ?? deriveColumns(irData.derived, table, new ProblemCollector())[column];
}

/** The rows of each distinct value, in order of first appearance. */
function byValue(values: Float64Array): Int32Array[] {
  const groups = new Map<string, number[]>();
  values.forEach((v, i) => {
    const key = String(v);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  return [...groups.values()].map((g) => Int32Array.from(g));
}

function subsetTable(t: RawTable, set: string, rows: Int32Array): RawTable {
  const columns: Record<string, Float64Array> = {};
  for (const [name, v] of Object.entries(t.columns)) columns[name] = Float64Array.from(rows, (r) => v[r]);
  return {
    set,
    files: t.files,
    n: rows.length,
    columns,
    rowFile: Uint16Array.from(rows, (r) => t.rowFile[r]),
    rowLine: Uint32Array.from(rows, (r) => t.rowLine[r]),
  };
}

function identity(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** The rows of `a` then those of `b`, as one set named `set` (their files in that order). */
export function concatTables(a: RawTable, b: RawTable, set: string): RawTable {
  const columns: Record<string, Float64Array> = {};
  for (const [name, v] of Object.entries(a.columns)) {
    const w = new Float64Array(a.n + b.n);
    w.set(v);
    w.set(b.columns[name], a.n);
    columns[name] = w;
  }
  const rowFile = new Uint16Array(a.n + b.n);
  rowFile.set(a.rowFile);
  rowFile.set(
    b.rowFile.map((f) => f + a.files.length),
    a.n,
  );
  const rowLine = new Uint32Array(a.n + b.n);
  rowLine.set(a.rowLine);
  rowLine.set(b.rowLine, a.n);
  return { set, files: [...a.files, ...b.files], n: a.n + b.n, columns, rowFile, rowLine };
}

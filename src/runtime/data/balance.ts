// Balancing a set by upsampling: every class is brought up to the count of the largest class.
//
//   upsampleIndices(labels, classes, rng) → row indices: every original row once, in order,
//       followed by rows drawn with replacement from each smaller class (uniformly within the
//       class) until it has as many rows as the largest class.
//
// All original rows are kept (rather than replacing a class by a bootstrap of itself), so no
// case is lost; only the duplicates are random. A class with no rows cannot be upsampled and is
// reported in `empty`.

import type { Rng } from '../rng.js';

export interface Upsampled {
  rows: Int32Array;
  /** Rows per class before and after. */
  before: number[];
  after: number[];
  /** Classes with no rows at all. */
  empty: number[];
}

export function upsampleIndices(labels: ArrayLike<number>, classes: number, rng: Rng): Upsampled {
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes)
      throw new Error(`upsampling: label ${c} of row ${i} is not a class 0..${classes - 1}`);
    members[c].push(i);
  }
  const before = members.map((m) => m.length);
  const target = Math.max(...before);
  const extra = before.reduce((a, b) => a + (b > 0 ? target - b : 0), 0);
  const rows = new Int32Array(labels.length + extra);
  for (let i = 0; i < labels.length; i++) rows[i] = i;
  let o = labels.length;
  for (const m of members) {
    if (m.length === 0) continue;
    for (let k = m.length; k < target; k++) rows[o++] = m[rng.int(m.length)];
  }
  return {
    rows,
    before,
    after: before.map((b) => (b > 0 ? target : 0)),
    empty: before.flatMap((b, c) => (b === 0 ? [c] : [])),
  };
}

// Shape rules. Broadcasting, the one written rule: align the two shapes at their last dimension;
// a missing dimension counts as 1; two sizes match when equal or when one is 1, and the result
// takes the other. N (the rows of the data) matches only N or 1.
import type { Dim, Shape } from './checked-model.js';

export function broadcast(a: Shape, b: Shape): Shape | undefined {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x === y) out.push(x);
    else if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else return undefined;
  }
  return out;
}

/** numpy's matmul for ranks 1 and 2; undefined when the inner sizes differ. */
export function matmul(a: Shape, b: Shape): Shape | undefined {
  const inner = (s: Shape, left: boolean) => (left ? s[s.length - 1] : s.length === 1 ? s[0] : s[s.length - 2]);
  if (inner(a, true) !== inner(b, false)) return undefined;
  const rows = a.length === 2 ? [a[0]] : [];
  const cols = b.length === 2 ? [b[1]] : [];
  return [...rows, ...cols];
}

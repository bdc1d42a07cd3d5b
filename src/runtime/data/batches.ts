// Minibatches for stochastic VI (infer.batch).
//
//   new MinibatchSampler(n, batchSize, rng)
//     .next()  → the row indices of the next batch, always min(batchSize, n) of them
//     .epoch   → how many full passes have started (1 after the first next())
//   gatherRows(matrix, width, rows, out?) → the rows of a row-major matrix, row-major
//
// The sampler walks a fresh seeded permutation of 0..n-1 each epoch; a batch that runs past
// the end of one is filled from the start of the next, so every batch has the same size (the
// engine can keep one tensor shape) and every row is used once per epoch.

import type { Rng } from '../rng.js';

export { gatherRows } from '../../compiler/rows.js';

export class MinibatchSampler {
  readonly size: number;
  private order: Int32Array;
  private pos: number;
  private epochs = 0;

  constructor(
    readonly n: number,
    batchSize: number,
    private readonly rng: Rng,
  ) {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`minibatches need at least one row, got ${n}`);
    if (!Number.isInteger(batchSize) || batchSize <= 0)
      throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    this.size = Math.min(batchSize, n);
    this.order = new Int32Array(0);
    this.pos = 0;
  }

  get epoch(): number {
    return this.epochs;
  }

  next(): Int32Array {
    const out = new Int32Array(this.size);
    let k = 0;
    while (k < this.size) {
      if (this.pos >= this.order.length) {
        this.order = this.rng.permutation(this.n);
        this.pos = 0;
        this.epochs++;
      }
      const take = Math.min(this.size - k, this.order.length - this.pos);
      out.set(this.order.subarray(this.pos, this.pos + take), k);
      k += take;
      this.pos += take;
    }
    return out;
  }
}

export function gatherValues(
  values: Float32Array,
  rows: ArrayLike<number>,
  out = new Float32Array(rows.length),
): Float32Array {
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

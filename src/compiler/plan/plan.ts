// The plan: the model's log joint as one linear program over tensors with static shapes (the
// number of rows, 'N', stays symbolic). Lowering makes the forward plan; passes rewrite it
// (stable likelihoods, fusion, simplification); autodiff appends the backward part; executors
// run it (float64 JavaScript for samplers, TensorFlow.js batched over draws for VI).

import type { Dim, Shape } from '../../lang/checking/checked-model.js';

export type { Dim, Shape };

export type Attrs = Record<string, number | string | boolean | Dim[] | undefined>;

export interface Instr {
  /** Index in Plan.instrs. */
  id: number;
  op: string;
  args: number[];
  attrs: Attrs;
  shape: Shape;
  /** True when the value depends on the parameter vector (only those get gradients). */
  param: boolean;
  /** A name for the reader (the model's node, parameter or term). */
  label?: string;
}

/** One parameter's slice of the flat unconstrained vector. */
export interface PlanSlot {
  name: string;
  shape: number[];
  size: number;
  offset: number;
  /** Stored as log θ. */
  positive: boolean;
}

export interface Plan {
  instrs: Instr[];
  slots: PlanSlot[];
  dim: number;
  /** Named scalar or tensor results: 'loglik', 'prior:NAME' (log prior + log-Jacobian of one slot), 'score', … */
  outputs: Map<string, number>;
}

export class PlanShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanShapeError';
  }
}

export function formatShape(s: Shape): string {
  return `[${s.join(', ')}]`;
}

export function sizeOf(s: readonly number[]): number {
  let k = 1;
  for (const d of s) k *= d;
  return k;
}

export function resolve(s: Shape, n: number): number[] {
  return s.map((d) => (d === 'N' ? n : d));
}

/**
 * Element strides of a value of this shape as the executors store it: row-major, except that a
 * leading 'N' axis is innermost, so loops over rows are contiguous.
 */
export function stridesOf(s: Shape, n: number): number[] {
  const r = resolve(s, n);
  const st = new Array<number>(r.length).fill(0);
  const rowsFirst = s[0] === 'N';
  let acc = rowsFirst ? r[0] : 1;
  for (let i = r.length - 1; i >= (rowsFirst ? 1 : 0); i--) {
    st[i] = acc;
    acc *= r[i];
  }
  if (rowsFirst) st[0] = 1;
  return st;
}

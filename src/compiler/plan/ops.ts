// The op table: every operation a plan may hold, each with its shape rule, its float64 forward
// kernel and its reverse-mode rule, in one place. A backward rule emits plan ops (so the backward
// plan is an ordinary plan that every executor runs); it is asked only for the arguments whose
// gradient is needed. The TensorFlow.js executor keeps its own kernels (exec/tf-kernels.ts), one
// per op of this table.

import { inMemory } from '../exec/wasm/kernels.js';
import { elementwise, lastAxis, matmulInto, sumToInto, type JsKernel, type KernelInfo } from './kernels.js';
import { formatShape, PlanShapeError, type Attrs, type Instr, type Shape } from './plan.js';

/** What a backward rule may do: emit ops, read shapes, reduce a gradient to a shape. */
export interface Emitter {
  emit(op: string, args: number[], attrs?: Attrs): number;
  shape(id: number): Shape;
  /** g summed down to `shape` (undoing broadcasting); g itself when the shapes agree. */
  sumTo(g: number, shape: Shape): number;
  constant(value: number): number;
}

/** Gradient contributions of one instruction's arguments, given g = d out / d result. */
export type BackwardRule = (b: Emitter, x: Instr, g: number, need: boolean[]) => (number | null)[];

export interface OpSpec {
  /** One line for the plan's reader and --help. */
  doc: string;
  arity: number;
  shape(args: Shape[], attrs: Attrs): Shape;
  js: JsKernel;
  /**
   * 'leaf': an input of the plan (parameters, data, constants). 'zero': the derivative is zero
   * wherever it exists (step, sign). 'derivative': an op that backward rules emit, never itself
   * differentiated (plans are differentiated once).
   */
  backward: BackwardRule | 'leaf' | 'zero' | 'derivative';
  /** The output shares input 0's storage (a reshape). */
  view?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Shape rules

function broadcast(a: Shape, b: Shape): Shape | null {
  const r = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)];
    const db = i < r - b.length ? 1 : b[i - (r - b.length)];
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else return null;
  }
  return out;
}

function broadcastAll(op: string) {
  return (args: Shape[]): Shape => {
    let s: Shape = [];
    for (const a of args) {
      const next = broadcast(s, a);
      if (!next) throw new PlanShapeError(`${op}: cannot broadcast ${args.map(formatShape).join(' and ')}`);
      s = next;
    }
    return s;
  };
}

const same = (args: Shape[]): Shape => args[0].slice();
const scalar = (): Shape => [];
const attrShape = (_: Shape[], attrs: Attrs): Shape => (attrs.shape as Shape).slice();

function matmulShape(args: Shape[], attrs: Attrs): Shape {
  const [a, b] = args;
  if (a.length !== 2 || b.length !== 2)
    throw new PlanShapeError(`matmul needs matrices, got ${formatShape(a)} @ ${formatShape(b)}`);
  const [ar, ak] = attrs.ta ? [a[1], a[0]] : [a[0], a[1]];
  const [bk, bc] = attrs.tb ? [b[1], b[0]] : [b[0], b[1]];
  if (ak !== bk) throw new PlanShapeError(`matmul inner dimensions differ: ${formatShape(a)} @ ${formatShape(b)}`);
  return [ar, bc];
}

function denseShape(args: Shape[], attrs: Attrs): Shape {
  const out = matmulShape(args.slice(0, 2), {});
  const c = args[2];
  if (!(c.length === 1 && c[0] === out[1]))
    throw new PlanShapeError(`dense: the bias ${formatShape(c)} must be [${out[1]}]`);
  if (attrs.act !== 'relu' && attrs.act !== 'linear')
    throw new PlanShapeError(`dense: unknown activation ${String(attrs.act)}`);
  return out;
}

function keepLast(args: Shape[]): Shape {
  const a = args[0];
  if (a.length === 0) throw new PlanShapeError('a reduction over the last axis needs at least one axis');
  return [...a.slice(0, -1), 1];
}

function reshapeShape(args: Shape[], attrs: Attrs): Shape {
  const to = attrs.shape as Shape;
  const count = (s: Shape) => s.filter((d) => d !== 'N').reduce((x: number, d) => x * (d as number), 1);
  const rows = (s: Shape) => s.filter((d) => d === 'N').length;
  if (count(args[0]) !== count(to) || rows(args[0]) !== rows(to))
    throw new PlanShapeError(`reshape ${formatShape(args[0])} to ${formatShape(to)}`);
  return to.slice();
}

// ---------------------------------------------------------------------------------------------
// Elementwise functions: the value and the derivative in each argument as scalar expressions of
// a, b, c, d (the arguments in order). A derivative of null: not differentiable in that argument
// (data), and asking for it is a compile error.

interface Elementwise {
  doc: string;
  f: string;
  /** One per argument; undefined for neg and exp, whose rules are written out below. */
  df?: (string | null)[];
}

const NORMAL_C = 0.5 * Math.log(2 * Math.PI);
const HALF_NORMAL_C = 0.5 * Math.log(2 / Math.PI);
const T_RES = '((a - c) * (a - c) / (d * d))';

export const ELEMENTWISE: Record<string, Elementwise> = {
  neg: { doc: '−a', f: '-a' },
  square: { doc: 'a²', f: 'a * a', df: ['2 * a'] },
  abs: { doc: '|a|', f: 'Math.abs(a)', df: ['Math.sign(a)'] },
  log: { doc: 'natural logarithm', f: 'Math.log(a)', df: ['1 / a'] },
  exp: { doc: 'eᵃ', f: 'Math.exp(a)' },
  sqrt: { doc: 'the square root of a', f: 'Math.sqrt(a)', df: ['0.5 / Math.sqrt(a)'] },
  relu: { doc: 'max(a, 0)', f: 'a > 0 ? a : 0', df: ['a > 0 ? 1 : 0'] },
  tanh: { doc: 'hyperbolic tangent', f: 'Math.tanh(a)', df: ['1 - Math.tanh(a) * Math.tanh(a)'] },
  sigmoid: { doc: '1 / (1 + e⁻ᵃ)', f: 'h.sigmoid(a)', df: ['h.sigmoid(a) * (1 - h.sigmoid(a))'] },
  softplus: { doc: 'log(1 + eᵃ)', f: 'h.softplus(a)', df: ['h.sigmoid(a)'] },
  elu: { doc: 'a, or eᵃ − 1 below 0', f: 'a > 0 ? a : Math.expm1(a)', df: ['a > 0 ? 1 : Math.exp(a)'] },
  leaky_relu: { doc: 'a, or alpha·a below 0', f: 'a > 0 ? a : p.alpha * a', df: ['a > 0 ? 1 : p.alpha'] },
  clip: {
    doc: 'a limited to [lo, hi]',
    f: 'a < p.lo ? p.lo : a > p.hi ? p.hi : a',
    df: ['a > p.lo && a < p.hi ? 1 : 0'],
  },
  // Log densities, elementwise: the value first, then the distribution's arguments.
  normal_lpdf: {
    doc: 'log Normal(a | mean b, sd c)',
    f: `-0.5 * ((a - b) / c) * ((a - b) / c) - Math.log(c) - ${NORMAL_C}`,
    df: ['(b - a) / (c * c)', '(a - b) / (c * c)', '((a - b) * (a - b) / (c * c) - 1) / c'],
  },
  laplace_lpdf: {
    doc: 'log Laplace(a | location b, scale c)',
    f: '-Math.abs(a - b) / c - Math.log(2 * c)',
    df: ['-Math.sign(a - b) / c', 'Math.sign(a - b) / c', '(Math.abs(a - b) / c - 1) / c'],
  },
  student_t_lpdf: {
    doc: 'log StudentT(a | nu b, location c, scale d)',
    f: `h.lgamma((b + 1) / 2) - h.lgamma(b / 2) - 0.5 * Math.log(b * Math.PI) - Math.log(d) - ((b + 1) / 2) * Math.log1p(${T_RES} / b)`,
    df: [
      `-((b + 1) * (a - c)) / (b * d * d + (a - c) * (a - c))`,
      // In nu: a StudentT likelihood's degrees of freedom may be a parameter.
      `0.5 * h.digamma((b + 1) / 2) - 0.5 * h.digamma(b / 2) - 0.5 / b - 0.5 * Math.log1p(${T_RES} / b) + ((b + 1) / 2) * ${T_RES} / (b * (b + ${T_RES}))`,
      `((b + 1) * (a - c)) / (b * d * d + (a - c) * (a - c))`,
      `(-1 + ((b + 1) * ${T_RES}) / (b + ${T_RES})) / d`,
    ],
  },
  poisson_log_lpmf: {
    doc: 'log Poisson(a | rate eᵇ) = a·b − eᵇ − log a!',
    f: 'a * b - Math.exp(b) - h.lgamma(a + 1)',
    df: [null, 'a - Math.exp(b)'],
  },
  half_normal_lpdf: {
    doc: 'log HalfNormal(a | scale b), a > 0',
    f: `${HALF_NORMAL_C} - Math.log(b) - (a * a) / (2 * b * b)`,
    df: ['-a / (b * b)', '((a * a) / (b * b) - 1) / b'],
  },
  bernoulli_logit_lpmf: {
    doc: 'log Bernoulli(a | logit b) = a·b − softplus(b)',
    f: 'a * b - h.softplus(b)',
    df: [null, 'a - h.sigmoid(b)'],
  },
  bernoulli_lpmf: {
    doc: 'log Bernoulli(a | probability b), b clipped to [1e-6, 1 − 1e-6]',
    f: 'a * Math.log(h.clipP(b)) + (1 - a) * Math.log(1 - h.clipP(b))',
    df: [null, 'b > h.EPS && b < 1 - h.EPS ? a / b - (1 - a) / (1 - b) : 0'],
  },
};

const BINARY: Record<string, { doc: string; f: string; backward: BackwardRule }> = {
  add: {
    doc: 'a + b',
    f: 'a + b',
    backward: (b, x, g, need) => [
      need[0] ? b.sumTo(g, b.shape(x.args[0])) : null,
      need[1] ? b.sumTo(g, b.shape(x.args[1])) : null,
    ],
  },
  sub: {
    doc: 'a − b',
    f: 'a - b',
    backward: (b, x, g, need) => [
      need[0] ? b.sumTo(g, b.shape(x.args[0])) : null,
      need[1] ? b.sumTo(b.emit('neg', [g]), b.shape(x.args[1])) : null,
    ],
  },
  mul: {
    doc: 'a · b',
    f: 'a * b',
    backward: (b, x, g, need) => [
      need[0] ? b.sumTo(b.emit('mul', [g, x.args[1]]), b.shape(x.args[0])) : null,
      need[1] ? b.sumTo(b.emit('mul', [g, x.args[0]]), b.shape(x.args[1])) : null,
    ],
  },
  div: {
    doc: 'a / b',
    f: 'a / b',
    backward: (b, x, g, need) => [
      need[0] ? b.sumTo(b.emit('div', [g, x.args[1]]), b.shape(x.args[0])) : null,
      need[1]
        ? b.sumTo(b.emit('neg', [b.emit('div', [b.emit('mul', [g, x.id]), x.args[1]])]), b.shape(x.args[1]))
        : null,
    ],
  },
};

const leafKernel: JsKernel = () => {
  // Leaves are filled by the executor (parameters, data, constants).
};

function derivativeOp(name: string, arity: number, i: number): string {
  return arity === 1 ? `d_${name}` : `d${i}_${name}`;
}

function elementwiseBackward(name: string, e: Elementwise, arity: number): BackwardRule {
  if (name === 'neg') return (b, _x, g) => [b.emit('neg', [g])];
  if (name === 'exp') return (b, x, g) => [b.emit('mul', [g, x.id])];
  return (b, x, g, need) =>
    x.args.map((arg, i) => {
      if (!need[i]) return null;
      if (e.df![i] === null)
        throw new PlanShapeError(
          `${name} is not differentiable in its argument ${i + 1}, which depends on the parameters`,
        );
      return b.sumTo(b.emit('mul', [g, b.emit(derivativeOp(name, arity, i), x.args, x.attrs)]), b.shape(arg));
    });
}

const ARITY: Record<string, number> = {
  normal_lpdf: 3,
  laplace_lpdf: 3,
  student_t_lpdf: 4,
  half_normal_lpdf: 2,
  bernoulli_logit_lpmf: 2,
  bernoulli_lpmf: 2,
  poisson_log_lpmf: 2,
};

function buildTable(): Record<string, OpSpec> {
  const t: Record<string, OpSpec> = {
    theta: {
      doc: 'a parameter on the unconstrained scale: θ[offset … offset + size)',
      arity: 0,
      shape: attrShape,
      js: leafKernel,
      backward: 'leaf',
    },
    const: { doc: 'a number', arity: 0, shape: scalar, js: leafKernel, backward: 'leaf' },
    input: { doc: 'a feature matrix of the data', arity: 0, shape: attrShape, js: leafKernel, backward: 'leaf' },
    target: {
      doc: 'the target: 0/1, the value, or one-hot classes [N, K]',
      arity: 0,
      shape: attrShape,
      js: leafKernel,
      backward: 'leaf',
    },
    weights: {
      doc: 'how many times each row counts (duplicated rows merged), 1 by default',
      arity: 0,
      shape: attrShape,
      js: leafKernel,
      backward: 'leaf',
    },
    step: {
      doc: '1 where a > 0, else 0',
      arity: 1,
      shape: same,
      js: elementwise(1, 'a > 0 ? 1 : 0'),
      backward: 'zero',
    },
    mask: {
      doc: 'a where b > 0, else 0 (the gradient through a relu)',
      arity: 2,
      shape: broadcastAll('mask'),
      js: maskKernel,
      backward: 'derivative',
    },
    matmul: {
      doc: 'a @ b (ta, tb: transposed)',
      arity: 2,
      shape: matmulShape,
      js: (out, ins, k) => matmulInto(out, ins[0], ins[1], k),
      backward: (b, x, g, need) => {
        if (x.attrs.ta || x.attrs.tb)
          throw new PlanShapeError('the gradient of a transposed matmul is not needed by any plan');
        return [
          need[0] ? b.emit('matmul', [g, x.args[1]], { tb: true }) : null,
          need[1] ? b.emit('matmul', [x.args[0], g], { ta: true }) : null,
        ];
      },
    },
    dense: {
      doc: 'act(a @ b + c) in one pass, act: linear or relu (made by the fusion pass)',
      arity: 3,
      shape: denseShape,
      js: denseKernel,
      backward: (b, x, g, need) => {
        const gz = x.attrs.act === 'relu' ? b.emit('mask', [g, x.id]) : g;
        return [
          need[0] ? b.emit('matmul', [gz, x.args[1]], { tb: true }) : null,
          need[1] ? b.emit('matmul', [x.args[0], gz], { ta: true }) : null,
          need[2] ? b.sumTo(gz, b.shape(x.args[2])) : null,
        ];
      },
    },
    sum: {
      doc: 'the sum of every element',
      arity: 1,
      shape: scalar,
      js: (out, ins, k) => sumToInto(out, ins[0], k),
      backward: (b, x, g) => [b.emit('broadcast_to', [g], { shape: b.shape(x.args[0]) })],
    },
    sum_to: {
      doc: 'a summed over broadcast axes down to shape',
      arity: 1,
      shape: attrShape,
      js: (out, ins, k) => sumToInto(out, ins[0], k),
      backward: (b, x, g) => [b.emit('broadcast_to', [g], { shape: b.shape(x.args[0]) })],
    },
    broadcast_to: {
      doc: 'a repeated to shape',
      arity: 1,
      shape: attrShape,
      js: elementwise(1, 'a'),
      backward: (b, x, g) => [b.sumTo(g, b.shape(x.args[0]))],
    },
    reshape: {
      doc: 'the same values with another shape',
      arity: 1,
      shape: reshapeShape,
      js: leafKernel,
      view: true,
      backward: (b, x, g) => [b.emit('reshape', [g], { shape: b.shape(x.args[0]) })],
    },
    sum_last: {
      doc: 'the sum along the last axis (kept as 1)',
      arity: 1,
      shape: keepLast,
      js: (out, ins, k) => lastAxis(out, ins[0], k, 'sum'),
      backward: (b, x, g) => [b.emit('broadcast_to', [g], { shape: b.shape(x.args[0]) })],
    },
    logsumexp_last: {
      doc: 'log Σ exp along the last axis (kept as 1)',
      arity: 1,
      shape: keepLast,
      js: (out, ins, k) => lastAxis(out, ins[0], k, 'logsumexp'),
      backward: (b, x, g) => [b.emit('mul', [g, b.emit('softmax', [x.args[0]])])],
    },
    softmax: {
      doc: 'softmax along the last axis',
      arity: 1,
      shape: (args) => {
        if (args[0].length === 0) throw new PlanShapeError('softmax of a scalar');
        return args[0].slice();
      },
      js: (out, ins, k) => lastAxis(out, ins[0], k, 'softmax'),
      backward: (b, x, g) => [
        b.emit('mul', [x.id, b.emit('sub', [g, b.emit('sum_last', [b.emit('mul', [g, x.id])])])]),
      ],
    },
  };
  for (const [name, e] of Object.entries(ELEMENTWISE)) {
    const arity = ARITY[name] ?? 1;
    const shape = arity === 1 ? same : broadcastAll(name);
    t[name] = { doc: e.doc, arity, shape, js: elementwise(arity, e.f), backward: elementwiseBackward(name, e, arity) };
    (e.df ?? []).forEach((d, i) => {
      if (d !== null)
        t[derivativeOp(name, arity, i)] = {
          doc: `d ${name} / d argument ${i + 1}`,
          arity,
          shape,
          js: elementwise(arity, d),
          backward: 'derivative',
        };
    });
  }
  for (const [name, op] of Object.entries(BINARY))
    t[name] = { doc: op.doc, arity: 2, shape: broadcastAll(name), js: elementwise(2, op.f), backward: op.backward };
  return t;
}

const maskJs = elementwise(2, 'b > 0 ? a : 0');

function maskKernel(out: Float64Array, ins: Float64Array[], k: KernelInfo): void {
  const w = k.wasm;
  const same = k.ins.every((x) => x.size === k.out.size && x.strides.every((s, i) => s === k.out.strides[i]));
  if (w && same && inMemory(w, out, ins[0], ins[1]))
    return w.mask(out.byteOffset, ins[0].byteOffset, ins[1].byteOffset, k.out.size);
  maskJs(out, ins, k);
}

function denseKernel(out: Float64Array, ins: Float64Array[], k: KernelInfo): void {
  const w = k.wasm;
  const [A, B, bias] = ins;
  if (w && k.out.strides[0] === 1 && k.ins[0].strides[0] === 1 && inMemory(w, out, A, B, bias)) {
    w.mm_cols(
      out.byteOffset,
      A.byteOffset,
      B.byteOffset,
      k.out.shape[0],
      k.ins[0].shape[1],
      k.out.shape[1],
      k.ins[0].strides[1],
      k.ins[1].strides[0],
      k.ins[1].strides[1],
      k.out.strides[1],
      bias.byteOffset,
      k.attrs.act === 'relu' ? 1 : 0,
      0,
    );
    return;
  }
  matmulInto(out, ins[0], ins[1], k);
  const [rows, cols] = k.out.shape;
  const [oR, oC] = k.out.strides;
  const c = ins[2];
  const relu = k.attrs.act === 'relu';
  for (let j = 0; j < cols; j++) {
    const cj = c[j];
    for (let r = 0; r < rows; r++) {
      const o = r * oR + j * oC;
      const v = out[o] + cj;
      out[o] = relu && v < 0 ? 0 : v;
    }
  }
}

export const OPS: Readonly<Record<string, OpSpec>> = buildTable();

export function opSpec(op: string): OpSpec {
  const s = OPS[op];
  if (!s) throw new PlanShapeError(`unknown plan op '${op}'`);
  return s;
}

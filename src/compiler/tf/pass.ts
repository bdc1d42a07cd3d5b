// One evaluation of the model's deterministic part with TensorFlow.js ops, batched over S
// parameter draws, with hand-written reverse mode. Writing the backward rules here instead of
// using tf.grad lets it skip gradients nobody needs (tfjs differentiates every input of every
// recorded op, data matrices included) and fuse matmul + bias + relu.
//
// Parameter-dependent values are "batched": their tensors carry a leading sample axis S in
// front of their logical shape. Values that depend only on data and constants are not, and
// broadcast against the batched ones. Only batched values get gradients.
// Everything here must run inside tf.tidy.

import * as tf from '@tensorflow/tfjs';
import type { IRExpr } from '../ir.js';
import { broadcastShapes, matmulShape, ModelShapeError } from './shapes.js';

export interface Val {
  t: tf.Tensor;
  batched: boolean;
  /** Logical shape: the tensor's shape without the sample axis. */
  shape: number[];
  /** Set on feature matrices: derived tensors (their transpose) are cached under this key. */
  dataKey?: string;
}

interface MatOperand {
  /** A matrix [r, c] or a batch of them [S, r, c]. */
  t: tf.Tensor;
  dataKey?: string;
}

type BinaryExpr = { op: 'add' | 'sub' | 'mul' | 'div'; a: IRExpr; b: IRExpr };

interface TapeEntry {
  out: Val;
  back: (g: tf.Tensor) => void;
}

export interface PassEnv {
  S: number;
  /** Rows of the data being evaluated: the value of the dimension 'N'. */
  n: number;
  params: Map<string, Val>;
  inputs: Map<string, tf.Tensor>;
  nodes: Map<string, IRExpr>;
  /** Record the tape for backward(). */
  record: boolean;
  /** A tensor that lives as long as the bound data, made on first use. */
  cache(key: string, make: () => tf.Tensor): tf.Tensor;
}

export class Pass {
  readonly S: number;
  private readonly env: PassEnv;
  private readonly tape: TapeEntry[] = [];
  private readonly grads = new Map<Val, tf.Tensor>();
  private readonly nodeVals = new Map<string, Val>();

  constructor(env: PassEnv) {
    this.env = env;
    this.S = env.S;
  }

  /** A tensor derived from the bound data, made once and kept with it. */
  cached(key: string, make: () => tf.Tensor): tf.Tensor {
    return this.env.cache(key, make);
  }

  /** Adds g to the gradient of v (a batched value). */
  addGrad(v: Val, g: tf.Tensor): void {
    if (!v.batched) return;
    const prev = this.grads.get(v);
    this.grads.set(v, prev ? tf.add(prev, g) : g);
  }

  gradOf(v: Val): tf.Tensor | undefined {
    return this.grads.get(v);
  }

  backward(): void {
    for (let i = this.tape.length - 1; i >= 0; i--) {
      const entry = this.tape[i];
      const g = this.grads.get(entry.out);
      if (g) entry.back(g);
    }
  }

  /** A value with the sample axis, tiling an unbatched one. */
  batchedTensor(v: Val): tf.Tensor {
    if (v.batched) return v.t;
    return tf.tile(tf.expandDims(v.t, 0), [this.S, ...v.shape.map(() => 1)]);
  }

  /**
   * The tensor of v, reshaped so that it broadcasts against a value of logical rank `rank`
   * (sample axis first when batched).
   */
  aligned(v: Val, rank: number): tf.Tensor {
    if (!v.batched || v.shape.length === rank) return v.t;
    return tf.reshape(v.t, [this.S, ...new Array<number>(rank - v.shape.length).fill(1), ...v.shape]);
  }

  /** Sums g (a gradient of logical shape r, batched) down to the shape of v. */
  reduceTo(g: tf.Tensor, r: number[], v: Val): tf.Tensor {
    const lead = r.length - v.shape.length;
    const axes: number[] = [];
    for (let i = 0; i < lead; i++) axes.push(1 + i);
    for (let i = 0; i < v.shape.length; i++) if (v.shape[i] === 1 && r[lead + i] !== 1) axes.push(1 + lead + i);
    const target = [this.S, ...v.shape];
    if (axes.length === 0) return sameShape(g.shape, target) ? g : tf.reshape(g, target);
    if (g.rank === 3 && axes.length === 1 && axes[0] === 1) return tf.reshape(this.sumRows(g), target);
    return tf.reshape(tf.sum(g, axes), target);
  }

  private push(out: Val, back: (g: tf.Tensor) => void, ...inputs: Val[]): Val {
    if (this.env.record && inputs.some((v) => v.batched)) this.tape.push({ out, back });
    return out;
  }

  eval(e: IRExpr): Val {
    switch (e.op) {
      case 'input': {
        const t = this.env.inputs.get(e.name);
        if (!t) throw new ModelShapeError(`no data bound for input '${e.name}'`);
        return { t, batched: false, shape: t.shape.slice(), dataKey: `input:${e.name}` };
      }
      case 'param': {
        const v = this.env.params.get(e.name);
        if (!v) throw new ModelShapeError(`unknown parameter '${e.name}'`);
        return v;
      }
      case 'node': {
        const memo = this.nodeVals.get(e.name);
        if (memo) return memo;
        const expr = this.env.nodes.get(e.name);
        if (!expr) throw new ModelShapeError(`unknown node '${e.name}'`);
        const v = this.eval(expr);
        this.nodeVals.set(e.name, v);
        return v;
      }
      case 'const':
        return { t: tf.scalar(e.value), batched: false, shape: [] };
      case 'matmul':
        return this.matmul(this.eval(e.a), this.eval(e.b));
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        if (e.op === 'add') {
          const fused = this.tryFused(e, 'linear');
          if (fused) return fused;
        }
        return this.elementwise(e.op, this.eval(e.a), this.eval(e.b));
      }
      case 'neg': {
        const a = this.eval(e.a);
        return this.push({ t: tf.neg(a.t), batched: a.batched, shape: a.shape }, (g) => this.addGrad(a, tf.neg(g)), a);
      }
      case 'act': {
        if (e.fn === 'relu' || e.fn === 'identity') {
          const inner = e.a;
          if (inner.op === 'add') {
            const fused = this.tryFused(inner, e.fn === 'relu' ? 'relu' : 'linear');
            if (fused) return fused;
          }
        }
        return this.activation(e.fn, this.eval(e.a), e.alpha ?? 0.01);
      }
    }
  }

  private matmul(a: Val, b: Val): Val {
    const S = this.S;
    const outShape = matmulShape(a.shape, b.shape) as number[];
    const k = a.shape[a.shape.length - 1];
    const rows = a.shape.length === 2 ? a.shape[0] : 1;
    const cols = b.shape.length === 2 ? b.shape[1] : 1;
    const at = a.shape.length === 1 ? tf.reshape(a.t, a.batched ? [S, 1, k] : [1, k]) : a.t;
    const bt = b.shape.length === 1 ? tf.reshape(b.t, b.batched ? [S, k, 1] : [k, 1]) : b.t;
    const batched = a.batched || b.batched;
    let t = mm(at, bt);
    const want = batched ? [S, ...outShape] : outShape;
    if (!sameShape(t.shape, want)) t = tf.reshape(t, want);
    const out: Val = { t, batched, shape: outShape };
    const am: MatOperand = { t: at, dataKey: a.shape.length === 2 ? a.dataKey : undefined };
    const bm: MatOperand = { t: bt, dataKey: b.shape.length === 2 ? b.dataKey : undefined };
    return this.push(
      out,
      (g) => {
        const g3 = tf.reshape(g, [S, rows, cols]);
        if (a.batched) this.addGrad(a, tf.reshape(this.gradLeft(g3, bm), [S, ...a.shape]));
        if (b.batched) this.addGrad(b, tf.reshape(this.gradRight(g3, am), [S, ...b.shape]));
      },
      a,
      b,
    );
  }

  // Backward of C = A @ B without matMul's transpose flags: tfjs-backend-wasm sends any
  // transposed or multi-batch product to a naive loop and only the plain [1,n,k] @ [1,k,m]
  // form to XNNPACK, where a transposed data matrix costs ~10x more.

  /** dA = G @ Bᵀ. */
  private gradLeft(g3: tf.Tensor, b: MatOperand): tf.Tensor {
    return mm(g3, this.transposeMat(b));
  }

  /**
   * dB = Aᵀ @ G. With a single column in G the product is small, and the transposed
   * loop beats giving XNNPACK a large A to repack.
   */
  private gradRight(g3: tf.Tensor, a: MatOperand): tf.Tensor {
    if (g3.shape[2] === 1 && !a.dataKey) return tf.matMul(a.t, g3, true, false);
    return mm(this.transposeMat(a), g3);
  }

  /** Swaps the last two axes; free when one of them is 1, cached for data matrices. */
  private transposeMat(m: MatOperand): tf.Tensor {
    const t = m.t;
    const r = t.rank;
    const rows = t.shape[r - 2];
    const cols = t.shape[r - 1];
    if (rows === 1 || cols === 1) return tf.reshape(t, [...t.shape.slice(0, r - 2), cols, rows]);
    const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
    if (m.dataKey) return this.env.cache(`T:${m.dataKey}`, () => tf.transpose(t, perm));
    return tf.transpose(t, perm);
  }

  /** Σ over axis 1 of an [S, n, m] tensor -> [S, 1, m]: ones[1, n] @ g, or a sum when m = 1. */
  sumRows(g: tf.Tensor): tf.Tensor {
    const [S, n, m] = g.shape as number[];
    if (m === 1) return tf.reshape(tf.sum(tf.reshape(g, [S, n]), 1), [S, 1, 1]);
    const ones = this.env.cache(`ones:${n}`, () => tf.ones([1, n]));
    return mm(ones, g);
  }

  /**
   * act(matmul(A, B) + c) as one tf.fused.matMul when A @ B is a matrix and c a batched row
   * vector; null when the pattern does not apply.
   */
  private tryFused(e: BinaryExpr, activation: 'relu' | 'linear'): Val | null {
    let prodExpr: IRExpr;
    let biasExpr: IRExpr;
    if (e.a.op === 'matmul') [prodExpr, biasExpr] = [e.a, e.b];
    else if (e.b.op === 'matmul') [prodExpr, biasExpr] = [e.b, e.a];
    else return null;
    if (prodExpr.op !== 'matmul') return null;
    const a = this.eval(prodExpr.a);
    const b = this.eval(prodExpr.b);
    const c = this.eval(biasExpr);
    const S = this.S;
    const fusable =
      a.shape.length === 2 &&
      b.shape.length === 2 &&
      (a.batched || b.batched) &&
      c.shape.length === 1 &&
      c.shape[0] === b.shape[1] &&
      // tfjs-backend-wasm's _FusedMatMul takes only a bias uploaded as rank 1 and shared by all
      // samples: a parameter, with one draw (see paramVals in compile.ts).
      S === 1 &&
      this.isParam(c);
    if (!fusable) {
      // The general rules on the already evaluated pieces (evaluation is pure, and the node
      // memo keeps shared subexpressions shared).
      const prod = this.matmul(a, b);
      const sum = prodExpr === e.a ? this.elementwise('add', prod, c) : this.elementwise('add', c, prod);
      return activation === 'relu' ? this.activation('relu', sum, 0) : sum;
    }
    const n = a.shape[0];
    const m = b.shape[1];
    const bias = tf.reshape(c.t, [m]);
    // The kernel directly: tf.fused.matMul wraps it in a tfjs custom gradient, unused here.
    const a3 = a.t.rank === 3 ? a.t : tf.reshape(a.t, [1, n, a.shape[1]]);
    const b3 = b.t.rank === 3 ? b.t : tf.reshape(b.t, [1, b.shape[0], m]);
    const t = tf.engine().runKernel(
      '_FusedMatMul',
      { a: a3, b: asMatmulWeights(b3), bias },
      { transposeA: false, transposeB: false, activation },
    ) as tf.Tensor;
    const out: Val = { t, batched: true, shape: [n, m] };
    return this.push(
      out,
      (g) => {
        const dz = activation === 'relu' ? reluBackward(g, t) : g;
        this.addGrad(c, tf.reshape(this.sumRows(dz), [S, m]));
        if (a.batched) this.addGrad(a, this.gradLeft(dz, { t: b.t, dataKey: b.dataKey }));
        if (b.batched) this.addGrad(b, this.gradRight(dz, { t: a.t, dataKey: a.dataKey }));
      },
      a,
      b,
      c,
    );
  }

  private isParam(v: Val): boolean {
    for (const p of this.env.params.values()) if (p === v) return true;
    return false;
  }

  private elementwise(op: 'add' | 'sub' | 'mul' | 'div', a: Val, b: Val): Val {
    const r = broadcastShapes(a.shape, b.shape, `the operands of '${op}'`) as number[];
    const at = this.aligned(a, r.length);
    const bt = this.aligned(b, r.length);
    const t = op === 'add' ? tf.add(at, bt) : op === 'sub' ? tf.sub(at, bt) : op === 'mul' ? tf.mul(at, bt) : tf.div(at, bt);
    const out: Val = { t, batched: a.batched || b.batched, shape: r };
    return this.push(
      out,
      (g) => {
        if (a.batched) {
          const ga = op === 'add' || op === 'sub' ? g : op === 'mul' ? tf.mul(g, bt) : tf.div(g, bt);
          this.addGrad(a, this.reduceTo(ga, r, a));
        }
        if (b.batched) {
          const gb =
            op === 'add' ? g : op === 'sub' ? tf.neg(g) : op === 'mul' ? tf.mul(g, at) : tf.neg(tf.div(tf.mul(g, t), bt));
          this.addGrad(b, this.reduceTo(gb, r, b));
        }
      },
      a,
      b,
    );
  }

  private activation(fn: string, a: Val, alpha: number): Val {
    const x = a.t;
    let y: tf.Tensor;
    let back: (g: tf.Tensor) => tf.Tensor;
    switch (fn) {
      case 'identity':
        return a;
      case 'relu':
        y = tf.relu(x);
        back = (g) => reluBackward(g, y);
        break;
      case 'tanh':
        y = tf.tanh(x);
        back = (g) => tf.mul(g, tf.sub(1, tf.square(y)));
        break;
      case 'sigmoid':
        y = tf.sigmoid(x);
        back = (g) => tf.mul(g, tf.mul(y, tf.sub(1, y)));
        break;
      case 'softplus':
        y = tf.softplus(x);
        back = (g) => tf.mul(g, tf.sigmoid(x));
        break;
      case 'elu':
        y = tf.elu(x);
        back = (g) => tf.where(tf.greater(x, 0), g, tf.mul(g, tf.add(y, 1)));
        break;
      case 'leaky_relu':
        y = tf.leakyRelu(x, alpha);
        back = (g) => tf.where(tf.greater(x, 0), g, tf.mul(g, alpha));
        break;
      case 'exp':
        y = tf.exp(x);
        back = (g) => tf.mul(g, y);
        break;
      case 'softmax':
        if (a.shape.length === 0) throw new ModelShapeError('softmax of a scalar');
        y = tf.softmax(x);
        back = (g) => tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), -1, true)));
        break;
      default:
        throw new ModelShapeError(`unknown activation '${fn}'`);
    }
    const out: Val = { t: y, batched: a.batched, shape: a.shape };
    return this.push(out, (g) => this.addGrad(a, back(g)), a);
  }
}

// tfjs-backend-wasm caches the XNNPACK operator of a product (its packed right operand) under
// the right operand's data id, whatever the shape: a reshape shares the data id, so one
// buffer used as the right operand with two different shapes ([12, 1] forward and its
// reshaped transpose [1, 12] backward) would reuse the first operator and compute garbage.
// A buffer meeting a second shape is copied first.
const weightShapes = new WeakMap<object, string>();

export function asMatmulWeights(b: tf.Tensor): tf.Tensor {
  const key = `${b.shape[b.rank - 2]}x${b.shape[b.rank - 1]}`;
  const seen = weightShapes.get(b.dataId);
  if (seen === undefined) {
    weightShapes.set(b.dataId, key);
    return b;
  }
  if (seen === key) return b;
  const copy = tf.mul(b, 1);
  weightShapes.set(copy.dataId, key);
  return copy;
}

/** a @ b without transposes. */
function mm(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.matMul(a, asMatmulWeights(b));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** g where the relu output y is positive, else 0. */
export function reluBackward(g: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.mul(g, tf.step(y));
}


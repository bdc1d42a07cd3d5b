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
    if (g.rank === 3 && axes.length === 1 && axes[0] === 1) return tf.reshape(sumRows(g), target);
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
        return { t, batched: false, shape: t.shape.slice() };
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
    let t = tf.matMul(at, bt);
    const want = batched ? [S, ...outShape] : outShape;
    if (!sameShape(t.shape, want)) t = tf.reshape(t, want);
    const out: Val = { t, batched, shape: outShape };
    return this.push(
      out,
      (g) => {
        const g3 = tf.reshape(g, [S, rows, cols]);
        if (a.batched) this.addGrad(a, tf.reshape(tf.matMul(g3, bt, false, true), [S, ...a.shape]));
        if (b.batched) this.addGrad(b, tf.reshape(tf.matMul(at, g3, true, false), [S, ...b.shape]));
      },
      a,
      b,
    );
  }

  /**
   * act(matmul(A, B) + c) as one tf.fused.matMul when A @ B is a matrix and c a batched row
   * vector; null when the pattern does not apply.
   */
  private tryFused(e: BinaryExpr, activation: 'relu' | 'linear'): Val | null {
    let mm: IRExpr;
    let biasExpr: IRExpr;
    if (e.a.op === 'matmul') [mm, biasExpr] = [e.a, e.b];
    else if (e.b.op === 'matmul') [mm, biasExpr] = [e.b, e.a];
    else return null;
    if (mm.op !== 'matmul') return null;
    const a = this.eval(mm.a);
    const b = this.eval(mm.b);
    const c = this.eval(biasExpr);
    const S = this.S;
    const fusable =
      a.shape.length === 2 &&
      b.shape.length === 2 &&
      (a.batched || b.batched) &&
      c.batched &&
      c.shape.length === 1 &&
      c.shape[0] === b.shape[1];
    if (!fusable) {
      // The general rules on the already evaluated pieces (evaluation is pure, and the node
      // memo keeps shared subexpressions shared).
      const prod = this.matmul(a, b);
      const sum = mm === e.a ? this.elementwise('add', prod, c) : this.elementwise('add', c, prod);
      return activation === 'relu' ? this.activation('relu', sum, 0) : sum;
    }
    const n = a.shape[0];
    const m = b.shape[1];
    const bias = tf.reshape(c.t, [S, 1, m]);
    const t = tf.fused.matMul({ a: a.t, b: b.t, bias, activation });
    const out: Val = { t, batched: true, shape: [n, m] };
    return this.push(
      out,
      (g) => {
        const dz = activation === 'relu' ? reluBackward(g, t) : g;
        this.addGrad(c, tf.reshape(sumRows(dz), [S, m]));
        if (a.batched) this.addGrad(a, tf.matMul(dz, b.t, false, true));
        if (b.batched) this.addGrad(b, tf.matMul(a.t, dz, true, false));
      },
      a,
      b,
      c,
    );
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

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** g where the relu output y is positive, else 0. */
export function reluBackward(g: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.mul(g, tf.step(y));
}

/** Σ over axis 1 of an [S, n, m] tensor -> [S, m]. */
export function sumRows(g: tf.Tensor): tf.Tensor {
  return tf.sum(g, 1);
}

// TensorFlow.js kernels of the plan's ops, batched over draws: a value that depends on the
// parameters carries a leading draw axis S in front of its logical shape ("batched"); data and
// constants do not, and broadcast against it. One entry per op of the op table (a test checks).
// Everything here runs inside tf.tidy.

import * as tf from '@tensorflow/tfjs';
import { lgamma, PROB_EPS } from '../plan/kernels.js';
import type { Instr } from '../plan/plan.js';

export interface Val {
  t: tf.Tensor;
  batched: boolean;
}

export interface TfContext {
  S: number;
  /** The output's logical shape with N resolved. */
  outShape: number[];
  /** The instruction being run and its arguments' instructions (for constant settings). */
  x: Instr;
  argInstrs: Instr[];
  /** A tensor derived from bound data, made once per binding (transposes, ones). */
  cached(key: string, make: () => tf.Tensor): tf.Tensor;
}

type Kernel = (v: Val[], c: TfContext) => Val;

/** The logical rank of a value. */
function rank(v: Val): number {
  return v.batched ? v.t.rank - 1 : v.t.rank;
}

/** Operands lined up for broadcasting: a batched value of lower logical rank gets 1-axes after S. */
function align(vals: Val[], S: number): tf.Tensor[] {
  const r = Math.max(...vals.map(rank));
  return vals.map((v) =>
    v.batched && rank(v) < r
      ? tf.reshape(v.t, [S, ...new Array<number>(r - rank(v)).fill(1), ...v.t.shape.slice(1)])
      : v.t,
  );
}

function elementwise(f: (...t: tf.Tensor[]) => tf.Tensor): Kernel {
  return (v, c) => ({ t: f(...align(v, c.S)), batched: v.some((x) => x.batched) });
}

const sq = (a: tf.Tensor) => tf.mul(a, a);

/** log Γ(x) of a tensor, x > 0: shifted above 6, then Stirling's series (float32-accurate). */
function tfLgamma(x: tf.Tensor): tf.Tensor {
  let shift: tf.Tensor = tf.zerosLike(x);
  let y = x;
  for (let k = 0; k < 6; k++) {
    shift = tf.add(shift, tf.log(y));
    y = tf.add(y, 1);
  }
  const f = tf.reciprocal(sq(y));
  const series = tf.mul(tf.reciprocal(y), tf.sub(1 / 12, tf.mul(f, tf.sub(1 / 360, tf.mul(f, 1 / 1260)))));
  return tf.sub(
    tf.add(tf.sub(tf.mul(tf.sub(y, 0.5), tf.log(y)), y), tf.add(0.5 * Math.log(2 * Math.PI), series)),
    shift,
  );
}

/** ψ(x) of a tensor, x > 0 (see digamma in plan/kernels.ts). */
function tfDigamma(x: tf.Tensor): tf.Tensor {
  let r: tf.Tensor = tf.zerosLike(x);
  let y = x;
  for (let k = 0; k < 6; k++) {
    r = tf.sub(r, tf.reciprocal(y));
    y = tf.add(y, 1);
  }
  const f = tf.reciprocal(sq(y));
  const series = tf.mul(
    f,
    tf.sub(
      1 / 12,
      tf.mul(f, tf.sub(1 / 120, tf.mul(f, tf.sub(1 / 252, tf.mul(f, tf.sub(1 / 240, tf.mul(f, 1 / 132))))))),
    ),
  );
  return tf.add(r, tf.sub(tf.sub(tf.log(y), tf.div(0.5, y)), series));
}

const NORMAL_C = 0.5 * Math.log(2 * Math.PI);
const HALF_NORMAL_C = 0.5 * Math.log(2 / Math.PI);

const elementwiseKernels: Record<string, (c: TfContext) => (...t: tf.Tensor[]) => tf.Tensor> = {
  add: () => tf.add,
  sub: () => tf.sub,
  mul: () => tf.mul,
  div: () => tf.div,
  neg: () => tf.neg,
  square: () => sq,
  d_square: () => (a) => tf.mul(a, 2),
  abs: () => tf.abs,
  d_abs: () => tf.sign,
  log: () => tf.log,
  d_log: () => tf.reciprocal,
  exp: () => tf.exp,
  sqrt: () => tf.sqrt,
  d_sqrt: () => (a) => tf.div(0.5, tf.sqrt(a)),
  relu: () => tf.relu,
  d_relu: () => (a) => tf.step(a),
  step: () => (a) => tf.step(a),
  mask: () => (a, b) => tf.mul(a, tf.step(b)),
  tanh: () => tf.tanh,
  d_tanh: () => (a) => tf.sub(1, sq(tf.tanh(a))),
  sigmoid: () => tf.sigmoid,
  d_sigmoid: () => (a) => {
    const s = tf.sigmoid(a);
    return tf.mul(s, tf.sub(1, s));
  },
  softplus: () => tf.softplus,
  d_softplus: () => tf.sigmoid,
  elu: () => tf.elu,
  d_elu: () => (a) => tf.where(tf.greater(a, 0), tf.onesLike(a), tf.exp(a)),
  leaky_relu: (c) => (a) => tf.leakyRelu(a, c.x.attrs.alpha as number),
  d_leaky_relu: (c) => (a) => tf.where(tf.greater(a, 0), tf.onesLike(a), tf.fill(a.shape, c.x.attrs.alpha as number)),
  clip: (c) => (a) => tf.clipByValue(a, c.x.attrs.lo as number, c.x.attrs.hi as number),
  d_clip: (c) => (a) =>
    tf.cast(tf.logicalAnd(tf.greater(a, c.x.attrs.lo as number), tf.less(a, c.x.attrs.hi as number)), 'float32'),
  normal_lpdf: () => (x, m, s) => tf.sub(tf.mul(sq(tf.div(tf.sub(x, m), s)), -0.5), tf.add(tf.log(s), NORMAL_C)),
  d0_normal_lpdf: () => (x, m, s) => tf.div(tf.sub(m, x), sq(s)),
  d1_normal_lpdf: () => (x, m, s) => tf.div(tf.sub(x, m), sq(s)),
  d2_normal_lpdf: () => (x, m, s) => tf.div(tf.sub(sq(tf.div(tf.sub(x, m), s)), 1), s),
  laplace_lpdf: () => (x, m, b) => tf.sub(tf.neg(tf.div(tf.abs(tf.sub(x, m)), b)), tf.log(tf.mul(b, 2))),
  d0_laplace_lpdf: () => (x, m, b) => tf.div(tf.neg(tf.sign(tf.sub(x, m))), b),
  d1_laplace_lpdf: () => (x, m, b) => tf.div(tf.sign(tf.sub(x, m)), b),
  d2_laplace_lpdf: () => (x, m, b) => tf.div(tf.sub(tf.div(tf.abs(tf.sub(x, m)), b), 1), b),
  student_t_lpdf: (c) => {
    const nu = c.argInstrs[1].op === 'const' ? (c.argInstrs[1].attrs.value as number) : null;
    if (nu === null) {
      // nu a parameter: log Γ of a tensor.
      return (x, v, m, s) =>
        tf.sub(
          tf.sub(
            tf.sub(
              tf.sub(tfLgamma(tf.div(tf.add(v, 1), 2)), tfLgamma(tf.div(v, 2))),
              tf.mul(0.5, tf.log(tf.mul(v, Math.PI))),
            ),
            tf.log(s),
          ),
          tf.mul(tf.div(tf.add(v, 1), 2), tf.log1p(tf.div(sq(tf.div(tf.sub(x, m), s)), v))),
        );
    }
    const k = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
    return (x, _nu, m, s) =>
      tf.sub(tf.sub(k, tf.log(s)), tf.mul((nu + 1) / 2, tf.log1p(tf.div(sq(tf.div(tf.sub(x, m), s)), nu))));
  },
  d0_student_t_lpdf: () => (x, nu, m, s) =>
    tf.div(tf.mul(tf.neg(tf.add(nu, 1)), tf.sub(x, m)), tf.add(tf.mul(nu, sq(s)), sq(tf.sub(x, m)))),
  d1_student_t_lpdf: () => (x, nu, m, s) => {
    const t2 = sq(tf.div(tf.sub(x, m), s));
    const dg = tf.sub(tfDigamma(tf.div(tf.add(nu, 1), 2)), tfDigamma(tf.div(nu, 2)));
    return tf.add(
      tf.sub(tf.sub(tf.mul(0.5, dg), tf.div(0.5, nu)), tf.mul(0.5, tf.log1p(tf.div(t2, nu)))),
      tf.div(tf.mul(tf.div(tf.add(nu, 1), 2), t2), tf.mul(nu, tf.add(nu, t2))),
    );
  },
  d2_student_t_lpdf: () => (x, nu, m, s) =>
    tf.div(tf.mul(tf.add(nu, 1), tf.sub(x, m)), tf.add(tf.mul(nu, sq(s)), sq(tf.sub(x, m)))),
  d3_student_t_lpdf: () => (x, nu, m, s) => {
    const t2 = sq(tf.div(tf.sub(x, m), s));
    return tf.div(tf.sub(tf.div(tf.mul(tf.add(nu, 1), t2), tf.add(nu, t2)), 1), s);
  },
  poisson_log_lpmf: () => (y, eta) => tf.sub(tf.sub(tf.mul(y, eta), tf.exp(eta)), tfLgamma(tf.add(y, 1))),
  d1_poisson_log_lpmf: () => (y, eta) => tf.sub(y, tf.exp(eta)),
  half_normal_lpdf: () => (x, s) => tf.sub(tf.sub(HALF_NORMAL_C, tf.log(s)), tf.div(sq(x), tf.mul(sq(s), 2))),
  d0_half_normal_lpdf: () => (x, s) => tf.neg(tf.div(x, sq(s))),
  d1_half_normal_lpdf: () => (x, s) => tf.div(tf.sub(tf.div(sq(x), sq(s)), 1), s),
  bernoulli_logit_lpmf: () => (y, f) => tf.sub(tf.mul(y, f), tf.softplus(f)),
  d1_bernoulli_logit_lpmf: () => (y, f) => tf.sub(y, tf.sigmoid(f)),
  bernoulli_lpmf: () => (y, p) => {
    const pc = tf.clipByValue(p, PROB_EPS, 1 - PROB_EPS);
    return tf.add(tf.mul(y, tf.log(pc)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, pc))));
  },
  d1_bernoulli_lpmf: () => (y, p) => {
    const inside = tf.logicalAnd(tf.greater(p, PROB_EPS), tf.less(p, 1 - PROB_EPS));
    const d = tf.sub(tf.div(y, p), tf.div(tf.sub(1, y), tf.sub(1, p)));
    return tf.where(inside, d, tf.zerosLike(d));
  },
};

/** The shape of a value as stored: [S, ...logical] when batched. */
function full(shape: number[], batched: boolean, S: number): number[] {
  return batched ? [S, ...shape] : shape;
}

/** Sums t (batched or not, logical shape `from`) down to logical shape `to`. */
function sumTo(v: Val, to: number[], S: number): tf.Tensor {
  const from = v.t.shape.slice(v.batched ? 1 : 0);
  const off = v.batched ? 1 : 0;
  const lead = from.length - to.length;
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) axes.push(off + i);
  for (let i = 0; i < to.length; i++) if (to[i] === 1 && from[lead + i] !== 1) axes.push(off + lead + i);
  const summed = axes.length ? tf.sum(v.t, axes) : v.t;
  return tf.reshape(summed, full(to, v.batched, S));
}

// tfjs-backend-wasm caches the XNNPACK operator of a product (its packed right operand) under
// the right operand's data id, whatever the shape: a reshape shares the data id, so one buffer
// used as the right operand with two shapes would reuse the first operator and compute garbage.
// A buffer meeting a second shape is copied first.
const weightShapes = new WeakMap<object, string>();

function asMatmulWeights(b: tf.Tensor): tf.Tensor {
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

/**
 * op(a) @ op(b). Transposes are made explicitly (cached for data): tfjs-backend-wasm sends a
 * transposed or multi-batch product to a naive loop and only the plain form to XNNPACK.
 */
function matmul(a: Val, b: Val, ta: boolean, tb: boolean, c: TfContext): Val {
  const tr = (v: Val, i: number): tf.Tensor => {
    const r = v.t.rank;
    const rows = v.t.shape[r - 2];
    const cols = v.t.shape[r - 1];
    if (rows === 1 || cols === 1) return tf.reshape(v.t, [...v.t.shape.slice(0, r - 2), cols, rows]);
    const perm = [...Array.from({ length: r - 2 }, (_, k) => k), r - 1, r - 2];
    return v.batched ? tf.transpose(v.t, perm) : c.cached(`T:${c.x.args[i]}`, () => tf.transpose(v.t, perm));
  };
  const at = ta ? tr(a, 0) : a.t;
  const bt = tb ? tr(b, 1) : b.t;
  return { t: tf.matMul(at, asMatmulWeights(bt)), batched: a.batched || b.batched };
}

export const TF_KERNELS: Record<string, Kernel> = {
  matmul: (v, c) => matmul(v[0], v[1], !!c.x.attrs.ta, !!c.x.attrs.tb, c),
  dense: (v, c) => {
    const [a, b, bias] = v;
    const act = c.x.attrs.act as 'relu' | 'linear';
    // tfjs-backend-wasm's _FusedMatMul takes only a bias uploaded as rank 1 and shared by all
    // draws: a parameter itself (see theta in tf-model.ts), with one draw.
    if (c.S === 1 && c.argInstrs[2].op === 'theta' && (a.batched || b.batched)) {
      const a3 = a.t.rank === 3 ? a.t : tf.reshape(a.t, [1, ...a.t.shape]);
      const b3 = b.t.rank === 3 ? b.t : tf.reshape(b.t, [1, ...b.t.shape]);
      const t = tf
        .engine()
        .runKernel(
          '_FusedMatMul',
          { a: a3, b: asMatmulWeights(b3), bias: tf.reshape(bias.t, [bias.t.size]) },
          { transposeA: false, transposeB: false, activation: act },
        ) as tf.Tensor;
      return { t, batched: true };
    }
    const prod = matmul(a, b, false, false, c);
    const [p, q] = align([prod, bias], c.S);
    const sum = tf.add(p, q);
    return { t: act === 'relu' ? tf.relu(sum) : sum, batched: true };
  },
  sum: (v) => ({
    t: v[0].batched ? tf.sum(tf.reshape(v[0].t, [v[0].t.shape[0], -1]), 1) : tf.sum(v[0].t),
    batched: v[0].batched,
  }),
  sum_to: (v, c) => ({ t: sumTo(v[0], c.outShape, c.S), batched: v[0].batched }),
  broadcast_to: (v, c) => {
    const x = v[0];
    const r = c.outShape.length;
    const t =
      x.batched && rank(x) < r
        ? tf.reshape(x.t, [c.S, ...new Array<number>(r - rank(x)).fill(1), ...x.t.shape.slice(1)])
        : x.t;
    return { t: tf.broadcastTo(t, full(c.outShape, x.batched, c.S)), batched: x.batched };
  },
  reshape: (v, c) => ({ t: tf.reshape(v[0].t, full(c.outShape, v[0].batched, c.S)), batched: v[0].batched }),
  sum_last: (v) => ({ t: tf.sum(v[0].t, -1, true), batched: v[0].batched }),
  logsumexp_last: (v) => ({ t: tf.logSumExp(v[0].t, -1, true), batched: v[0].batched }),
  softmax: (v) => ({ t: tf.softmax(v[0].t), batched: v[0].batched }),
};
for (const [name, make] of Object.entries(elementwiseKernels)) TF_KERNELS[name] = (v, c) => elementwise(make(c))(v, c);

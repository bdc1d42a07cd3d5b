// The compiled model on TensorFlow.js (backends wasm, cpu, tensorflow), in float32, batched over
// draws: the executor for VI where whole batches of draws pay its fixed cost per call once.

import * as tf from '@tensorflow/tfjs';
import {
  CompiledBase,
  type CompiledModel,
  type LogDensity,
  type LogLikelihoodResult,
  type ScoreOptions,
} from '../compiled.js';
import { selectRows, type BoundData, type FeatureData, type TrainingData } from '../data.js';
import type { Plan } from '../plan/plan.js';
import { resolve } from '../plan/plan.js';
import type { TfBackendName } from './tf-backend.js';
import { TF_KERNELS, type TfContext, type Val } from './tf-kernels.js';

class TfBound implements BoundData {
  readonly n: number;
  readonly data: FeatureData & Partial<TrainingData>;
  /** Per plan: its data leaves and the values that depend only on them, kept until dispose. */
  readonly fixed = new Map<Plan, Map<number, tf.Tensor>>();
  readonly cache = new Map<string, tf.Tensor>();

  constructor(data: FeatureData & Partial<TrainingData>, rows?: Int32Array) {
    this.data = rows ? selectRows(data, rows) : data;
    this.n = this.data.n;
  }

  dispose(): void {
    for (const m of this.fixed.values()) for (const t of m.values()) t.dispose();
    for (const t of this.cache.values()) t.dispose();
    this.fixed.clear();
    this.cache.clear();
  }
}

function leafTensor(
  op: string,
  shape: number[],
  attrs: Record<string, unknown>,
  data: FeatureData & Partial<TrainingData>,
): tf.Tensor {
  const n = data.n;
  switch (op) {
    case 'const':
      return tf.scalar(attrs.value as number);
    case 'input': {
      const name = attrs.name as string;
      const m = data.features[name];
      const w = data.widths[name];
      if (!m || w === undefined) throw new Error(`the data has no feature matrix '${name}'`);
      if (m.length !== n * w) throw new Error(`feature '${name}' has ${m.length} values, expected ${n} rows × ${w}`);
      return tf.tensor2d(m, [n, w], 'float32');
    }
    case 'target': {
      const y = data.target;
      if (!y) throw new Error('this needs data with a target');
      if (y.length !== n) throw new Error(`the target has ${y.length} values, expected ${n}`);
      if (shape.length === 2 && shape[1] > 1) {
        const k = shape[1];
        const oh = new Float32Array(n * k);
        for (let i = 0; i < n; i++) {
          const c = y[i];
          if (!Number.isInteger(c) || c < 0 || c >= k)
            throw new Error(`class label ${c} in row ${i} is not in 0..${k - 1}`);
          oh[i * k + c] = 1;
        }
        return tf.tensor(oh, shape);
      }
      return tf.tensor(Float32Array.from(y), shape);
    }
    case 'weights':
      return data.weights ? tf.tensor(Float32Array.from(data.weights), shape) : tf.ones(shape);
    default:
      throw new Error(`internal: no leaf '${op}'`);
  }
}

export class TfCompiledModel extends CompiledBase implements CompiledModel {
  readonly backend: TfBackendName;
  private readonly drawBlock: number;
  private readonly scoreBlock: number;

  constructor(
    ir: ConstructorParameters<typeof CompiledBase>[0],
    backend: TfBackendName,
    drawBlock: number,
    scoreBlock: number,
  ) {
    super(ir);
    this.backend = backend;
    this.drawBlock = drawBlock;
    this.scoreBlock = scoreBlock;
  }

  bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData {
    this.checkWidths(data);
    return new TfBound(data, rows);
  }

  /** Data leaves and data-only values of a plan for this binding, made once. */
  private fixedValues(plan: Plan, bound: TfBound): Map<number, tf.Tensor> {
    let m = bound.fixed.get(plan);
    if (m) return m;
    m = new Map();
    const made = m;
    const vals: Val[] = [];
    for (const x of plan.instrs) {
      if (x.param) continue;
      const shape = resolve(x.shape, bound.n);
      const t = tf.tidy(() =>
        x.args.length === 0
          ? leafTensor(x.op, shape, x.attrs, bound.data)
          : this.kernel(x.op)(
              x.args.map((a) => vals[a]),
              this.context(plan, x.id, 1, bound),
            ).t,
      );
      made.set(x.id, tf.keep(t));
      vals[x.id] = { t, batched: false };
    }
    bound.fixed.set(plan, made);
    return made;
  }

  private kernel(op: string) {
    const k = TF_KERNELS[op];
    if (!k) throw new Error(`internal: no TensorFlow.js kernel for plan op '${op}'`);
    return k;
  }

  private context(plan: Plan, id: number, S: number, bound: TfBound): TfContext {
    const x = plan.instrs[id];
    return {
      S,
      outShape: resolve(x.shape, bound.n),
      x,
      argInstrs: x.args.map((a) => plan.instrs[a]),
      cached: (key, make) => {
        let t = bound.cache.get(key);
        if (!t) {
          t = tf.keep(make());
          bound.cache.set(key, t);
        }
        return t;
      },
    };
  }

  /**
   * Runs the plan at draws s0 … s1 of z (row-major [S, dim]) and returns the named outputs as
   * [s1 − s0, ...shape] arrays (an output that does not depend on the draws is repeated).
   */
  private run(
    plan: Plan,
    z: ArrayLike<number>,
    s0: number,
    s1: number,
    bound: TfBound,
    names: string[],
  ): Float32Array[] {
    const fixed = this.fixedValues(plan, bound);
    const B = s1 - s0;
    const D = this.dim;
    return tf.tidy(() => {
      const vals: Val[] = new Array(plan.instrs.length);
      for (const x of plan.instrs) {
        const f = fixed.get(x.id);
        if (f) {
          vals[x.id] = { t: f, batched: false };
          continue;
        }
        if (x.op === 'theta') {
          const off = x.attrs.offset as number;
          const size = x.attrs.size as number;
          const shape = x.shape as number[];
          const buf = new Float32Array(B * size);
          for (let s = 0; s < B; s++) for (let i = 0; i < size; i++) buf[s * size + i] = z[(s0 + s) * D + off + i];
          // With one draw, upload at the logical shape: tfjs-backend-wasm checks the rank of a
          // fused matmul's bias on the uploaded data, not on the reshaped view.
          const t =
            B === 1
              ? tf.reshape(tf.tensor(buf, shape, 'float32'), [1, ...shape])
              : tf.tensor(buf, [B, ...shape], 'float32');
          vals[x.id] = { t, batched: true };
          continue;
        }
        vals[x.id] = this.kernel(x.op)(
          x.args.map((a) => vals[a]),
          this.context(plan, x.id, B, bound),
        );
      }
      return names.map((name) => {
        const v = vals[plan.outputs.get(name)!];
        const data = v.t.dataSync() as Float32Array;
        if (v.batched) return data;
        const out = new Float32Array(B * data.length);
        for (let s = 0; s < B; s++) out.set(data, s * data.length);
        return out;
      });
    });
  }

  logLikelihood(
    z: ArrayLike<number>,
    S: number,
    data: BoundData,
    opts: { scale?: number; grad?: boolean } = {},
  ): LogLikelihoodResult {
    this.checkDraws(z, S);
    const bound = this.bound(data, TfBound);
    const scale = opts.scale ?? 1;
    const plan = opts.grad ? this.programs.loglikGrad() : this.programs.only(['loglik']);
    const slots = this.layout.slots;
    const names = opts.grad ? ['value', ...slots.map((s) => `grad:${s.name}`)] : ['loglik'];
    const value = new Float64Array(S);
    const grad = opts.grad ? new Float64Array(S * this.dim) : null;
    for (let s0 = 0; s0 < S; s0 += this.drawBlock) {
      const s1 = Math.min(S, s0 + this.drawBlock);
      const out = this.run(plan, z, s0, s1, bound, names);
      for (let s = 0; s < s1 - s0; s++) value[s0 + s] = scale * out[0][s];
      if (grad) {
        slots.forEach((slot, j) => {
          const g = out[j + 1];
          for (let s = 0; s < s1 - s0; s++) {
            const dst = (s0 + s) * this.dim + slot.offset;
            for (let i = 0; i < slot.size; i++) grad[dst + i] = scale * g[s * slot.size + i];
          }
        });
      }
    }
    return { value, grad };
  }

  logJoint(flat: ArrayLike<number>, data: TrainingData | BoundData): number {
    return this.logLikelihood(flat, 1, this.bound(data, TfBound)).value[0] + this.logPrior(flat);
  }

  logJointAndGrad(flat: ArrayLike<number>, data: TrainingData | BoundData): { value: number; grad: Float64Array } {
    const r = this.logLikelihood(flat, 1, this.bound(data, TfBound), { grad: true });
    const grad = r.grad!;
    return { value: r.value[0] + this.logPrior(flat, 0, grad, 0), grad };
  }

  scores(
    z: ArrayLike<number>,
    S: number,
    data: BoundData,
    opts: ScoreOptions = {},
  ): { values: Float32Array; shape: number[] } {
    this.checkDraws(z, S);
    const bound = this.bound(data, TfBound);
    const { name, K } = this.scoreOutput(opts);
    const plan = this.programs.only([name]);
    const n = bound.n;
    const values = new Float32Array(S * n * K);
    for (let s0 = 0; s0 < S; s0 += this.scoreBlock) {
      const s1 = Math.min(S, s0 + this.scoreBlock);
      values.set(this.run(plan, z, s0, s1, bound, [name])[0], s0 * n * K);
    }
    return { values, shape: K === 1 ? [S, n] : [S, n, K] };
  }

  density(data: TrainingData): LogDensity {
    const bound = this.bound(data, TfBound);
    return this.densityOf((z, grad) => {
      if (!grad) return this.logJoint(z, bound);
      const r = this.logJointAndGrad(z, bound);
      grad.set(r.grad);
      return r.value;
    });
  }

  dispose(): void {
    for (const b of this.owned.splice(0)) b.dispose();
  }
}

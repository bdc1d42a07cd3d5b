// IRModel -> CompiledModel: the model's log joint density on one flat unconstrained parameter
// vector, with its gradient, evaluated by TensorFlow.js. Inference methods (VI here; MAP or
// NUTS later) only ever see this object.
//
//   compileModel(ir, { backend?, drawBlock?, scoreBlock? }) -> Promise<CompiledModel>
//   CompiledModel
//     .layout / .dim                     packed parameter layout (declaration order; positive
//                                        parameters stored as log θ)
//     .bind(data, rows?) -> BoundData    uploads features (+ target) as tensors
//     .logJoint(flat, data) -> number    log prior + log likelihood (+ log-Jacobian)
//     .logJointAndGrad(flat, data) -> { value, grad }
//     .logLikelihood(z, S, bound, { scale?, grad? }) -> { value[S], grad[S·dim] | null }
//                                        S draws (z is row-major [S, dim]), drawBlock of them
//                                        per batched pass
//     .logPrior(z, zOff?, grad?, gOff?, include?) -> number    one draw, plain JS
//     .scores(z, S, bound) -> { values, shape }   per-draw P(y=1) [S,n] / class probs [S,n,K] / mean [S,n]
//     .scores(z, S, bound, { sigma: true })       per-draw sigma [S,n] of a Normal likelihood
//     .dispose()

import * as tf from '@tensorflow/tfjs';
import type { IRExpr, IRModel } from '../ir.js';
import { chooseBackend, type BackendName } from './backend.js';
import { bindData, type BoundData, type FeatureData, type TargetEncoding, type TrainingData } from './data.js';
import { buildLayout, likelihoodExprs, type ParamLayout, type ParamSlot } from './layout.js';
import { likelihoodScores, likelihoodSigma, logLikelihood } from './likelihood.js';
import { Pass, type Val } from './pass.js';
import { addSlotLogPrior } from './priors.js';
import { rewriteStableLikelihood } from './rewrite.js';
import { checkModelShapes } from './shapes.js';

export interface CompileOptions {
  /** Sets the TensorFlow.js backend; undefined: DEFAULT_BACKEND. */
  backend?: BackendName;
  /**
   * Draws evaluated per batched pass. Default: 1 on wasm and cpu, all at once on tensorflow.
   * tfjs-backend-wasm sends batched matmuls to a naive loop (only single-batch products reach
   * XNNPACK), and on both JS backends broadcasting elementwise ops are several times slower
   * than same-shape ones and matmul + bias + relu fuses only for one draw, so one pass per draw
   * measured 2.5-3x faster at 8 draws on the rupture model on both (bench/vi.ts).
   */
  drawBlock?: number;
  /**
   * Draws per batched pass when predicting (no gradients). Default: 64 on wasm (the forward
   * pass alone batches a little better than one pass per draw), 1 on cpu, all on tensorflow.
   */
  scoreBlock?: number;
}

export interface LogLikelihoodResult {
  /** scale · Σ_rows log p(y | θ_s), one per draw. */
  value: Float64Array;
  /** Its gradient with respect to z, row-major [S, dim]; null unless asked for. */
  grad: Float64Array | null;
}

export interface CompiledModel {
  /** The model after rewriteStableLikelihood. */
  readonly ir: IRModel;
  readonly layout: ParamLayout;
  readonly dim: number;
  readonly backend: BackendName;
  readonly target: TargetEncoding;
  /** Names of the feature matrices the model reads. */
  readonly inputNames: readonly string[];
  bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData;
  logLikelihood(z: ArrayLike<number>, S: number, data: BoundData, opts?: { scale?: number; grad?: boolean }): LogLikelihoodResult;
  /** Σ log p_z over the slots that `include` accepts (all by default); adds d/dz into grad. */
  logPrior(z: ArrayLike<number>, zOff?: number, grad?: Float64Array, gOff?: number, include?: (slot: ParamSlot) => boolean): number;
  logJoint(flat: ArrayLike<number>, data: TrainingData | BoundData): number;
  logJointAndGrad(flat: ArrayLike<number>, data: TrainingData | BoundData): { value: number; grad: Float64Array };
  /** sigma: the Normal likelihood's sigma per draw and row instead of the scores. */
  scores(z: ArrayLike<number>, S: number, data: BoundData, opts?: { sigma?: boolean }): { values: Float32Array; shape: number[] };
  dispose(): void;
}

export async function compileModel(irIn: IRModel, opts: CompileOptions = {}): Promise<CompiledModel> {
  const backend = await chooseBackend(opts.backend);
  const drawBlock = opts.drawBlock ?? (backend === 'tensorflow' ? Number.POSITIVE_INFINITY : 1);
  const scoreBlock = opts.scoreBlock ?? (backend === 'tensorflow' ? Number.POSITIVE_INFINITY : backend === 'wasm' ? 64 : 1);
  for (const [k, v] of [['drawBlock', drawBlock], ['scoreBlock', scoreBlock]] as const) {
    if (!(v >= 1)) throw new Error(`${k} must be at least 1, got ${v}`);
  }
  return new TfCompiledModel(irIn, backend, Math.floor(drawBlock), Math.floor(scoreBlock));
}

function targetEncoding(ir: IRModel): TargetEncoding {
  const l = ir.likelihood;
  if (l.dist === 'Bernoulli') return { kind: 'binary' };
  if (l.dist === 'Categorical') return { kind: 'categorical', classes: l.classes };
  return { kind: 'real' };
}

function collectInputs(e: IRExpr, out: Set<string>): void {
  switch (e.op) {
    case 'input':
      out.add(e.name);
      return;
    case 'matmul':
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      collectInputs(e.a, out);
      collectInputs(e.b, out);
      return;
    case 'neg':
    case 'act':
      collectInputs(e.a, out);
      return;
    default:
      return;
  }
}

function cacheOf(data: BoundData): (key: string, make: () => tf.Tensor) => tf.Tensor {
  return (key, make) => {
    let t = data.cache.get(key);
    if (!t) {
      t = tf.keep(make());
      data.cache.set(key, t);
    }
    return t;
  };
}

class TfCompiledModel implements CompiledModel {
  readonly ir: IRModel;
  readonly layout: ParamLayout;
  readonly dim: number;
  readonly backend: BackendName;
  readonly target: TargetEncoding;
  readonly inputNames: readonly string[];
  private readonly nodes: Map<string, IRExpr>;
  private readonly bound = new WeakMap<TrainingData, BoundData>();
  private readonly owned: BoundData[] = [];

  private readonly drawBlock: number;
  private readonly scoreBlock: number;

  constructor(irIn: IRModel, backend: BackendName, drawBlock: number, scoreBlock: number) {
    this.drawBlock = drawBlock;
    this.scoreBlock = scoreBlock;
    this.ir = rewriteStableLikelihood(irIn);
    this.backend = backend;
    this.layout = buildLayout(this.ir);
    this.dim = this.layout.dim;
    this.target = targetEncoding(this.ir);
    this.nodes = new Map(this.ir.nodes.map((n) => [n.name, n.expr]));
    checkModelShapes(this.ir);
    const inputs = new Set<string>();
    for (const n of this.ir.nodes) collectInputs(n.expr, inputs);
    for (const e of likelihoodExprs(this.ir)) collectInputs(e, inputs);
    this.inputNames = [...inputs];
  }

  bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData {
    for (const f of this.ir.data.features) {
      const w = data.widths[f.name];
      if (this.inputNames.includes(f.name) && w !== undefined && w !== f.columns.length) {
        throw new Error(`feature '${f.name}' has ${w} columns in the data but ${f.columns.length} in the model`);
      }
    }
    return bindData(data, this.inputNames, this.target, rows);
  }

  private bindCached(data: TrainingData | BoundData): BoundData {
    if ('inputs' in data) return data;
    let b = this.bound.get(data);
    if (!b) {
      b = this.bind(data);
      this.bound.set(data, b);
      this.owned.push(b);
    }
    return b;
  }

  /**
   * Uploads draws s0..s1 of z (row-major [S, dim]) as [s1 − s0, ...shape] tensors per parameter
   * (θ = e^z for positive ones).
   */
  private paramVals(z: ArrayLike<number>, s0: number, s1: number): Map<string, Val> {
    const D = this.dim;
    const S = s1 - s0;
    const params = new Map<string, Val>();
    for (const slot of this.layout.slots) {
      const buf = new Float32Array(S * slot.size);
      for (let s = 0; s < S; s++) {
        const src = (s0 + s) * D + slot.offset;
        const dst = s * slot.size;
        if (slot.positive) for (let i = 0; i < slot.size; i++) buf[dst + i] = Math.exp(z[src + i]);
        else for (let i = 0; i < slot.size; i++) buf[dst + i] = z[src + i];
      }
      // With one draw, upload at the logical shape: tfjs-backend-wasm checks the rank of a fused
      // matmul's bias on the uploaded data, not on the reshaped view.
      const t = S === 1 ? tf.reshape(tf.tensor(buf, slot.shape, 'float32'), [1, ...slot.shape]) : tf.tensor(buf, [S, ...slot.shape], 'float32');
      params.set(slot.name, { t, batched: true, shape: slot.shape });
    }
    return params;
  }

  private checkDraws(z: ArrayLike<number>, S: number): void {
    if (!Number.isInteger(S) || S < 1) throw new Error(`the number of draws must be a positive integer, got ${S}`);
    if (z.length !== S * this.dim) throw new Error(`expected ${S} × ${this.dim} parameter values, got ${z.length}`);
  }

  logLikelihood(z: ArrayLike<number>, S: number, data: BoundData, opts: { scale?: number; grad?: boolean } = {}): LogLikelihoodResult {
    this.checkDraws(z, S);
    const wantGrad = opts.grad ?? false;
    const scale = opts.scale ?? 1;
    if (!data.target) throw new Error('logLikelihood needs data with a target');
    const target = data.target;
    const D = this.dim;
    const value = new Float64Array(S);
    const grad = wantGrad ? new Float64Array(S * D) : null;
    for (let s0 = 0; s0 < S; s0 += this.drawBlock) {
      const s1 = Math.min(S, s0 + this.drawBlock);
      const B = s1 - s0;
      tf.tidy(() => {
        const params = this.paramVals(z, s0, s1);
        const pass = new Pass({ S: B, n: data.n, params, inputs: data.inputs, nodes: this.nodes, record: wantGrad, cache: cacheOf(data) });
        const ll = logLikelihood(pass, this.ir.likelihood, target, scale, wantGrad);
        if (grad) {
          pass.backward();
          for (const slot of this.layout.slots) {
            const g = pass.gradOf(params.get(slot.name)!);
            if (!g) continue;
            const gv = g.dataSync();
            for (let s = 0; s < B; s++) {
              const src = s * slot.size;
              const dst = (s0 + s) * D + slot.offset;
              if (slot.positive) for (let i = 0; i < slot.size; i++) grad[dst + i] = gv[src + i] * Math.exp(z[dst + i]);
              else for (let i = 0; i < slot.size; i++) grad[dst + i] = gv[src + i];
            }
          }
        }
        const sums = ll.sums.dataSync();
        for (let s = 0; s < B; s++) value[s0 + s] = ll.factor * sums[s];
      });
    }
    return { value, grad };
  }

  logPrior(z: ArrayLike<number>, zOff = 0, grad?: Float64Array, gOff = 0, include?: (slot: ParamSlot) => boolean): number {
    let lp = 0;
    for (const slot of this.layout.slots) {
      if (include && !include(slot)) continue;
      lp += addSlotLogPrior(slot, z, zOff + slot.offset, grad, gOff + slot.offset);
    }
    return lp;
  }

  logJoint(flat: ArrayLike<number>, data: TrainingData | BoundData): number {
    const b = this.bindCached(data);
    return this.logLikelihood(flat, 1, b).value[0] + this.logPrior(flat);
  }

  logJointAndGrad(flat: ArrayLike<number>, data: TrainingData | BoundData): { value: number; grad: Float64Array } {
    const b = this.bindCached(data);
    const r = this.logLikelihood(flat, 1, b, { grad: true });
    const grad = r.grad!;
    const value = r.value[0] + this.logPrior(flat, 0, grad, 0);
    return { value, grad };
  }

  scores(z: ArrayLike<number>, S: number, data: BoundData, opts: { sigma?: boolean } = {}): { values: Float32Array; shape: number[] } {
    this.checkDraws(z, S);
    let values: Float32Array | null = null;
    let shape: number[] = [];
    for (let s0 = 0; s0 < S; s0 += this.scoreBlock) {
      const s1 = Math.min(S, s0 + this.scoreBlock);
      tf.tidy(() => {
        const params = this.paramVals(z, s0, s1);
        const pass = new Pass({ S: s1 - s0, n: data.n, params, inputs: data.inputs, nodes: this.nodes, record: false, cache: cacheOf(data) });
        const t = (opts.sigma ? likelihoodSigma : likelihoodScores)(pass, this.ir.likelihood, data.n);
        if (!values) {
          shape = [S, ...t.shape.slice(1)];
          values = new Float32Array(shape.reduce((a, b) => a * b, 1));
        }
        values.set(t.dataSync() as Float32Array, (values.length / S) * s0);
      });
    }
    return { values: values!, shape };
  }

  dispose(): void {
    for (const b of this.owned.splice(0)) b.dispose();
  }
}

// IRModel -> CompiledModel: the model's log joint density on one flat unconstrained parameter
// vector, with its gradient, evaluated by TensorFlow.js. Inference methods (VI here; MAP or
// NUTS later) only ever see this object.
//
//   compileModel(ir, { backend? }) -> Promise<CompiledModel>
//   CompiledModel
//     .layout / .dim                     packed parameter layout (declaration order; positive
//                                        parameters stored as log θ)
//     .bind(data, rows?) -> BoundData    uploads features (+ target) as tensors
//     .logJoint(flat, data) -> number    log prior + log likelihood (+ log-Jacobian)
//     .logJointAndGrad(flat, data) -> { value, grad }
//     .logLikelihood(z, S, bound, { scale?, grad? }) -> { value[S], grad[S·dim] | null }
//                                        S draws at once (z is row-major [S, dim])
//     .logPrior(z, zOff?, grad?, gOff?, include?) -> number    one draw, plain JS
//     .scores(z, S, bound) -> { values, shape }   per-draw P(y=1) [S,n] / class probs [S,n,K] / mean [S,n]
//     .dispose()

import * as tf from '@tensorflow/tfjs';
import type { IRExpr, IRModel } from '../ir.js';
import { chooseBackend, type BackendName } from './backend.js';
import { bindData, type BoundData, type FeatureData, type TargetEncoding, type TrainingData } from './data.js';
import { buildLayout, likelihoodExprs, type ParamLayout, type ParamSlot } from './layout.js';
import { likelihoodScores, logLikelihood } from './likelihood.js';
import { Pass, type Val } from './pass.js';
import { addSlotLogPrior } from './priors.js';
import { rewriteStableLikelihood } from './rewrite.js';
import { shapeContext } from './shapes.js';

export interface CompileOptions {
  /** Sets the TensorFlow.js backend; undefined: DEFAULT_BACKEND. */
  backend?: BackendName;
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
  scores(z: ArrayLike<number>, S: number, data: BoundData): { values: Float32Array; shape: number[] };
  dispose(): void;
}

export async function compileModel(irIn: IRModel, opts: CompileOptions = {}): Promise<CompiledModel> {
  const backend = await chooseBackend(opts.backend);
  return new TfCompiledModel(irIn, backend);
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

  constructor(irIn: IRModel, backend: BackendName) {
    this.ir = rewriteStableLikelihood(irIn);
    this.backend = backend;
    this.layout = buildLayout(this.ir);
    this.dim = this.layout.dim;
    this.target = targetEncoding(this.ir);
    this.nodes = new Map(this.ir.nodes.map((n) => [n.name, n.expr]));
    shapeContext(this.ir); // throws ModelShapeError on an inconsistent model
    const inputs = new Set<string>();
    for (const n of this.ir.nodes) collectInputs(n.expr, inputs);
    for (const e of likelihoodExprs(this.ir)) collectInputs(e, inputs);
    this.inputNames = [...inputs];
  }

  bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData {
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

  /** Uploads S draws of every parameter as [S, ...shape] tensors (θ = e^z for positive ones). */
  private paramVals(z: ArrayLike<number>, S: number): Map<string, Val> {
    const D = this.dim;
    if (z.length !== S * D) throw new Error(`expected ${S} × ${D} parameter values, got ${z.length}`);
    const params = new Map<string, Val>();
    for (const slot of this.layout.slots) {
      const buf = new Float32Array(S * slot.size);
      for (let s = 0; s < S; s++) {
        const src = s * D + slot.offset;
        const dst = s * slot.size;
        if (slot.positive) for (let i = 0; i < slot.size; i++) buf[dst + i] = Math.exp(z[src + i]);
        else for (let i = 0; i < slot.size; i++) buf[dst + i] = z[src + i];
      }
      params.set(slot.name, { t: tf.tensor(buf, [S, ...slot.shape], 'float32'), batched: true, shape: slot.shape });
    }
    return params;
  }

  logLikelihood(z: ArrayLike<number>, S: number, data: BoundData, opts: { scale?: number; grad?: boolean } = {}): LogLikelihoodResult {
    const wantGrad = opts.grad ?? false;
    const scale = opts.scale ?? 1;
    if (!data.target) throw new Error('logLikelihood needs data with a target');
    const target = data.target;
    const D = this.dim;
    const value = new Float64Array(S);
    const grad = wantGrad ? new Float64Array(S * D) : null;
    tf.tidy(() => {
      const params = this.paramVals(z, S);
      const pass = new Pass({ S, n: data.n, params, inputs: data.inputs, nodes: this.nodes, record: wantGrad });
      const ll = logLikelihood(pass, this.ir.likelihood, target, scale, wantGrad);
      if (grad) {
        pass.backward();
        for (const slot of this.layout.slots) {
          const g = pass.gradOf(params.get(slot.name)!);
          if (!g) continue;
          const gv = g.dataSync();
          for (let s = 0; s < S; s++) {
            const src = s * slot.size;
            const dst = s * D + slot.offset;
            if (slot.positive) for (let i = 0; i < slot.size; i++) grad[dst + i] = gv[src + i] * Math.exp(z[dst + i]);
            else for (let i = 0; i < slot.size; i++) grad[dst + i] = gv[src + i];
          }
        }
      }
      value.set(ll.dataSync());
    });
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

  scores(z: ArrayLike<number>, S: number, data: BoundData): { values: Float32Array; shape: number[] } {
    let out: { values: Float32Array; shape: number[] } | null = null;
    tf.tidy(() => {
      const params = this.paramVals(z, S);
      const pass = new Pass({ S, n: data.n, params, inputs: data.inputs, nodes: this.nodes, record: false });
      const t = likelihoodScores(pass, this.ir.likelihood, data.n);
      out = { values: t.dataSync() as Float32Array, shape: t.shape.slice() };
    });
    return out!;
  }

  dispose(): void {
    for (const b of this.owned.splice(0)) b.dispose();
  }
}

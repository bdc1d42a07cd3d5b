// The compiled model on the float64 JavaScript executor: one draw at a time, no allocation per
// call once a data set is bound. The executor for samplers, and for VI where it is faster.

import {
  CompiledBase,
  addSlotGrads,
  type CompiledModel,
  type LogDensity,
  type LogLikelihoodResult,
  type ScoreOptions,
} from '../compiled.js';
import { selectRows, type BoundData, type FeatureData, type TrainingData } from '../data.js';
import type { Plan } from '../plan/plan.js';
import { JsProgram, type JsState, type RowData } from './js.js';

class JsBound implements BoundData {
  readonly n: number;
  readonly data: RowData;
  private readonly states = new Map<JsProgram, JsState>();

  constructor(data: RowData) {
    this.n = data.n;
    this.data = data;
  }

  state(program: JsProgram): JsState {
    let s = this.states.get(program);
    if (!s) {
      s = program.bind(this.data);
      this.states.set(program, s);
    }
    return s;
  }

  dispose(): void {
    this.states.clear();
  }
}

export class JsCompiledModel extends CompiledBase implements CompiledModel {
  readonly backend = 'js';
  private readonly programs_ = new Map<Plan, JsProgram>();

  private program(plan: Plan): JsProgram {
    let p = this.programs_.get(plan);
    if (!p) {
      p = new JsProgram(plan);
      this.programs_.set(plan, p);
    }
    return p;
  }

  bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData {
    this.checkWidths(data);
    return new JsBound(rows ? selectRows(data, rows) : data);
  }

  logLikelihood(
    z: ArrayLike<number>,
    S: number,
    data: BoundData,
    opts: { scale?: number; grad?: boolean } = {},
  ): LogLikelihoodResult {
    this.checkDraws(z, S);
    const bound = this.bound(data, JsBound);
    const scale = opts.scale ?? 1;
    const program = this.program(opts.grad ? this.programs.loglikGrad() : this.programs.only(['loglik']));
    const state = bound.state(program);
    const value = new Float64Array(S);
    const grad = opts.grad ? new Float64Array(S * this.dim) : null;
    for (let s = 0; s < S; s++) {
      program.run(state, z, s * this.dim);
      value[s] = scale * program.output(state, opts.grad ? 'value' : 'loglik')[0];
      if (grad) addSlotGrads(program, state, this.layout, grad, s * this.dim, scale);
    }
    return { value, grad };
  }

  logJoint(flat: ArrayLike<number>, data: TrainingData | BoundData): number {
    return this.logJointAndGrad(flat, data).value;
  }

  logJointAndGrad(flat: ArrayLike<number>, data: TrainingData | BoundData): { value: number; grad: Float64Array } {
    const grad = new Float64Array(this.dim);
    const value = this.jointInto(flat, this.bound(data, JsBound), grad);
    return { value, grad };
  }

  private jointInto(z: ArrayLike<number>, bound: JsBound, grad: Float64Array | undefined): number {
    const program = this.program(
      grad ? this.programs.jointGrad() : this.programs.only(['loglik', ...this.programs.priorNames]),
    );
    const state = bound.state(program);
    program.run(state, z, 0);
    if (!grad) return ['loglik', ...this.programs.priorNames].reduce((a, k) => a + program.output(state, k)[0], 0);
    grad.fill(0);
    addSlotGrads(program, state, this.layout, grad, 0, 1);
    return program.output(state, 'value')[0];
  }

  scores(
    z: ArrayLike<number>,
    S: number,
    data: BoundData,
    opts: ScoreOptions = {},
  ): { values: Float32Array; shape: number[] } {
    this.checkDraws(z, S);
    const bound = this.bound(data, JsBound);
    const { name, K } = this.scoreOutput(opts);
    const program = this.program(this.programs.only([name]));
    const state = bound.state(program);
    const n = bound.n;
    const values = new Float32Array(S * n * K);
    for (let s = 0; s < S; s++) {
      program.run(state, z, s * this.dim);
      const out = program.output(state, name);
      const o = s * n * K;
      // Rows are innermost in the executor; the result is row-major [n, K].
      if (K === 1) for (let i = 0; i < n; i++) values[o + i] = out[i];
      else for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) values[o + i * K + k] = out[k * n + i];
    }
    return { values, shape: K === 1 ? [S, n] : [S, n, K] };
  }

  density(data: TrainingData): LogDensity {
    const bound = this.bound(data, JsBound);
    return this.densityOf((z, grad) => this.jointInto(z, bound, grad));
  }

  dispose(): void {
    for (const b of this.owned.splice(0)) b.dispose();
    this.programs_.clear();
  }
}

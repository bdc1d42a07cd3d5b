// The compiled model: the log joint density of a model on one flat unconstrained parameter
// vector, with its gradient, run by an executor of the model's plan. Every inference method
// (VI, MAP, NUTS) sees only this, or the LogDensity it makes for one data set.
//
//   compileModel(ir, { backend? }) -> Promise<CompiledModel>
//     backend 'js': the float64 JavaScript executor; 'wasm' | 'cpu' | 'tensorflow': TensorFlow.js,
//     batched over draws, in float32.

import type { IRModel } from './ir.js';
import type { BoundData, FeatureData, TargetEncoding, TrainingData } from './data.js';
import { buildLayout, type ParamLayout, type ParamSlot } from './layout.js';
import type { Plan } from './plan/plan.js';
import { JsProgram, type JsState } from './exec/js.js';
import { Programs } from './programs.js';
import { dependencyOrder } from './plan/lower.js';

export interface LogLikelihoodResult {
  /** scale · Σ_rows weight · log p(y | θ_s), one per draw. */
  value: Float64Array;
  /** Its gradient with respect to z, row-major [S, dim]; null unless asked for. */
  grad: Float64Array | null;
}

/** A log density and its gradient on the unconstrained scale, for one data set: what samplers need. */
export interface LogDensity {
  readonly dim: number;
  readonly layout: ParamLayout;
  /** log p(θ, y) at z, every log-Jacobian included; adds nothing, but overwrites grad when given. */
  logDensity(z: ArrayLike<number>, grad?: Float64Array): number;
  /** The model's values of each parameter at z (θ = e^z for positive ones). */
  constrain(z: ArrayLike<number>): Map<string, Float64Array>;
  unconstrain(values: Map<string, ArrayLike<number>>): Float64Array;
}

export interface CompiledModel {
  readonly ir: IRModel;
  /** The log joint as one plan, after the passes. */
  readonly plan: Plan;
  readonly layout: ParamLayout;
  readonly dim: number;
  readonly backend: string;
  readonly target: TargetEncoding;
  /** Names of the feature matrices the model reads. */
  readonly inputNames: readonly string[];
  bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData;
  logLikelihood(
    z: ArrayLike<number>,
    S: number,
    data: BoundData,
    opts?: { scale?: number; grad?: boolean },
  ): LogLikelihoodResult;
  /** Σ log p_z over the slots that `include` accepts (all by default); adds d/dz into grad. */
  logPrior(
    z: ArrayLike<number>,
    zOff?: number,
    grad?: Float64Array,
    gOff?: number,
    include?: (slot: ParamSlot) => boolean,
  ): number;
  logJoint(flat: ArrayLike<number>, data: TrainingData | BoundData): number;
  logJointAndGrad(flat: ArrayLike<number>, data: TrainingData | BoundData): { value: number; grad: Float64Array };
  /**
   * Per-draw P(y = 1) [S, n], class probabilities [S, n, K], or the mean [S, n]; with sigma, a
   * Normal likelihood's noise sd per case [S, n] instead.
   */
  scores(
    z: ArrayLike<number>,
    S: number,
    data: BoundData,
    opts?: ScoreOptions,
  ): { values: Float32Array; shape: number[] };
  density(data: TrainingData): LogDensity;
  /** θ of one parameter at S draws of z [S, dim], row-major [S, size] (see CompiledBase). */
  paramValues(z: ArrayLike<number>, S: number, name: string): Float64Array;
  dispose(): void;
}

/** sigma: the noise scale per case (Normal, StudentT) instead of the scores; nu: StudentT's degrees of freedom per case. */
export interface ScoreOptions {
  sigma?: boolean;
  nu?: boolean;
}

export function targetEncoding(ir: IRModel): TargetEncoding {
  const l = ir.likelihood;
  if (l.dist === 'Bernoulli') return { kind: 'binary' };
  if (l.dist === 'Categorical') return { kind: 'categorical', classes: l.classes };
  if (l.dist === 'Poisson') return { kind: 'count' };
  return { kind: 'real' };
}

/** What every executor's model shares: the plans, the layout, and checks of what it is given. */
export abstract class CompiledBase {
  readonly ir: IRModel;
  readonly programs: Programs;
  readonly plan: Plan;
  readonly layout: ParamLayout;
  readonly dim: number;
  readonly target: TargetEncoding;
  readonly inputNames: readonly string[];

  constructor(ir: IRModel) {
    this.ir = ir;
    this.programs = new Programs(ir);
    this.plan = this.programs.plan;
    this.layout = buildLayout(ir);
    this.dim = this.layout.dim;
    this.target = targetEncoding(ir);
    this.inputNames = [...new Set(this.plan.instrs.filter((x) => x.op === 'input').map((x) => x.attrs.name as string))];
  }

  private readonly boundData = new WeakMap<TrainingData, BoundData>();
  /** Bindings made here (not the caller's), disposed with the model. */
  protected readonly owned: BoundData[] = [];

  abstract bind(data: FeatureData | TrainingData, rows?: Int32Array): BoundData;

  /** The data as this executor binds it: bound data as it is, a data set bound once and kept. */
  protected bound<B extends BoundData>(data: TrainingData | BoundData, kind: new (...a: never[]) => B): B {
    if (data instanceof kind) return data;
    if (!('features' in data)) throw new Error('internal: data bound by another executor');
    let b = this.boundData.get(data);
    if (!b) {
      b = this.bind(data);
      this.boundData.set(data, b);
      this.owned.push(b);
    }
    return b as B;
  }

  /** The plan output that scores(…, opts) reads, and its number of values per row. */
  protected scoreOutput(opts: ScoreOptions = {}): { name: string; K: number } {
    const name = opts.nu ? 'nu' : opts.sigma ? 'sigma' : 'score';
    if (name === 'score') return { name, K: this.target.kind === 'categorical' ? this.target.classes : 1 };
    if (!this.plan.outputs.has(name))
      throw new Error(`internal: ${name} is asked of a model whose likelihood has none`);
    return { name, K: 1 };
  }

  protected checkDraws(z: ArrayLike<number>, S: number): void {
    if (!Number.isInteger(S) || S < 1) throw new Error(`the number of draws must be a positive integer, got ${S}`);
    if (z.length !== S * this.dim) throw new Error(`expected ${S} × ${this.dim} parameter values, got ${z.length}`);
  }

  protected checkWidths(data: FeatureData): void {
    for (const f of this.ir.data.features) {
      const w = data.widths[f.name];
      if (this.inputNames.includes(f.name) && w !== undefined && w !== f.columns.length) {
        throw new Error(`feature '${f.name}' has ${w} columns in the data but ${f.columns.length} in the model`);
      }
    }
  }

  private readonly priorPrograms = new Map<string, { program: JsProgram; state: JsState }>();

  /** The log prior runs on the float64 executor whatever the backend: it is a sum over θ. */
  logPrior(
    z: ArrayLike<number>,
    zOff = 0,
    grad?: Float64Array,
    gOff = 0,
    include?: (slot: ParamSlot) => boolean,
  ): number {
    const names = this.layout.slots.filter((s) => !include || include(s)).map((s) => s.name);
    const key = names.join(',');
    let p = this.priorPrograms.get(key);
    if (!p) {
      const program = new JsProgram(this.programs.priorGrad(names));
      p = { program, state: program.bind({ n: 0, features: {}, widths: {} }) };
      this.priorPrograms.set(key, p);
    }
    p.program.run(p.state, z, zOff);
    if (grad) addSlotGrads(p.program, p.state, this.layout, grad, gOff, 1);
    return p.program.output(p.state, 'value')[0];
  }

  /** A LogDensity whose log density (and gradient) is the given function. */
  protected densityOf(logDensity: LogDensity['logDensity']): LogDensity {
    return {
      dim: this.dim,
      layout: this.layout,
      logDensity,
      constrain: (z) => this.constrain(z),
      unconstrain: (v) => this.unconstrain(v),
    };
  }

  private valuesRun?: { program: JsProgram; state: JsState };

  /** The plan's θ of the non-centred parameters (with their loc and scale), on the float64 executor. */
  private values(z: ArrayLike<number>, off: number): { program: JsProgram; state: JsState } {
    if (!this.valuesRun) {
      const names = [...this.plan.outputs.keys()].filter((k) => /^(value|loc|scale):/.test(k));
      const program = new JsProgram(this.programs.only(names));
      this.valuesRun = { program, state: program.bind({ n: 0, features: {}, widths: {} }) };
    }
    this.valuesRun.program.run(this.valuesRun.state, z, off);
    return this.valuesRun;
  }

  /**
   * θ of one parameter at each of S draws of z (row-major [S, dim]), row-major [S, size]: e^z for
   * a positive one, and for a non-centred one the plan's loc + scale · base, so every inference
   * method reports the parameter the model uses.
   */
  paramValues(z: ArrayLike<number>, S: number, name: string): Float64Array {
    const s = this.layout.byName.get(name);
    if (!s) throw new Error(`no parameter '${name}'`);
    const out = new Float64Array(S * s.size);
    const key = `value:${name}`;
    for (let d = 0; d < S; d++) {
      const o = d * this.dim + s.offset;
      if (this.plan.outputs.has(key)) {
        const r = this.values(z, d * this.dim);
        out.set(r.program.output(r.state, key), d * s.size);
      } else for (let i = 0; i < s.size; i++) out[d * s.size + i] = s.positive ? Math.exp(z[o + i]) : z[o + i];
    }
    return out;
  }

  constrain(z: ArrayLike<number>): Map<string, Float64Array> {
    return new Map(this.layout.slots.map((s) => [s.name, this.paramValues(z, 1, s.name)]));
  }

  unconstrain(values: Map<string, ArrayLike<number>>): Float64Array {
    const z = new Float64Array(this.dim);
    const noncentred = new Map(this.ir.params.filter((p) => p.noncentred).map((p) => [p.name, p]));
    for (const s of this.layout.slots) {
      const v = values.get(s.name);
      if (!v || v.length !== s.size) throw new Error(`unconstrain: ${s.name} needs ${s.size} values`);
      if (!noncentred.has(s.name))
        for (let i = 0; i < s.size; i++) z[s.offset + i] = s.positive ? Math.log(v[i]) : v[i];
    }
    // Parents first: each one's loc and scale come from the parameters already set.
    for (const p of dependencyOrder(this.ir)) {
      const s = this.layout.byName.get(p.name)!;
      const v = values.get(p.name)!;
      const r = this.values(z, 0);
      const loc = broadcastRead(r.program, r.state, `loc:${p.name}`, s.shape);
      const scale = broadcastRead(r.program, r.state, `scale:${p.name}`, s.shape);
      for (let i = 0; i < s.size; i++) {
        const base = ((p.prior.dist === 'LogNormal' ? Math.log(v[i]) : v[i]) - loc(i)) / scale(i);
        z[s.offset + i] = s.positive && p.prior.dist !== 'LogNormal' ? Math.log(base) : base;
      }
    }
    return z;
  }
}

/** Entry i (row-major in `shape`) of an output that broadcasts to `shape`. */
function broadcastRead(program: JsProgram, state: JsState, name: string, shape: number[]): (i: number) => number {
  const buf = program.output(state, name);
  const own = program.plan.instrs[program.plan.outputs.get(name)!].shape as number[];
  return (i: number) => {
    let o = 0;
    let rem = i;
    let stride = 1;
    for (let k = shape.length - 1; k >= 0; k--) {
      const idx = rem % shape[k];
      rem = Math.floor(rem / shape[k]);
      const j = k - (shape.length - own.length);
      if (j >= 0) {
        if (own[j] !== 1) o += idx * stride;
        stride *= own[j];
      }
    }
    return buf[o];
  };
}

/** Adds scale · the program's 'grad:NAME' outputs into grad at gOff + each slot's offset. */
export function addSlotGrads(
  program: JsProgram,
  state: JsState,
  layout: ParamLayout,
  grad: Float64Array,
  gOff: number,
  scale: number,
): void {
  for (const s of layout.slots) {
    const g = program.output(state, `grad:${s.name}`);
    const o = gOff + s.offset;
    for (let i = 0; i < s.size; i++) grad[o + i] += scale * g[i];
  }
}

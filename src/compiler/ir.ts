// The middle IR: what the checker's model lowers to, and all the runtime ever sees.
// It is independent of the inference method: a VI guide, MAP or NUTS all start from the
// parameters with their priors, the deterministic nodes and the likelihood.

import type { CheckedModel, Dim, EvaluateSettings, Shape, TargetKind } from '../lang/checking/checked-model.js';
export { refitOf } from '../lang/checking/checked-model.js';

/** A dimension: a fixed size, or "N", the number of rows of the data set being evaluated. */
export type { Dim, TargetKind };
export type IRShape = Shape;

export type IRPrior =
  | { dist: 'Normal'; mu: number; sigma: number }
  | { dist: 'Laplace'; mu: number; b: number }
  | { dist: 'StudentT'; nu: number; mu: number; sigma: number }
  | { dist: 'HalfNormal'; sigma: number }
  | { dist: 'LogNormal'; mu: number; sigma: number };

export interface IRParam {
  name: string;
  /** [] for a scalar. */
  shape: number[];
  prior: IRPrior;
  /** True when the prior's support is the positive reals (HalfNormal, LogNormal). */
  positive: boolean;
  /**
   * A prior whose arguments use other parameters (W0 ~ Normal(0, tau)), compiled non-centred:
   * the stored coordinate z has the prior's standard form, which is `prior` (Normal(0, 1),
   * HalfNormal(1), …), and the parameter is θ = loc + scale · base, with base = z, or e^z for a
   * positive prior; a LogNormal's is θ = exp(loc + scale · z).
   */
  noncentred?: { loc: IRExpr; scale: IRExpr };
}

export type Activation =
  | 'relu'
  | 'tanh'
  | 'sigmoid'
  | 'softplus'
  | 'elu'
  | 'leaky_relu'
  | 'softmax'
  | 'identity'
  | 'exp'
  /** Only in a prior's arguments. */
  | 'sqrt';

export type IRExpr =
  /** A feature matrix of the data block, [N, width]. */
  | { op: 'input'; name: string }
  | { op: 'param'; name: string }
  /** An earlier deterministic node of the model block. */
  | { op: 'node'; name: string }
  | { op: 'const'; value: number }
  | { op: 'matmul'; a: IRExpr; b: IRExpr }
  | { op: 'add' | 'sub' | 'mul' | 'div'; a: IRExpr; b: IRExpr }
  | { op: 'neg'; a: IRExpr }
  /** alpha: the negative slope of leaky_relu (default 0.01); unused by the others. */
  | { op: 'act'; fn: Activation; a: IRExpr; alpha?: number };

export interface IRNode {
  name: string;
  expr: IRExpr;
  shape: IRShape;
}

export type IRLikelihood =
  | { dist: 'Bernoulli'; logit: IRExpr }
  | { dist: 'Bernoulli'; prob: IRExpr }
  | { dist: 'Categorical'; classes: number; logits: IRExpr }
  | { dist: 'Categorical'; classes: number; probs: IRExpr }
  | { dist: 'Normal'; mean: IRExpr; sigma: IRExpr }
  | { dist: 'StudentT'; nu: IRExpr; mean: IRExpr; sigma: IRExpr }
  /** The log-rate form, chosen for Poisson(rate = exp(z)) and Poisson(log_rate = z). */
  | { dist: 'Poisson'; logRate: IRExpr }
  | { dist: 'Poisson'; rate: IRExpr };

/** Arithmetic over the columns of one row, for derived columns of the data block. */
export type IRColumnExpr =
  | { op: 'column'; name: string }
  | { op: 'const'; value: number }
  | { op: 'add' | 'sub' | 'mul' | 'div'; a: IRColumnExpr; b: IRColumnExpr }
  | { op: 'neg'; a: IRColumnExpr }
  | { op: 'call'; fn: 'abs' | 'log' | 'exp' | 'sqrt' | 'pow' | 'min' | 'max'; args: IRColumnExpr[] };

export type IRDataSet = CheckedModel['sets'][number];

/** The data block as checked, with derived columns lowered. */
export interface IRData extends Pick<
  CheckedModel,
  'columns' | 'sets' | 'splits' | 'sources' | 'features' | 'target' | 'trainSet' | 'balance'
> {
  derived: { name: string; expr: IRColumnExpr }[];
}

export type IRInfer = CheckedModel['infer'];
export type { ViSettings, NutsSettings, MapSettings } from '../lang/checking/checked-model.js';
export type IRViInfer = Extract<IRInfer, { method: 'vi' }>;
export type IRNutsInfer = Extract<IRInfer, { method: 'nuts' }>;
export type IRMapInfer = Extract<IRInfer, { method: 'map' }>;

export type IRThreshold = NonNullable<EvaluateSettings['threshold']>;

/** One evaluated set's queries, with the settings the language leaves to bnnc filled in. */
export interface IREvaluate extends Omit<EvaluateSettings, 'importance'> {
  importance: (NonNullable<EvaluateSettings['importance']> & { repeats: number }) | null;
}

export interface IRModel {
  name: string;
  /** SHA-256 of the model source. */
  sourceHash: string;
  /** SHA-256 of what the model means (meaning.ts): what a saved fit is checked against. */
  modelHash: string;
  /** The lines modelHash is made of, so a mismatch can say what differs. */
  meaning: string[];
  data: IRData;
  /** In declaration order: the order of the packed parameter vector. */
  params: IRParam[];
  /** Deterministic nodes in evaluation order. */
  nodes: IRNode[];
  likelihood: IRLikelihood;
  infer: IRInfer;
  /** One entry per evaluated set, in source order; the last is the headline set. Empty: nothing is evaluated. */
  evaluate: IREvaluate[];
}

/** The headline set's queries: the last set evaluated, whose scores results.json keeps at its top level. */
export function headlineOf(ir: Pick<IRModel, 'evaluate'>): IREvaluate | undefined {
  return ir.evaluate[ir.evaluate.length - 1];
}

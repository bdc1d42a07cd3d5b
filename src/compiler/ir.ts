// The middle IR: what the checker's model lowers to, and all the runtime ever sees.
// It is independent of the inference method: a VI guide, MAP or NUTS all start from the
// parameters with their priors, the deterministic nodes and the likelihood.

/** A dimension: a fixed size, or "N", the number of rows of the data set being evaluated. */
export type Dim = number | 'N';
export type IRShape = Dim[];

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
  | 'exp';

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
  | { dist: 'Normal'; mean: IRExpr; sigma: IRExpr };

/** Arithmetic over the columns of one row, for derived columns of the data block. */
export type IRColumnExpr =
  | { op: 'column'; name: string }
  | { op: 'const'; value: number }
  | { op: 'add' | 'sub' | 'mul' | 'div'; a: IRColumnExpr; b: IRColumnExpr }
  | { op: 'neg'; a: IRColumnExpr }
  | { op: 'call'; fn: 'abs' | 'log' | 'exp' | 'sqrt' | 'pow' | 'min' | 'max'; args: IRColumnExpr[] };

export interface IRDataSet {
  name: string;
  /** As written in the model; resolved against the data path by the runtime. */
  files: string[];
  /** undefined: detect (a first line that is not all numbers is a header). */
  header?: boolean;
  /** undefined: detect among whitespace, comma and tab. */
  separator?: string;
}

export type TargetKind =
  | { kind: 'binary' }
  | { kind: 'categorical'; classes: number }
  | { kind: 'real' };

export interface IRData {
  /** The columns of every data file, in file order. */
  columns: string[];
  sets: IRDataSet[];
  /** Where data files are published (for `bnnc fetch`). */
  sources: { file: string; url: string; sha256: string }[];
  derived: { name: string; expr: IRColumnExpr }[];
  /** Feature matrices the model reads; columns may name derived columns. */
  features: { name: string; columns: string[]; standardize: boolean }[];
  target: { name: string; column: string } & TargetKind;
  /** The set the model is fit on; standardization statistics come from it. */
  trainSet: string;
  balance: { set: string; method: 'upsample' | 'none' }[];
}

export interface IRInfer {
  method: 'vi';
  guide: 'meanfield';
  optimizer: { kind: 'adam'; lr: number; decay: number };
  steps: number;
  /** Monte-Carlo samples of the guide per step. */
  samples: number;
  /** null: full batch. */
  batch: number | null;
  seed: number;
}

export type IRThreshold =
  | { kind: 'fixed'; value: number }
  | { kind: 'maximize'; metric: 'f1'; set: string };

export interface IREvaluate {
  set: string;
  draws: number;
  threshold: IRThreshold | null;
  confusion: boolean;
  classification: boolean;
  uncertainty: boolean;
  importance: { method: 'permutation'; byClass: boolean; repeats: number } | null;
  /** Posterior mean and sd of these parameters. */
  weights: string[];
  /** Prior and posterior samples of these parameters. */
  priorPosterior: string[];
}

export interface IRModel {
  name: string;
  /** SHA-256 of the model source, so a checkpoint can tell which model made it. */
  sourceHash: string;
  data: IRData;
  /** In declaration order: the order of the packed parameter vector. */
  params: IRParam[];
  /** Deterministic nodes in evaluation order. */
  nodes: IRNode[];
  likelihood: IRLikelihood;
  infer: IRInfer;
  evaluate: IREvaluate | null;
}

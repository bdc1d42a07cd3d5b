// What the checker knows about a model: its symbols (for the editor) and, when the model has no
// errors, the checked model that the compiler lowers.
import type * as A from '../syntax/ast.js';
import type { Span } from '../source.js';

export type Dim = number | 'N';
export type Shape = Dim[];

export type SymbolKind = 'column' | 'derived' | 'set' | 'features' | 'target' | 'param' | 'node';

export interface ModelSymbol {
  name: string;
  kind: SymbolKind;
  /** The name at its declaration. */
  decl: Span;
  /** The whole declaring statement. */
  statement: Span;
  /** Every use of the name (not the declaration). */
  refs: Span[];
  /** Feature matrices, parameters and nodes: the shape; columns: []. */
  shape?: Shape;
  /** A one-line description for hover: the prior, the columns, the target's kind. */
  detail: string;
  /** Parameters: the span of the declared shape, for quick fixes. */
  shapeSpan?: Span;
  /** Column position (0-based) in the data files. */
  index?: number;
}

/** count: non-negative integers (a Poisson likelihood). */
export type TargetKind =
  { kind: 'binary' } | { kind: 'categorical'; classes: number } | { kind: 'real' } | { kind: 'count' };

/** What is known of an expression's values. */
export type Range = 'any' | 'probability' | 'positive' | 'simplex';

/** What the checker learned of one expression of the model block: the typed AST. */
export interface ExprType {
  shape: Shape;
  range: Range;
  /** A name: what it resolves to. */
  ref?: 'features' | 'param' | 'node';
  /** A layer (h = dense(x, 12, relu)): the parameters it declared and its activation. */
  layer?: { W: { name: string; shape: number[] }; b: { name: string; shape: number[] }; act: string };
}

export interface AdamSettings {
  kind: 'adam';
  lr: number;
  decay: number;
}

/** Variational inference: a mean-field Normal guide fitted by maximizing the ELBO. */
export interface ViSettings {
  method: 'vi';
  guide: 'meanfield';
  optimizer: AdamSettings;
  steps: number;
  samples: number;
  /** Rows per minibatch; null for the full batch. */
  batch: number | null;
  seed: number;
  /** Fits from seeds derived from `seed`; 1 is one plain fit. */
  restarts: number;
  /** With restarts: the one with the highest final ELBO, or all as an equal mixture. */
  keep: 'best' | 'ensemble';
}

/** The No-U-Turn Sampler: `chains` chains of `warmup` adaptation then `draws` kept iterations. */
export interface NutsSettings {
  method: 'nuts';
  chains: number;
  warmup: number;
  /** Draws per chain after warmup, before thinning. */
  draws: number;
  maxDepth: number;
  targetAccept: number;
  /** Every thin-th draw of each chain is kept. */
  thin: number;
  seed: number;
}

/** The maximum a posteriori point estimate, by optimizing the log joint. */
export interface MapSettings {
  method: 'map';
  optimizer: AdamSettings;
  steps: number;
  batch: number | null;
  seed: number;
}

export type InferSettings = ViSettings | NutsSettings | MapSettings;

/** What `threshold maximize …` maximizes. */
export type ThresholdCriterion = 'f1' | 'accuracy' | 'youden';

export interface CheckedModel {
  name: string;
  columns: string[];
  sets: { name: string; files: string[]; header?: boolean; separator?: string }[];
  /** Sets dealt from another set's rows, in the order written: `a, b = split(all, 0.8, 0.2) by y`. */
  splits: { from: string; parts: { name: string; fraction: number }[]; stratify: boolean }[];
  /** Where data files are published, for `bnnc fetch`. */
  sources: { file: string; url: string; sha256: string }[];
  derived: { name: string; expr: A.Expr }[];
  features: { name: string; columns: string[]; standardize: boolean }[];
  /** standardize: a real target fit on the standardized scale (reported in its own units). */
  target: { name: string; column: string; standardize?: boolean } & TargetKind;
  trainSet: string;
  balance: { set: string; method: 'upsample' | 'reweight' | 'none' }[];
  /** A prior's argument is a number, or an expression of other parameters (typed in `types`). */
  params: {
    name: string;
    shape: number[];
    prior: { dist: string; args: Record<string, number | A.Expr> };
    positive: boolean;
  }[];
  nodes: { name: string; expr: A.Expr; shape: Shape }[];
  likelihood: { dist: string; args: Record<string, A.Expr> };
  /** The type of every expression of the nodes and the likelihood: lowering reads it, and infers nothing again. */
  types: ReadonlyMap<A.Expr, ExprType>;
  infer: InferSettings;
  /**
   * What to report, one entry per evaluated set in source order (a block that evaluates several
   * sets gives each the block's queries); the last is the headline set. Empty without an
   * evaluate block.
   */
  evaluate: EvaluateSettings[];
}

/**
 * A decision threshold: a number, or the one that maximizes a metric on a set. With `refit` (`…
 * on SET then refit`) it is chosen with a fit on the training set, and the scores are those of a
 * second fit on the training rows together with SET's.
 */
export type ThresholdSetting =
  { kind: 'fixed'; value: number } | { kind: 'maximize'; metric: ThresholdCriterion; set: string; refit: boolean };

/** The queries of one evaluated set. */
export interface EvaluateSettings {
  set: string;
  draws: number;
  threshold: ThresholdSetting | null;
  confusion: boolean;
  classification: boolean;
  uncertainty: boolean;
  importance: { method: 'permutation'; byClass: boolean } | null;
  weights: string[];
  priorPosterior: string[];
  /** Correct the probabilities from the balanced training set's class shares to its own. */
  priorShift: boolean;
}

/** The run's refit (`threshold maximize METRIC on SET then refit`), if any block asks for one: a run refits once. */
export function refitOf(
  evaluate: readonly EvaluateSettings[],
): { set: string; metric: ThresholdCriterion } | undefined {
  for (const e of evaluate)
    if (e.threshold?.kind === 'maximize' && e.threshold.refit)
      return { set: e.threshold.set, metric: e.threshold.metric };
  return undefined;
}

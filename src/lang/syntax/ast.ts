// The typed syntax tree. Every node carries the span of source it came from. Pieces the parser
// had to invent while recovering from an error are marked `missing` and have an empty span.
import type { Span } from '../source.js';

export interface Ident {
  name: string;
  span: Span;
  missing?: boolean;
}

export interface NumberLit {
  kind: 'number';
  value: number;
  text: string;
  span: Span;
  missing?: boolean;
}

export interface StringLit {
  kind: 'string';
  value: string;
  span: Span;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '@';

export type Expr =
  | NumberLit
  | StringLit
  | { kind: 'name'; ident: Ident; span: Span }
  | { kind: 'call'; callee: Ident; args: Arg[]; span: Span }
  | { kind: 'binary'; op: BinaryOp; opSpan: Span; left: Expr; right: Expr; span: Span }
  | { kind: 'neg'; operand: Expr; span: Span }
  | { kind: 'missing'; span: Span };

export type CallExpr = Extract<Expr, { kind: 'call' }>;
export type NameExpr = Extract<Expr, { kind: 'name' }>;
export type BinaryExpr = Extract<Expr, { kind: 'binary' }>;

export interface Arg {
  name?: Ident;
  value: Expr;
  span: Span;
}

// ---- data ----
export interface ColumnsStmt {
  kind: 'columns';
  names: Ident[];
  span: Span;
}
export interface ReadOption {
  name: Ident;
  value: StringLit | NumberLit | { kind: 'word'; ident: Ident; span: Span };
  span: Span;
}
export interface ReadStmt {
  kind: 'read';
  name: Ident;
  files: StringLit[];
  options: ReadOption[];
  span: Span;
}
export type FeatureItem =
  { kind: 'column'; name: Ident; span: Span } | { kind: 'range'; from: Ident; to: Ident; span: Span };
export interface FeaturesStmt {
  kind: 'features';
  name: Ident;
  standardize: boolean;
  fnSpan: Span;
  items: FeatureItem[];
  span: Span;
}
export interface TargetStmt {
  kind: 'target';
  name: Ident;
  expr: Expr;
  targetKind: Ident;
  classes?: NumberLit;
  /** `y = standardize(c) : real`: the call as written (its items; expr is the first one's name). */
  standardize?: { fn: 'standardize' | 'features'; fnSpan: Span; items: FeatureItem[] };
  span: Span;
}
export interface DerivedStmt {
  kind: 'derived';
  name: Ident;
  expr: Expr;
  span: Span;
}
export interface BalanceStmt {
  kind: 'balance';
  set: Ident;
  method: Ident;
  target?: Ident;
  span: Span;
}
export interface SourceStmt {
  kind: 'source';
  file: StringLit;
  fields: { key: Ident; value: StringLit }[];
  span: Span;
}
/** names = split(from, fractions…) by target: the rows of one set dealt into several. */
export interface SplitStmt {
  kind: 'split';
  names: Ident[];
  /** The right of '=': a call of split when well formed; missing for read(…) or a feature list. */
  value: Expr;
  by?: Ident;
  span: Span;
}
export type DataStmt =
  ColumnsStmt | ReadStmt | FeaturesStmt | TargetStmt | DerivedStmt | BalanceStmt | SourceStmt | SplitStmt;

// ---- parameters ----
export interface ShapeLit {
  dims: NumberLit[];
  span: Span;
}
export interface ParamDecl {
  kind: 'param';
  name: Ident;
  shape?: ShapeLit;
  prior: CallExpr;
  span: Span;
}

// ---- model ----
export interface AssignStmt {
  kind: 'assign';
  name: Ident;
  expr: Expr;
  span: Span;
}
export interface SampleStmt {
  kind: 'sample';
  name: Ident;
  dist: CallExpr;
  span: Span;
}
export type ModelStmt = AssignStmt | SampleStmt;

// ---- infer ----
export type SettingValue =
  NumberLit | { kind: 'word'; ident: Ident; args?: Arg[]; span: Span } | { kind: 'missing'; span: Span };
export interface InferStmt {
  kind: 'setting';
  /** The setting's name as written; which names a method takes is the checker's to say. */
  setting: string;
  keywordSpan: Span;
  value: SettingValue;
  span: Span;
}

// ---- evaluate ----
export type EvalStmt =
  | { kind: 'draws'; keywordSpan: Span; value: SettingValue; span: Span }
  | { kind: 'threshold'; keywordSpan: Span; value: NumberLit; span: Span }
  /** threshold maximize METRIC [on SET [then refit]]: `protocol` is the word after `then` (refit). */
  | {
      kind: 'thresholdRule';
      keywordSpan: Span;
      rule: Ident;
      metric: Ident;
      set?: Ident;
      then?: { thenSpan: Span; protocol: Ident; span: Span };
      span: Span;
    }
  | { kind: 'confusion' | 'classification' | 'uncertainty'; keywordSpan: Span; span: Span }
  | { kind: 'importance'; keywordSpan: Span; method: Ident; by?: Ident; span: Span }
  | { kind: 'weights' | 'prior_posterior'; keywordSpan: Span; names: Ident[]; span: Span }
  /** A query written as a plain word (accuracy, auc, nll, brier; or a misspelt query), with what followed it on its line. */
  | { kind: 'word'; keywordSpan: Span; word: string; names: Ident[]; value?: NumberLit; set?: Ident; span: Span };

// ---- blocks ----
export interface DataBlock {
  kind: 'data';
  keywordSpan: Span;
  statements: DataStmt[];
  span: Span;
}
export interface ParametersBlock {
  kind: 'parameters';
  keywordSpan: Span;
  statements: ParamDecl[];
  span: Span;
}
export interface ModelBlock {
  kind: 'model';
  keywordSpan: Span;
  statements: ModelStmt[];
  span: Span;
}
export interface InferBlock {
  kind: 'infer';
  keywordSpan: Span;
  method: Ident;
  set?: Ident;
  statements: InferStmt[];
  span: Span;
}
export interface EvaluateBlock {
  kind: 'evaluate';
  keywordSpan: Span;
  /** The sets evaluated, in order (`evaluate valid, test`); one missing name when none is written. */
  sets: Ident[];
  statements: EvalStmt[];
  span: Span;
}
export type Stmt = DataStmt | ParamDecl | ModelStmt | InferStmt | EvalStmt;

export type Block = DataBlock | ParametersBlock | ModelBlock | InferBlock | EvaluateBlock;

export interface Program {
  kind: 'program';
  name?: Ident;
  blocks: Block[];
  span: Span;
}

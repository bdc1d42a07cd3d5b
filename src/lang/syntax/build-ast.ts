// Concrete syntax tree → typed AST, as a Chevrotain CST visitor typed against the CST's
// generated types (cst.ts). The tree may be partial (the parser recovered from errors): every
// child is optional here, even one the grammar requires, and what is absent becomes a `missing`
// node with an empty span, which the checker passes over. The result is a tree: no object (not
// even a span) is in two places, so a reparse can move spans in place.
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import type * as C from './cst.js';
import { stringValue } from './lexer.js';
import { parser } from './grammar.js';
import type { Span } from '../source.js';

/**
 * A rule's children as the visitor meets them: a node the parser recovered lacks whatever
 * followed the error, so any child may be absent (test/lang/cst-types.test.ts).
 */
type Children<T> = Partial<T>;

type RuleName = Exclude<keyof C.BnnCstVisitor<CstNode, unknown>, 'visit' | 'validateVisitor'>;

/** What the builder makes of a node: its rule's visit method's result. */
type Built<N extends CstNode> = N extends { name: infer K extends RuleName } ? ReturnType<AstBuilder[K]> : never;

type StatementNode =
  | C.DataStatementCstNode
  | C.ParameterDeclarationCstNode
  | C.ModelStatementCstNode
  | C.InferStatementCstNode
  | C.EvaluateStatementCstNode;

const BaseVisitor = parser.getBaseCstVisitorConstructor();

function realToken(t: IToken | undefined): IToken | undefined {
  return t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) ? t : undefined;
}

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function nodeSpan(n: CstNode, fallback: number): Span {
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) {
    return { start: loc.startOffset, end: (loc.endOffset as number) + 1 };
  }
  return { start: fallback, end: fallback };
}

function spanOf(token: IToken | undefined, fallback: number): Span {
  const t = realToken(token);
  return t ? tokenSpan(t) : { start: fallback, end: fallback };
}

function ident(e: IToken | undefined, fallback: number): A.Ident {
  const t = realToken(e);
  if (!t) return { name: '', span: { start: fallback, end: fallback }, missing: true };
  return { name: t.image, span: tokenSpan(t) };
}

function numberLit(e: IToken | undefined, fallback: number, negative = false, minus?: IToken): A.NumberLit {
  const t = realToken(e);
  if (!t) return { kind: 'number', value: NaN, text: '', span: { start: fallback, end: fallback }, missing: true };
  const span = tokenSpan(t);
  if (negative && minus) span.start = minus.startOffset;
  const text = (negative ? '-' : '') + t.image;
  const value = Number(text);
  // A malformed number (1e, 1e-) is reported by the lexer; the checker passes over it as missing.
  return Number.isNaN(value)
    ? { kind: 'number', value, text, span, missing: true }
    : { kind: 'number', value, text, span };
}

function stringLit(t: IToken): A.StringLit {
  let value = stringValue(t.image);
  // An unterminated string ran to the end of its line (reported by the lexer): the closing
  // brackets and commas it swallowed were most likely meant to follow it.
  if (t.tokenType.name === 'UnterminatedString') value = trimSwallowed(value);
  return { kind: 'string', value, span: tokenSpan(t) };
}

/** `value` without its trailing whitespace, ')' and ','; a loop, as /[\s),]+$/ is quadratic on a long run. */
function trimSwallowed(value: string): string {
  let end = value.length;
  while (end > 0 && /[\s),]/.test(value[end - 1])) end--;
  return value.slice(0, end);
}

class AstBuilder extends BaseVisitor implements C.BnnCstVisitor<CstNode, unknown> {
  constructor() {
    super();
    this.validateVisitor();
  }

  /**
   * The ends of the nodes being built that have a location, innermost last. A node the parser
   * made of no real token is placed at the end of the innermost one: near where it is missing,
   * and the same wherever the statement holding it stands (a reparse moves statements whole).
   */
  enclosing: number[] = [];

  private nodeSpan(n: CstNode): Span {
    return nodeSpan(n, this.enclosing[this.enclosing.length - 1] ?? 0);
  }

  private at(n: CstNode): number {
    const s = nodeSpan(n, -1);
    return s.start >= 0 ? s.start : 0;
  }

  private sub<N extends CstNode>(node: N | undefined): Built<N> | undefined {
    if (!node) return undefined;
    const end = node.location?.endOffset;
    const located = Number.isFinite(end) && Number.isFinite(node.location?.startOffset);
    // (No try/finally: a build that throws is abandoned, and each build starts with an empty stack.)
    if (located) this.enclosing.push((end as number) + 1);
    const built = this.visit(node, node) as Built<N>;
    if (located) this.enclosing.pop();
    return built;
  }

  program(ctx: Children<C.ProgramCstChildren>, node: CstNode): A.Program {
    const blocks = this.buildAll(ctx.block);
    return {
      kind: 'program',
      name: ctx.name ? ident(ctx.name[0], 0) : undefined,
      blocks,
      span: this.nodeSpan(node),
    };
  }

  block(ctx: Children<C.BlockCstChildren>): A.Block | undefined {
    const child = ctx.dataBlock ?? ctx.parametersBlock ?? ctx.modelBlock ?? ctx.inferBlock ?? ctx.evaluateBlock;
    return this.sub(child?.[0]);
  }

  statement(node: StatementNode): A.Stmt | undefined {
    return this.sub(node);
  }

  /** Each block's statements, one entry per statement the parser began (undefined where none could be built). */
  blockItems: (A.Stmt | undefined)[][] = [];

  private blockStatements<N extends StatementNode>(list: N[] | undefined): NonNullable<Built<N>>[] {
    const items = (list ?? []).map((s) => this.sub(s));
    this.blockItems.push(items as (A.Stmt | undefined)[]);
    return items.filter((s): s is NonNullable<Built<N>> => !!s);
  }

  /** What the builder makes of each node of a list, leaving out what it could not build. */
  private buildAll<N extends CstNode>(list: N[] | undefined): NonNullable<Built<N>>[] {
    const out: NonNullable<Built<N>>[] = [];
    if (list)
      for (const s of list) {
        const x = this.sub(s);
        if (x) out.push(x);
      }
    return out;
  }

  dataBlock(ctx: Children<C.DataBlockCstChildren>, node: CstNode): A.DataBlock {
    return {
      kind: 'data',
      keywordSpan: spanOf(ctx.Data?.[0], this.at(node)),
      statements: this.blockStatements(ctx.dataStatement),
      span: this.nodeSpan(node),
    };
  }

  dataStatement(ctx: Children<C.DataStatementCstChildren>): A.DataStmt | undefined {
    return this.sub(
      ctx.columnsStatement?.[0] ?? ctx.balanceStatement?.[0] ?? ctx.sourceStatement?.[0] ?? ctx.dataAssignment?.[0],
    );
  }

  sourceStatement(ctx: Children<C.SourceStatementCstChildren>, node: CstNode): A.SourceStmt | undefined {
    const file = realToken(ctx.file?.[0]);
    if (!file) return undefined;
    const keys = ctx.key ?? [];
    const values = ctx.value ?? [];
    const fields: A.SourceStmt['fields'] = [];
    for (let i = 0; i < keys.length; i++) {
      const v = realToken(values[i]);
      const key = ident(keys[i], file.startOffset);
      if (v && !key.missing) fields.push({ key, value: stringLit(v) });
    }
    return { kind: 'source', file: stringLit(file), fields, span: this.nodeSpan(node) };
  }

  columnsStatement(ctx: Children<C.ColumnsStatementCstChildren>, node: CstNode): A.ColumnsStmt {
    return { kind: 'columns', names: this.sub(ctx.nameList?.[0]) ?? [], span: this.nodeSpan(node) };
  }

  nameList(ctx: Children<C.NameListCstChildren>): A.Ident[] {
    return (ctx.Identifier ?? []).map((t) => ident(t, 0)).filter((i) => !i.missing);
  }

  balanceStatement(ctx: Children<C.BalanceStatementCstChildren>, node: CstNode): A.BalanceStmt {
    const at = this.nodeSpan(node).end;
    return {
      kind: 'balance',
      set: ident(ctx.set?.[0], at),
      method: ident(ctx.method?.[0], at),
      target: ctx.target ? ident(ctx.target[0], at) : undefined,
      span: this.nodeSpan(node),
    };
  }

  dataAssignment(ctx: Children<C.DataAssignmentCstChildren>, node: CstNode): A.DataStmt {
    const span = this.nodeSpan(node);
    const name = ident(ctx.name?.[0], span.start);
    if ((ctx.name?.length ?? 0) > 1 || ctx.by) {
      const at = spanOf(ctx.Equals?.[0], span.end).end;
      const value = ctx.expression && !ctx.Colon ? (this.sub(ctx.expression[0]) ?? missingExpr(at)) : missingExpr(at);
      return {
        kind: 'split',
        names: (ctx.name ?? []).map((t) => ident(t, span.start)).filter((i) => !i.missing),
        value,
        by: ctx.by ? ident(ctx.by[0], span.end) : undefined,
        span,
      };
    }
    if (ctx.readCall) {
      const r = this.sub(ctx.readCall[0]) ?? { files: [], options: [] };
      return { kind: 'read', name, ...r, span };
    }
    if (ctx.featureCall) {
      const f = this.sub(ctx.featureCall[0]);
      if (ctx.Colon) {
        const k = this.sub(ctx.targetKind?.[0]);
        const first = f?.items[0];
        // Copies: a tree shares no object between two places (a reparse shifts spans in place).
        const expr: A.Expr =
          first?.kind === 'column'
            ? { kind: 'name', ident: { ...first.name, span: { ...first.name.span } }, span: { ...first.span } }
            : { kind: 'missing', span: { start: span.end, end: span.end } };
        const standardize = {
          fn: f?.standardize === false ? ('features' as const) : ('standardize' as const),
          fnSpan: f?.fnSpan ?? { ...span },
          items: f?.items ?? [],
        };
        return {
          kind: 'target',
          name,
          expr,
          targetKind: k?.kind ?? ident(undefined, span.end),
          classes: k?.classes,
          standardize,
          span,
        };
      }
      return {
        kind: 'features',
        name,
        standardize: f?.standardize ?? true,
        fnSpan: f?.fnSpan ?? { ...span },
        items: f?.items ?? [],
        span,
      };
    }
    const expr = this.sub(ctx.expression?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } };
    if (ctx.Colon) {
      const k = this.sub(ctx.targetKind?.[0]);
      return {
        kind: 'target',
        name,
        expr,
        targetKind: k?.kind ?? ident(undefined, span.end),
        classes: k?.classes,
        span,
      };
    }
    return { kind: 'derived', name, expr, span };
  }

  readCall(ctx: Children<C.ReadCallCstChildren>): { files: A.StringLit[]; options: A.ReadOption[] } {
    const files: A.StringLit[] = [];
    const options: A.ReadOption[] = [];
    for (const a of ctx.readArgument ?? []) {
      const r = this.sub(a);
      if (!r) continue;
      if ('kind' in r) files.push(r);
      else options.push(r);
    }
    return { files, options };
  }

  readArgument(ctx: Children<C.ReadArgumentCstChildren>, node: CstNode): A.StringLit | A.ReadOption | undefined {
    const file = realToken(ctx.file?.[0]);
    if (file) return stringLit(file);
    if (!ctx.option) return undefined;
    const span = this.nodeSpan(node);
    const name = ident(ctx.option[0], span.start);
    const v = realToken(ctx.value?.[0]);
    let value: A.ReadOption['value'];
    if (!v) value = { kind: 'word', ident: ident(undefined, span.end), span: { start: span.end, end: span.end } };
    else if (v.tokenType.name === 'Identifier') value = { kind: 'word', ident: ident(v, 0), span: tokenSpan(v) };
    else if (v.image.startsWith('"')) value = stringLit(v);
    else value = numberLit(v, 0);
    return { name, value, span };
  }

  featureCall(
    ctx: Children<C.FeatureCallCstChildren>,
    node: CstNode,
  ): { standardize: boolean; fnSpan: Span; items: A.FeatureItem[] } {
    const fn = realToken(ctx.fn?.[0]);
    return {
      standardize: fn?.image !== 'features',
      fnSpan: fn ? tokenSpan(fn) : this.nodeSpan(node),
      items: this.buildAll(ctx.featureItem),
    };
  }

  featureItem(ctx: Children<C.FeatureItemCstChildren>, node: CstNode): A.FeatureItem {
    const span = this.nodeSpan(node);
    const from = ident(ctx.from?.[0], span.start);
    if (ctx.DotDot) return { kind: 'range', from, to: ident(ctx.to?.[0], span.end), span };
    return { kind: 'column', name: from, span };
  }

  targetKind(ctx: Children<C.TargetKindCstChildren>, node: CstNode): { kind: A.Ident; classes?: A.NumberLit } {
    const span = this.nodeSpan(node);
    return {
      kind: ident(ctx.kind?.[0], span.start),
      classes: ctx.classes ? numberLit(ctx.classes[0], span.end) : undefined,
    };
  }

  parametersBlock(ctx: Children<C.ParametersBlockCstChildren>, node: CstNode): A.ParametersBlock {
    return {
      kind: 'parameters',
      keywordSpan: spanOf(ctx.Parameters?.[0], this.at(node)),
      statements: this.blockStatements(ctx.parameterDeclaration),
      span: this.nodeSpan(node),
    };
  }

  parameterDeclaration(ctx: Children<C.ParameterDeclarationCstChildren>, node: CstNode): A.ParamDecl {
    const span = this.nodeSpan(node);
    return {
      kind: 'param',
      name: ident(ctx.name?.[0], span.start),
      shape: ctx.shape ? this.sub(ctx.shape[0]) : undefined,
      prior: this.sub(ctx.call?.[0]) ?? missingCall(span.end),
      span,
    };
  }

  shape(ctx: Children<C.ShapeCstChildren>, node: CstNode): A.ShapeLit {
    return { dims: this.buildAll(ctx.shapeDim), span: this.nodeSpan(node) };
  }

  shapeDim(ctx: Children<C.ShapeDimCstChildren>, node: CstNode): A.NumberLit {
    const minus = realToken(ctx.Minus?.[0]);
    return numberLit(ctx.NumberLiteral?.[0], this.nodeSpan(node).start, !!minus, minus);
  }

  modelBlock(ctx: Children<C.ModelBlockCstChildren>, node: CstNode): A.ModelBlock {
    return {
      kind: 'model',
      keywordSpan: spanOf(ctx.Model?.[0], this.at(node)),
      statements: this.blockStatements(ctx.modelStatement),
      span: this.nodeSpan(node),
    };
  }

  modelStatement(ctx: Children<C.ModelStatementCstChildren>, node: CstNode): A.ModelStmt {
    const span = this.nodeSpan(node);
    const name = ident(ctx.name?.[0], span.start);
    if (ctx.Tilde) return { kind: 'sample', name, dist: this.sub(ctx.call?.[0]) ?? missingCall(span.end), span };
    return {
      kind: 'assign',
      name,
      expr: this.sub(ctx.expression?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } },
      span,
    };
  }

  inferBlock(ctx: Children<C.InferBlockCstChildren>, node: CstNode): A.InferBlock {
    const span = this.nodeSpan(node);
    return {
      kind: 'infer',
      keywordSpan: spanOf(ctx.Infer?.[0], span.start),
      method: ident(ctx.method?.[0], span.start),
      set: ctx.set ? ident(ctx.set[0], span.start) : undefined,
      statements: this.blockStatements(ctx.inferStatement),
      span,
    };
  }

  inferStatement(ctx: Children<C.InferStatementCstChildren>, node: CstNode): A.InferStmt | undefined {
    const kw = realToken(ctx.setting?.[0]);
    if (!kw) return undefined;
    const span = this.nodeSpan(node);
    return {
      kind: 'setting',
      setting: kw.image,
      keywordSpan: tokenSpan(kw),
      value: this.sub(ctx.settingValue?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } },
      span,
    };
  }

  settingValue(ctx: Children<C.SettingValueCstChildren>, node: CstNode): A.SettingValue {
    const span = this.nodeSpan(node);
    if (ctx.NumberLiteral) {
      const minus = realToken(ctx.Minus?.[0]);
      return numberLit(ctx.NumberLiteral[0], span.start, !!minus, minus);
    }
    const id = ident(ctx.Identifier?.[0], span.start);
    if (id.missing) return { kind: 'missing', span };
    const args = ctx.LParen ? this.buildAll(ctx.argument) : undefined;
    return { kind: 'word', ident: id, args, span };
  }

  evaluateBlock(ctx: Children<C.EvaluateBlockCstChildren>, node: CstNode): A.EvaluateBlock {
    const span = this.nodeSpan(node);
    return {
      kind: 'evaluate',
      keywordSpan: spanOf(ctx.Evaluate?.[0], span.start),
      sets: ctx.set
        ? ctx.set.map((t) => ident(t, span.start)).filter((id, i) => i === 0 || !id.missing)
        : [ident(undefined, span.start)],
      statements: this.blockStatements(ctx.evaluateStatement),
      span,
    };
  }

  evaluateStatement(ctx: Children<C.EvaluateStatementCstChildren>, node: CstNode): A.EvalStmt | undefined {
    const kw = realToken(ctx.query?.[0]);
    if (!kw) return undefined;
    const span = this.nodeSpan(node);
    const keywordSpan = tokenSpan(kw);
    switch (kw.image) {
      case 'draws':
        return {
          kind: 'draws',
          keywordSpan,
          value: this.sub(ctx.settingValue?.[0]) ?? { kind: 'missing', span: { ...span } },
          span,
        };
      case 'threshold': {
        const r: Children<C.ThresholdRuleCstChildren> = ctx.thresholdRule?.[0]?.children ?? {};
        if (r.value) {
          const minus = realToken(r.Minus?.[0]);
          return { kind: 'threshold', keywordSpan, value: numberLit(r.value[0], span.end, !!minus, minus), span };
        }
        return {
          kind: 'thresholdRule',
          keywordSpan,
          rule: ident(r.rule?.[0], span.end),
          metric: ident(r.metric?.[0], span.end),
          set: r.set ? ident(r.set[0], span.end) : undefined,
          then: r.then
            ? {
                thenSpan: spanOf(r.then[0], span.end),
                protocol: ident(r.protocol?.[0], span.end),
                span: { start: spanOf(r.then[0], span.end).start, end: span.end },
              }
            : undefined,
          span,
        };
      }
      case 'confusion':
      case 'classification':
      case 'uncertainty':
        return { kind: kw.image, keywordSpan, span };
      case 'importance':
        return {
          kind: 'importance',
          keywordSpan,
          method: ident(ctx.method?.[0], span.end),
          by: ctx.by ? ident(ctx.by[0], span.end) : undefined,
          span,
        };
      case 'weights':
      case 'prior_posterior':
        return { kind: kw.image, keywordSpan, names: this.sub(ctx.nameList?.[0]) ?? [], span };
    }
    if (kw.tokenType.name === 'Identifier') {
      const value = ctx.value?.[0];
      return {
        kind: 'word',
        keywordSpan,
        word: kw.image,
        names: this.sub(ctx.nameList?.[0]) ?? [],
        value: value ? numberLit(value, span.end, false) : undefined,
        set: ctx.set ? ident(ctx.set[0], span.end) : undefined,
        span,
      };
    }
    return undefined;
  }

  thresholdRule(): undefined {
    return undefined; // read directly by evaluateStatement
  }

  call(ctx: Children<C.CallCstChildren>, node: CstNode): A.CallExpr {
    const span = this.nodeSpan(node);
    return { kind: 'call', callee: ident(ctx.callee?.[0], span.start), args: this.buildAll(ctx.argument), span };
  }

  argument(ctx: Children<C.ArgumentCstChildren>, node: CstNode): A.Arg {
    const span = this.nodeSpan(node);
    return {
      name: ctx.name ? ident(ctx.name[0], span.start) : undefined,
      value: this.sub(ctx.expression?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } },
      span,
    };
  }

  expression(ctx: Children<C.ExpressionCstChildren>, node: CstNode): A.Expr {
    return this.binaryChain(ctx, node);
  }

  multiplicative(ctx: Children<C.MultiplicativeCstChildren>, node: CstNode): A.Expr {
    return this.binaryChain(ctx, node);
  }

  private binaryChain(
    ctx: Children<C.ExpressionCstChildren> | Children<C.MultiplicativeCstChildren>,
    node: CstNode,
  ): A.Expr {
    if (!ctx.operators && ctx.operands?.length === 1) {
      const only = this.sub(ctx.operands[0]);
      if (only) return only;
    }
    const span = this.nodeSpan(node);
    const operands = (ctx.operands ?? []).map((o) => this.sub(o) ?? missingExpr(span.end));
    const operators = ctx.operators ?? [];
    let acc = operands[0] ?? missingExpr(span.start);
    for (let i = 0; i < operators.length; i++) {
      const right = operands[i + 1] ?? missingExpr(span.end);
      const op = operators[i];
      acc = {
        kind: 'binary',
        op: op.image as A.BinaryOp,
        opSpan: realToken(op) ? tokenSpan(op) : { start: acc.span.end, end: acc.span.end },
        left: acc,
        right,
        span: { start: acc.span.start, end: Math.max(acc.span.end, right.span.end) },
      };
    }
    return acc;
  }

  factor(ctx: Children<C.FactorCstChildren>, node: CstNode): A.Expr {
    const span = this.nodeSpan(node);
    if (!ctx.Minus) return this.atom(ctx, span);
    const minuses = ctx.Minus.map(realToken).filter((t): t is IToken => !!t);
    const atomStart = minuses.length ? minuses[minuses.length - 1].startOffset + 1 : span.start;
    const e = this.atom(ctx, { start: Math.max(atomStart, firstOffset(ctx, atomStart)), end: span.end });
    // Two minuses cancel, so a run of them is one negation or none (and no deep tree). A single
    // minus folds into a number literal: -1 is a number.
    if (minuses.length % 2 === 0) return e;
    const at: Span = { start: minuses[0].startOffset, end: e.span.end };
    if (e.kind === 'number' && (!e.missing || e.text !== ''))
      return { ...e, value: -e.value, text: '-' + e.text, span: at };
    return { kind: 'neg', operand: e, span: at };
  }

  private atom(ctx: Children<C.FactorCstChildren>, span: Span): A.Expr {
    const num = realToken(ctx.NumberLiteral?.[0]);
    if (num) return numberLit(num, span.start);
    const str = realToken(ctx.StringLiteral?.[0]);
    if (str) return stringLit(str);
    if (ctx.expression) return this.sub(ctx.expression[0]) ?? missingExpr(span.start);
    const id = ident(ctx.Identifier?.[0], span.start);
    if (id.missing) return missingExpr(span.start);
    if (ctx.callOpen)
      return {
        kind: 'call',
        callee: id,
        args: this.buildAll(ctx.argument),
        span: { start: id.span.start, end: span.end },
      };
    return { kind: 'name', ident: id, span: { ...id.span } };
  }
}

/** The offset of the first real token among a factor's operand children. */
function firstOffset(ctx: Children<C.FactorCstChildren>, fallback: number): number {
  let best = Infinity;
  for (const key of ['NumberLiteral', 'StringLiteral', 'Identifier', 'groupOpen'] as const) {
    const t = realToken(ctx[key]?.[0]);
    if (t && t.startOffset < best) best = t.startOffset;
  }
  return best === Infinity ? fallback : best;
}

function missingExpr(at: number): A.Expr {
  return { kind: 'missing', span: { start: at, end: at } };
}

function missingCall(at: number): A.CallExpr {
  return {
    kind: 'call',
    callee: { name: '', span: { start: at, end: at }, missing: true },
    args: [],
    span: { start: at, end: at },
  };
}

const builder = new AstBuilder();

export interface BuiltAst {
  program: A.Program;
  /** For each block of the program, in order: the statement built from each one the parser began. */
  blockItems: (A.Stmt | undefined)[][];
}

export function buildAst(cst: CstNode): BuiltAst {
  builder.blockItems = [];
  builder.enclosing = [];
  const program = builder.visit(cst, cst) as A.Program;
  return { program, blockItems: builder.blockItems };
}

/** One statement of a block, from its CST node. */
export function buildStatement(node: CstNode): A.Stmt | undefined {
  builder.enclosing = [];
  // A window's nodes are its block's statements (incremental/statement-marks.ts).
  return builder.statement(node as StatementNode);
}

// Concrete syntax tree → typed AST, as a Chevrotain CST visitor. The tree may be partial (the
// parser recovered from errors): every child is optional here, and what is absent becomes a
// `missing` node with an empty span, which the checker passes over. The result is a tree: no
// object (not even a span) is in two places, so a reparse can move spans in place.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { stringValue } from './lexer.js';
import { parser } from './grammar.js';
import type { Span } from '../source.js';

type Ctx = Record<string, CstElement[] | undefined>;

const BaseVisitor = parser.getBaseCstVisitorConstructor();

function isToken(e: CstElement | undefined): e is IToken {
  return !!e && (e as IToken).image !== undefined;
}

function realToken(e: CstElement | undefined): IToken | undefined {
  return isToken(e) && !e.isInsertedInRecovery && Number.isFinite(e.startOffset) ? e : undefined;
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

function spanOf(e: CstElement | undefined, fallback: number): Span {
  if (!e) return { start: fallback, end: fallback };
  if (isToken(e)) {
    const t = realToken(e);
    return t ? tokenSpan(t) : { start: fallback, end: fallback };
  }
  return nodeSpan(e, fallback);
}

function ident(e: CstElement | undefined, fallback: number): A.Ident {
  const t = realToken(e);
  if (!t) return { name: '', span: { start: fallback, end: fallback }, missing: true };
  return { name: t.image, span: tokenSpan(t) };
}

function numberLit(e: CstElement | undefined, fallback: number, negative = false, minus?: IToken): A.NumberLit {
  const t = realToken(e);
  if (!t) return { kind: 'number', value: NaN, text: '', span: { start: fallback, end: fallback }, missing: true };
  const span = tokenSpan(t);
  if (negative && minus) span.start = minus.startOffset;
  const text = (negative ? '-' : '') + t.image;
  const value = Number(text);
  // A malformed number (1e, 1e-) is reported by the lexer; the checker passes over it as missing.
  return Number.isNaN(value) ? { kind: 'number', value, text, span, missing: true } : { kind: 'number', value, text, span };
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

class AstBuilder extends BaseVisitor {
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

  private sub<T>(node: CstElement | undefined): T | undefined {
    if (!node || isToken(node)) return undefined;
    const end = node.location?.endOffset;
    const located = Number.isFinite(end) && Number.isFinite(node.location?.startOffset);
    // (No try/finally: a build that throws is abandoned, and each build starts with an empty stack.)
    if (located) this.enclosing.push((end as number) + 1);
    const built = this.visit(node, node) as T;
    if (located) this.enclosing.pop();
    return built;
  }

  program(ctx: Ctx, node: CstNode): A.Program {
    const blocks = (ctx.block ?? []).map((b) => this.sub<A.Block>(b)).filter((b): b is A.Block => !!b);
    return {
      kind: 'program',
      name: ctx.name ? ident(ctx.name[0], 0) : undefined,
      blocks,
      span: this.nodeSpan(node),
    };
  }

  block(ctx: Ctx): A.Block | undefined {
    const child = ctx.dataBlock ?? ctx.parametersBlock ?? ctx.modelBlock ?? ctx.inferBlock ?? ctx.evaluateBlock;
    return this.sub<A.Block>(child?.[0]);
  }

  statement(node: CstNode): A.Stmt | undefined {
    return this.sub<A.Stmt>(node);
  }

  /** Each block's statements, one entry per statement the parser began (undefined where none could be built). */
  blockItems: (A.Stmt | undefined)[][] = [];

  private blockStatements<T extends A.Stmt>(list: CstElement[] | undefined): T[] {
    const items = (list ?? []).map((s) => this.sub<T>(s));
    this.blockItems.push(items);
    return items.filter((s): s is T => !!s);
  }

  private statements<T>(list: CstElement[] | undefined): T[] {
    const out: T[] = [];
    if (list) for (const s of list) {
      const x = this.sub<T>(s);
      if (x) out.push(x);
    }
    return out;
  }

  dataBlock(ctx: Ctx, node: CstNode): A.DataBlock {
    return { kind: 'data', keywordSpan: spanOf(ctx.Data?.[0], this.at(node)), statements: this.blockStatements(ctx.dataStatement), span: this.nodeSpan(node) };
  }

  dataStatement(ctx: Ctx): A.DataStmt | undefined {
    return this.sub(ctx.columnsStatement?.[0] ?? ctx.balanceStatement?.[0] ?? ctx.sourceStatement?.[0] ?? ctx.dataAssignment?.[0]);
  }

  sourceStatement(ctx: Ctx, node: CstNode): A.SourceStmt | undefined {
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

  columnsStatement(ctx: Ctx, node: CstNode): A.ColumnsStmt {
    return { kind: 'columns', names: this.sub<A.Ident[]>(ctx.nameList?.[0]) ?? [], span: this.nodeSpan(node) };
  }

  nameList(ctx: Ctx): A.Ident[] {
    return (ctx.Identifier ?? []).map((t) => ident(t, 0)).filter((i) => !i.missing);
  }

  balanceStatement(ctx: Ctx, node: CstNode): A.BalanceStmt {
    const at = this.nodeSpan(node).end;
    return {
      kind: 'balance',
      set: ident(ctx.set?.[0], at),
      method: ident(ctx.method?.[0], at),
      target: ctx.target ? ident(ctx.target[0], at) : undefined,
      span: this.nodeSpan(node),
    };
  }

  dataAssignment(ctx: Ctx, node: CstNode): A.DataStmt {
    const span = this.nodeSpan(node);
    const name = ident(ctx.name?.[0], span.start);
    if ((ctx.name?.length ?? 0) > 1 || ctx.by) {
      const at = spanOf(ctx.Equals?.[0], span.end).end;
      const value = ctx.expression && !ctx.Colon ? (this.sub<A.Expr>(ctx.expression[0]) ?? missingExpr(at)) : missingExpr(at);
      return {
        kind: 'split',
        names: (ctx.name ?? []).map((t) => ident(t, span.start)).filter((i) => !i.missing),
        value,
        by: ctx.by ? ident(ctx.by[0], span.end) : undefined,
        span,
      };
    }
    if (ctx.readCall) {
      const r = this.sub<{ files: A.StringLit[]; options: A.ReadOption[] }>(ctx.readCall[0]) ?? { files: [], options: [] };
      return { kind: 'read', name, ...r, span };
    }
    if (ctx.featureCall) {
      const f = this.sub<{ standardize: boolean; fnSpan: Span; items: A.FeatureItem[] }>(ctx.featureCall[0]);
      if (ctx.Colon) {
        const k = this.sub<{ kind: A.Ident; classes?: A.NumberLit }>(ctx.targetKind?.[0]);
        const first = f?.items[0];
        // Copies: a tree shares no object between two places (a reparse shifts spans in place).
        const expr: A.Expr =
          first?.kind === 'column' ? { kind: 'name', ident: { ...first.name, span: { ...first.name.span } }, span: { ...first.span } } : { kind: 'missing', span: { start: span.end, end: span.end } };
        const standardize = { fn: f?.standardize === false ? ('features' as const) : ('standardize' as const), fnSpan: f?.fnSpan ?? { ...span }, items: f?.items ?? [] };
        return { kind: 'target', name, expr, targetKind: k?.kind ?? ident(undefined, span.end), classes: k?.classes, standardize, span };
      }
      return { kind: 'features', name, standardize: f?.standardize ?? true, fnSpan: f?.fnSpan ?? { ...span }, items: f?.items ?? [], span };
    }
    const expr = this.sub<A.Expr>(ctx.expression?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } };
    if (ctx.Colon) {
      const k = this.sub<{ kind: A.Ident; classes?: A.NumberLit }>(ctx.targetKind?.[0]);
      return { kind: 'target', name, expr, targetKind: k?.kind ?? ident(undefined, span.end), classes: k?.classes, span };
    }
    return { kind: 'derived', name, expr, span };
  }

  readCall(ctx: Ctx): { files: A.StringLit[]; options: A.ReadOption[] } {
    const files: A.StringLit[] = [];
    const options: A.ReadOption[] = [];
    for (const a of ctx.readArgument ?? []) {
      const r = this.sub<A.StringLit | A.ReadOption>(a);
      if (!r) continue;
      if ('kind' in r) files.push(r);
      else options.push(r);
    }
    return { files, options };
  }

  readArgument(ctx: Ctx, node: CstNode): A.StringLit | A.ReadOption | undefined {
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

  featureCall(ctx: Ctx, node: CstNode): { standardize: boolean; fnSpan: Span; items: A.FeatureItem[] } {
    const fn = realToken(ctx.fn?.[0]);
    return {
      standardize: fn?.image !== 'features',
      fnSpan: fn ? tokenSpan(fn) : this.nodeSpan(node),
      items: this.statements<A.FeatureItem>(ctx.featureItem),
    };
  }

  featureItem(ctx: Ctx, node: CstNode): A.FeatureItem {
    const span = this.nodeSpan(node);
    const from = ident(ctx.from?.[0], span.start);
    if (ctx.DotDot) return { kind: 'range', from, to: ident(ctx.to?.[0], span.end), span };
    return { kind: 'column', name: from, span };
  }

  targetKind(ctx: Ctx, node: CstNode): { kind: A.Ident; classes?: A.NumberLit } {
    const span = this.nodeSpan(node);
    return { kind: ident(ctx.kind?.[0], span.start), classes: ctx.classes ? numberLit(ctx.classes[0], span.end) : undefined };
  }

  parametersBlock(ctx: Ctx, node: CstNode): A.ParametersBlock {
    return {
      kind: 'parameters',
      keywordSpan: spanOf(ctx.Parameters?.[0], this.at(node)),
      statements: this.blockStatements(ctx.parameterDeclaration),
      span: this.nodeSpan(node),
    };
  }

  parameterDeclaration(ctx: Ctx, node: CstNode): A.ParamDecl {
    const span = this.nodeSpan(node);
    return {
      kind: 'param',
      name: ident(ctx.name?.[0], span.start),
      shape: ctx.shape ? this.sub<A.ShapeLit>(ctx.shape[0]) : undefined,
      prior: this.sub<A.CallExpr>(ctx.call?.[0]) ?? missingCall(span.end),
      span,
    };
  }

  shape(ctx: Ctx, node: CstNode): A.ShapeLit {
    return { dims: this.statements<A.NumberLit>(ctx.shapeDim), span: this.nodeSpan(node) };
  }

  shapeDim(ctx: Ctx, node: CstNode): A.NumberLit {
    const minus = realToken(ctx.Minus?.[0]);
    return numberLit(ctx.NumberLiteral?.[0], this.nodeSpan(node).start, !!minus, minus);
  }

  modelBlock(ctx: Ctx, node: CstNode): A.ModelBlock {
    return { kind: 'model', keywordSpan: spanOf(ctx.Model?.[0], this.at(node)), statements: this.blockStatements(ctx.modelStatement), span: this.nodeSpan(node) };
  }

  modelStatement(ctx: Ctx, node: CstNode): A.ModelStmt {
    const span = this.nodeSpan(node);
    const name = ident(ctx.name?.[0], span.start);
    if (ctx.Tilde) return { kind: 'sample', name, dist: this.sub<A.CallExpr>(ctx.call?.[0]) ?? missingCall(span.end), span };
    return { kind: 'assign', name, expr: this.sub<A.Expr>(ctx.expression?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } }, span };
  }

  inferBlock(ctx: Ctx, node: CstNode): A.InferBlock {
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

  inferStatement(ctx: Ctx, node: CstNode): A.InferStmt | undefined {
    const kw = realToken(ctx.setting?.[0]);
    if (!kw) return undefined;
    const span = this.nodeSpan(node);
    return {
      kind: 'setting',
      setting: kw.image,
      keywordSpan: tokenSpan(kw),
      value: this.sub<A.SettingValue>(ctx.settingValue?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } },
      span,
    };
  }

  settingValue(ctx: Ctx, node: CstNode): A.SettingValue {
    const span = this.nodeSpan(node);
    if (ctx.NumberLiteral) {
      const minus = realToken(ctx.Minus?.[0]);
      return numberLit(ctx.NumberLiteral[0], span.start, !!minus, minus);
    }
    const id = ident(ctx.Identifier?.[0], span.start);
    if (id.missing) return { kind: 'missing', span };
    const args = ctx.LParen ? this.statements<A.Arg>(ctx.argument) : undefined;
    return { kind: 'word', ident: id, args, span };
  }

  evaluateBlock(ctx: Ctx, node: CstNode): A.EvaluateBlock {
    const span = this.nodeSpan(node);
    return {
      kind: 'evaluate',
      keywordSpan: spanOf(ctx.Evaluate?.[0], span.start),
      sets: ctx.set ? ctx.set.map((t) => ident(t, span.start)).filter((id, i) => i === 0 || !id.missing) : [ident(undefined, span.start)],
      statements: this.blockStatements(ctx.evaluateStatement),
      span,
    };
  }

  evaluateStatement(ctx: Ctx, node: CstNode): A.EvalStmt | undefined {
    const kw = realToken(ctx.query?.[0]);
    if (!kw) return undefined;
    const span = this.nodeSpan(node);
    const keywordSpan = tokenSpan(kw);
    switch (kw.image) {
      case 'draws':
        return { kind: 'draws', keywordSpan, value: this.sub<A.SettingValue>(ctx.settingValue?.[0]) ?? { kind: 'missing', span: { ...span } }, span };
      case 'threshold': {
        const rule = ctx.thresholdRule?.[0];
        const r = rule && !isToken(rule) ? (rule.children as Ctx) : {};
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
          then: r.then ? { thenSpan: spanOf(r.then[0], span.end), protocol: ident(r.protocol?.[0], span.end), span: { start: spanOf(r.then[0], span.end).start, end: span.end } } : undefined,
          span,
        };
      }
      case 'confusion':
      case 'classification':
      case 'uncertainty':
        return { kind: kw.image, keywordSpan, span };
      case 'importance':
        return { kind: 'importance', keywordSpan, method: ident(ctx.method?.[0], span.end), by: ctx.by ? ident(ctx.by[0], span.end) : undefined, span };
      case 'weights':
      case 'prior_posterior':
        return { kind: kw.image, keywordSpan, names: this.sub<A.Ident[]>(ctx.nameList?.[0]) ?? [], span };
    }
    if (kw.tokenType.name === 'Identifier') {
      const value = ctx.value?.[0];
      return { kind: 'word', keywordSpan, word: kw.image, names: this.sub<A.Ident[]>(ctx.nameList?.[0]) ?? [], value: value ? numberLit(value, span.end, false) : undefined, set: ctx.set ? ident(ctx.set[0], span.end) : undefined, span };
    }
    return undefined;
  }

  thresholdRule(): undefined {
    return undefined; // read directly by evaluateStatement
  }

  call(ctx: Ctx, node: CstNode): A.CallExpr {
    const span = this.nodeSpan(node);
    return { kind: 'call', callee: ident(ctx.callee?.[0], span.start), args: this.statements<A.Arg>(ctx.argument), span };
  }

  argument(ctx: Ctx, node: CstNode): A.Arg {
    const span = this.nodeSpan(node);
    return {
      name: ctx.name ? ident(ctx.name[0], span.start) : undefined,
      value: this.sub<A.Expr>(ctx.expression?.[0]) ?? { kind: 'missing', span: { start: span.end, end: span.end } },
      span,
    };
  }

  expression(ctx: Ctx, node: CstNode): A.Expr {
    return this.binaryChain(ctx, node);
  }

  multiplicative(ctx: Ctx, node: CstNode): A.Expr {
    return this.binaryChain(ctx, node);
  }

  private binaryChain(ctx: Ctx, node: CstNode): A.Expr {
    if (!ctx.operators && ctx.operands?.length === 1) {
      const only = this.sub<A.Expr>(ctx.operands[0]);
      if (only) return only;
    }
    const span = this.nodeSpan(node);
    const operands = (ctx.operands ?? []).map((o) => this.sub<A.Expr>(o) ?? missingExpr(span.end));
    const operators = (ctx.operators ?? []).filter(isToken);
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

  factor(ctx: Ctx, node: CstNode): A.Expr {
    const span = this.nodeSpan(node);
    if (!ctx.Minus) return this.atom(ctx, span);
    const minuses = ctx.Minus.map(realToken).filter((t): t is IToken => !!t);
    const atomStart = minuses.length ? minuses[minuses.length - 1].startOffset + 1 : span.start;
    const e = this.atom(ctx, { start: Math.max(atomStart, firstOffset(ctx, atomStart)), end: span.end });
    // Two minuses cancel, so a run of them is one negation or none (and no deep tree). A single
    // minus folds into a number literal: -1 is a number.
    if (minuses.length % 2 === 0) return e;
    const at: Span = { start: minuses[0].startOffset, end: e.span.end };
    if (e.kind === 'number' && (!e.missing || e.text !== '')) return { ...e, value: -e.value, text: '-' + e.text, span: at };
    return { kind: 'neg', operand: e, span: at };
  }

  private atom(ctx: Ctx, span: Span): A.Expr {
    const num = realToken(ctx.NumberLiteral?.[0]);
    if (num) return numberLit(num, span.start);
    const str = realToken(ctx.StringLiteral?.[0]);
    if (str) return stringLit(str);
    if (ctx.expression) return this.sub<A.Expr>(ctx.expression[0]) ?? missingExpr(span.start);
    const id = ident(ctx.Identifier?.[0], span.start);
    if (id.missing) return missingExpr(span.start);
    if (ctx.callOpen) return { kind: 'call', callee: id, args: this.statements<A.Arg>(ctx.argument), span: { start: id.span.start, end: span.end } };
    return { kind: 'name', ident: id, span: { ...id.span } };
  }
}

/** The offset of the first real token among a factor's operand children. */
function firstOffset(ctx: Ctx, fallback: number): number {
  let best = Infinity;
  for (const key of ['NumberLiteral', 'StringLiteral', 'Identifier', 'groupOpen']) {
    const t = realToken(ctx[key]?.[0]);
    if (t && t.startOffset < best) best = t.startOffset;
  }
  return best === Infinity ? fallback : best;
}

function missingExpr(at: number): A.Expr {
  return { kind: 'missing', span: { start: at, end: at } };
}

function missingCall(at: number): A.CallExpr {
  return { kind: 'call', callee: { name: '', span: { start: at, end: at }, missing: true }, args: [], span: { start: at, end: at } };
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
  return builder.statement(node);
}

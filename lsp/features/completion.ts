// Completion of what is valid at the cursor. The context is read from the tokens before the
// cursor (the enclosing block, the token or two before the word being typed, the enclosing
// call), so it works in the half-written text that completion is asked for.
import type { IToken } from 'chevrotain';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node.js';
import {
  ALL_INFER_SETTINGS,
  BALANCE_METHODS,
  COLUMN_FUNCTIONS,
  GUIDES,
  INFER_METHOD_DOCS,
  INFER_METHODS,
  INFER_SETTINGS,
  LIKELIHOODS,
  MODEL_FUNCTIONS,
  OPTIMIZERS,
  LAYER_FUNCTIONS,
  PRIORS,
  PRIOR_ARG_FUNCTIONS,
  QUERIES,
  READ_OPTIONS,
  TARGET_KINDS,
  type DistSpec,
  type FunctionSpec,
  type InferMethod,
} from '../../src/lang/builtins.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import type { ModelSymbol, SymbolKind } from '../../src/lang/checking/checked-model.js';
import * as T from '../../src/lang/syntax/tokens.js';
import { blockBefore, enclosingCall } from '../analysis/blocks.js';
import { BLOCK_KEYWORDS, KEYWORD_DOCS } from '../analysis/keyword-docs.js';
import { inCommentOrString, tokenIndexBefore, wordAt } from '../analysis/tokens.js';

const DATA_STARTERS = ['columns', 'balance', 'source'];
const OPERATORS = [T.Plus, T.Minus, T.Star, T.Slash, T.At];
/** Tokens after which something must follow: the cursor is inside a statement, not between two. */
const EXPECTING = [T.Tilde, T.Equals, T.Colon, T.LParen, T.LBracket, T.Comma, T.DotDot, ...OPERATORS];
const COMPLETE_STATEMENTS = ['confusion', 'classification', 'uncertainty'];

interface Context {
  doc: CheckedDocument;
  /** Where the word being completed starts (the cursor, when none is). */
  start: number;
  /** Index of the last token before the word. */
  i: number;
}

export function completion(doc: CheckedDocument, offset: number): CompletionItem[] {
  if (inCommentOrString(doc, offset)) return [];
  const word = wordAt(doc, offset);
  const start = word && word.startOffset < offset ? word.startOffset : offset;
  const i = tokenIndexBefore(doc.tokens, start);
  const ctx: Context = { doc, start, i };
  switch (blockBefore(doc.tokens, i + 1)) {
    case 'data':
      return dataBlock(ctx);
    case 'parameters':
      return parametersBlock(ctx);
    case 'model':
      return modelBlock(ctx);
    case 'infer':
      return inferBlock(ctx);
    case 'evaluate':
      return evaluateBlock(ctx);
    default:
      return topLevel(ctx);
  }
}

// ---- the token context ----

function tok(ctx: Context, back: number): IToken | undefined {
  return ctx.doc.tokens[ctx.i - back];
}

function is(t: IToken | undefined, ...types: unknown[]): boolean {
  return !!t && types.includes(t.tokenType);
}

function image(t: IToken | undefined): string | undefined {
  return t?.image;
}

function expecting(t: IToken | undefined): boolean {
  if (!t) return false;
  if (EXPECTING.includes(t.tokenType)) return true;
  return (
    T.keywordTokens.includes(t.tokenType) &&
    !COMPLETE_STATEMENTS.includes(t.image) &&
    !BLOCK_KEYWORDS.includes(t.image as never)
  );
}

/** `NAME =` at the start of a statement (not a named argument inside a call). */
function afterAssignment(ctx: Context): boolean {
  return is(tok(ctx, 0), T.Equals) && is(tok(ctx, 1), T.Identifier) && !is(tok(ctx, 2), T.LParen, T.Comma);
}

/** The word that starts a comma-separated list of names the cursor is in (`weights W0, |`). */
function listHead(ctx: Context): string | undefined {
  return image(ctx.doc.tokens[listStart(ctx)]);
}

/** The index of the token before the list of names the cursor is in (the cursor's own token when it is in none). */
function listStart(ctx: Context): number {
  let j = ctx.i;
  if (!is(ctx.doc.tokens[j], T.Comma)) return j;
  while (is(ctx.doc.tokens[j], T.Comma) && is(ctx.doc.tokens[j - 1], T.Identifier)) j -= 2;
  return j;
}

function call(ctx: Context) {
  const ec = enclosingCall(ctx.doc.tokens, ctx.i + 1);
  return ec ? { callee: ec.callee?.image, argStart: is(tok(ctx, 0), T.LParen, T.Comma) } : undefined;
}

// ---- blocks ----

function topLevel(ctx: Context): CompletionItem[] {
  const prev = image(tok(ctx, 0));
  if (prev === 'infer' && is(tok(ctx, 0), T.Infer))
    return INFER_METHODS.map((m) => ({ label: m, kind: CompletionItemKind.EnumMember, detail: INFER_METHOD_DOCS[m] }));
  if ((prev === 'evaluate' && is(tok(ctx, 0), T.Evaluate)) || (prev === 'on' && is(tok(ctx, 0), T.On)))
    return symbols(ctx, ['set']);
  // `evaluate valid, |`: another set to evaluate.
  if (is(tok(ctx, 0), T.Comma) && is(ctx.doc.tokens[listStart(ctx)], T.Evaluate)) return symbols(ctx, ['set']);
  if (expecting(tok(ctx, 0)) || is(tok(ctx, 0), T.Model)) return [];
  return keywords(BLOCK_KEYWORDS);
}

function dataBlock(ctx: Context): CompletionItem[] {
  const prev = tok(ctx, 0);
  if (is(prev, T.Colon)) return words(TARGET_KINDS);
  if (afterAssignment(ctx)) return [...keywords(['read', 'standardize', 'features']), ...columnExpression(ctx)];
  const c = call(ctx);
  if (c) {
    if (c.callee === 'read') {
      if (is(prev, T.Equals) && image(tok(ctx, 1)) === 'header') return words(['true', 'false']);
      return c.argStart ? argumentNames(Object.keys(READ_OPTIONS), READ_OPTIONS) : [];
    }
    if (c.callee === 'standardize' || c.callee === 'features') {
      if (is(prev, T.DotDot)) return symbols(ctx, ['column']);
      return c.argStart ? symbols(ctx, ['column', 'derived']) : [];
    }
    if (c.callee === 'categorical') return [];
    if (c.argStart || is(prev, ...OPERATORS)) return columnExpression(ctx);
  }
  if (is(prev, ...OPERATORS)) return columnExpression(ctx);
  if (is(prev, T.Balance)) return symbols(ctx, ['set']);
  if (is(tok(ctx, 1), T.Balance) && is(prev, T.Identifier)) return words(BALANCE_METHODS);
  if (is(tok(ctx, 2), T.Balance) && BALANCE_METHODS.includes(image(prev)!))
    return [...symbols(ctx, ['target']), ...keywords(DATA_STARTERS)];
  if (listHead(ctx) === 'columns' && expecting(prev)) return [];
  if (is(prev, T.StringLiteral) && is(tok(ctx, 1), T.Source))
    return [...words(['url', 'sha256']), ...keywords(DATA_STARTERS)];
  if (expecting(prev)) return [];
  return keywords(DATA_STARTERS);
}

function parametersBlock(ctx: Context): CompletionItem[] {
  if (is(tok(ctx, 0), T.Tilde)) return distributions(PRIORS, 'prior');
  const c = call(ctx);
  const spec = c?.callee ? PRIORS[c.callee] : undefined;
  // A prior's argument: a number, or other parameters and the functions allowed there.
  const argument = [...symbols(ctx, ['param']), ...functions(PRIOR_ARG_FUNCTIONS, 'function in a prior', ['a'])];
  if (c?.argStart && spec) return [...argument, ...argumentNames(spec.args.map((a) => a.name))];
  if (c && (is(tok(ctx, 0), ...OPERATORS) || is(tok(ctx, 0), T.Equals))) return argument;
  return [];
}

function modelBlock(ctx: Context): CompletionItem[] {
  const prev = tok(ctx, 0);
  if (is(prev, T.Tilde)) return distributions(LIKELIHOODS, 'likelihood');
  if (afterAssignment(ctx) || is(prev, ...OPERATORS)) return modelExpression(ctx);
  const c = call(ctx);
  if (c && (c.argStart || is(prev, T.Equals))) {
    const named =
      c.argStart && c.callee
        ? (LIKELIHOODS[c.callee]?.args.map((a) => a.name) ?? Object.keys(MODEL_FUNCTIONS[c.callee]?.options ?? {}))
        : [];
    return [...modelExpression(ctx), ...argumentNames(named)];
  }
  if (expecting(prev)) return [];
  return symbols(ctx, ['target']);
}

function inferBlock(ctx: Context): CompletionItem[] {
  const prev = image(tok(ctx, 0));
  if (prev === 'guide') return words(GUIDES);
  if (prev === 'optimizer') return words(Object.keys(OPTIMIZERS));
  if (prev === 'batch') return words(['full']);
  const c = call(ctx);
  if (c?.argStart && c.callee && OPTIMIZERS[c.callee])
    return argumentNames(Object.keys(OPTIMIZERS[c.callee]), OPTIMIZERS[c.callee]);
  if (expecting(tok(ctx, 0))) return [];
  // After a setting's name (`warmup |`), its value comes: no setting is offered.
  if (is(tok(ctx, 0), T.Identifier) && ALL_INFER_SETTINGS.includes(prev!) && startsStatement(ctx, 0)) return [];
  const method = inferMethod(ctx);
  // Under a method bnnc does not know, every method's settings.
  const settings: Record<string, string> = method
    ? INFER_SETTINGS[method]
    : Object.assign({}, ...INFER_METHODS.map((m) => INFER_SETTINGS[m]).reverse());
  return Object.entries(settings).map(([label, detail]) => ({ label, kind: CompletionItemKind.Keyword, detail }));
}

/** The method of the infer block the cursor is in: the name after the last `infer` before it. */
function inferMethod(ctx: Context): InferMethod | undefined {
  for (let j = ctx.i; j >= 0; j--) {
    if (!is(ctx.doc.tokens[j], T.Infer)) continue;
    const name = ctx.doc.tokens[j + 1]?.image;
    return (INFER_METHODS as readonly string[]).includes(name) ? (name as InferMethod) : undefined;
  }
  return undefined;
}

/** Whether the token `back` tokens before the cursor starts a statement: it follows `{` or the end of a setting's value. */
function startsStatement(ctx: Context, back: number): boolean {
  return is(tok(ctx, back + 1), T.LCurly, T.NumberLiteral, T.RParen, T.Identifier);
}

function evaluateBlock(ctx: Context): CompletionItem[] {
  const prev = image(tok(ctx, 0));
  const starters = keywords(Object.keys(QUERIES));
  if (prev === 'threshold') return words(['maximize']);
  if (prev === 'maximize') return words(['f1']);
  if (prev === 'f1' && image(tok(ctx, 1)) === 'maximize') return [...keywords(['on']), ...starters];
  if (prev === 'on') return symbols(ctx, ['set']);
  // `threshold maximize f1 on valid |`: the refit protocol, or the next query.
  if (is(tok(ctx, 1), T.On) && image(tok(ctx, 3)) === 'maximize' && is(tok(ctx, 0), T.Identifier))
    return [...words(['then']), ...starters];
  if (prev === 'then' && image(tok(ctx, 4)) === 'maximize') return words(['refit']);
  if (prev === 'importance') return words(['permutation']);
  if (prev === 'permutation') return [...keywords(['by']), ...starters];
  if (prev === 'by') return words(['class']);
  const head = listHead(ctx);
  if ((head === 'weights' || head === 'prior_posterior') && expecting(tok(ctx, 0))) return symbols(ctx, ['param']);
  if (expecting(tok(ctx, 0))) return [];
  return starters;
}

// ---- items ----

function modelExpression(ctx: Context): CompletionItem[] {
  const layers = Object.entries(LAYER_FUNCTIONS).map(([name, doc]) => ({
    label: name,
    kind: CompletionItemKind.Function,
    detail: `layer: ${name}(x, UNITS, ACTIVATION)`,
    documentation: doc,
    sortText: `2${name}`,
  }));
  return [
    ...symbols(ctx, ['features', 'param', 'node']),
    ...functions(MODEL_FUNCTIONS, 'activation', ['z']),
    ...layers,
  ];
}

function columnExpression(ctx: Context): CompletionItem[] {
  return [
    ...symbols(ctx, ['column', 'derived']),
    ...functions(COLUMN_FUNCTIONS, 'function of derived columns', ['a', 'b']),
  ];
}

const SYMBOL_KINDS: Record<SymbolKind, CompletionItemKind> = {
  column: CompletionItemKind.Field,
  derived: CompletionItemKind.Field,
  set: CompletionItemKind.Module,
  features: CompletionItemKind.Variable,
  target: CompletionItemKind.Variable,
  param: CompletionItemKind.Variable,
  node: CompletionItemKind.Variable,
};

/** Declared names of these kinds usable at the cursor: derived columns and nodes only from earlier statements. */
function symbols(ctx: Context, kinds: SymbolKind[]): CompletionItem[] {
  const assignee = currentAssignee(ctx);
  const items: CompletionItem[] = [];
  for (const sym of ctx.doc.symbols.values()) {
    if (!kinds.includes(sym.kind) || !visible(sym, ctx.start, assignee)) continue;
    items.push({ label: sym.name, kind: SYMBOL_KINDS[sym.kind], detail: sym.detail, sortText: `0${sym.name}` });
  }
  return items;
}

function visible(sym: ModelSymbol, offset: number, assignee: string | undefined): boolean {
  return (sym.kind !== 'derived' && sym.kind !== 'node') || (sym.statement.end < offset && sym.name !== assignee);
}

/** The name assigned by the statement the cursor is in (`h = relu(x @ |`), which may not use itself. */
function currentAssignee(ctx: Context): string | undefined {
  const tokens = ctx.doc.tokens;
  for (let j = ctx.i; j > 0; j--) {
    if (is(tokens[j], T.LCurly, T.RCurly, T.Tilde)) return undefined;
    if (is(tokens[j], T.Equals) && is(tokens[j - 1], T.Identifier) && !is(tokens[j - 2], T.LParen, T.Comma))
      return tokens[j - 1].image;
  }
  return undefined;
}

function keywords(names: readonly string[]): CompletionItem[] {
  return names.map((label) => ({ label, kind: CompletionItemKind.Keyword, detail: KEYWORD_DOCS[label] }));
}

function words(names: readonly string[]): CompletionItem[] {
  return names.map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
}

function argumentNames(names: string[], docs: Record<string, string> = {}): CompletionItem[] {
  return names.map((name) => ({
    label: name,
    kind: CompletionItemKind.Property,
    insertText: `${name} = `,
    detail: docs[name],
    sortText: `1${name}`,
  }));
}

function distributions(specs: Record<string, DistSpec>, role: string): CompletionItem[] {
  return Object.values(specs).map((s) => ({
    label: s.name,
    kind: CompletionItemKind.Class,
    detail: `${role}: ${s.name}(${s.oneOf ? s.oneOf.join(' | ') : s.args.map((a) => a.name).join(', ')})`,
    documentation: s.description,
  }));
}

function functions(specs: Record<string, FunctionSpec>, role: string, names: string[]): CompletionItem[] {
  return Object.values(specs).map((s) => ({
    label: s.name,
    kind: CompletionItemKind.Function,
    detail: `${role}: ${s.name}(${[...names.slice(0, s.arity), ...Object.entries(s.options ?? {}).map(([k, v]) => `${k} = ${v}`)].join(', ')})`,
    documentation: s.description,
    sortText: `2${s.name}`,
  }));
}

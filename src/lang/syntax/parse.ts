// Source text → AST and syntax diagnostics. Never throws.
import type { IToken } from 'chevrotain';
import type { Program } from './ast.js';
import { buildAst } from './build-ast.js';
import { diagnostic, M } from '../diagnostics/catalog.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { tokenize } from './lexer.js';
import { parser } from './grammar.js';
import * as T from './tokens.js';
import type { BlockRecord, DocumentOutline } from '../incremental/statement-marks.js';
import type { ParseResult } from '../incremental/statement-recording-parser.js';
import { issueDiagnostics, syntaxIssues } from './syntax-errors.js';

export interface ParsedDocument {
  text: string;
  program: Program;
  tokens: IToken[];
  comments: IToken[];
  /** Lexical and syntax diagnostics. */
  diagnostics: Diagnostic[];
  /** What reparsing after an edit needs (incremental/reparse.ts); absent when the text could not be parsed at all. */
  outline?: DocumentOutline;
  /** Whether the whole text was parsed, or only a window of statements around an edit. */
  how: 'full' | 'window';
}

/**
 * Brackets nested deeper than this are refused before parsing: the parser is recursive, and
 * whether a given depth overflows its stack would otherwise depend on the machine and the JIT.
 */
export const MAX_NESTING = 200;

export function parse(text: string): ParsedDocument {
  const lexed = tokenize(text);
  const deepest = deepestNesting(lexed.tokens);
  if (deepest.depth > MAX_NESTING) return tooDeepDocument(text, lexed);
  let parsed: ParseResult;
  let built: ReturnType<typeof buildAst>;
  try {
    parsed = parser.parseAll(parser.program, lexed.tokens, text);
    built = buildAst(parsed.cst);
  } catch (e) {
    // Brackets (or minus signs) nested some hundreds deep exhaust the recursive parser's stack:
    // say where, rather than crash.
    if (!(e instanceof RangeError)) throw e;
    return tooDeepDocument(text, lexed);
  }
  const issues = syntaxIssues(parsed.errors, text.length);
  return {
    text,
    program: built.program ?? { kind: 'program', blocks: [], span: { start: 0, end: text.length } },
    tokens: lexed.tokens,
    comments: lexed.comments,
    diagnostics: [...lexed.diagnostics, ...issueDiagnostics(issues)],
    outline: outlineOf(parsed.outline, built.blockItems, lexed.diagnostics, issues),
    how: 'full',
  };
}

/** Undefined if the parser's outlines and the AST's blocks do not pair up (then no reparse is tried). */
function outlineOf(
  blocks: ParseResult['outline'],
  items: BlockRecord['items'][],
  lexical: Diagnostic[],
  issues: DocumentOutline['issues'],
): DocumentOutline | undefined {
  if (blocks.length !== items.length || blocks.some((b, i) => b.statements.length !== items[i].length))
    return undefined;
  return { blocks: blocks.map((b, i) => ({ ...b, items: items[i], spans: [] })), lexical, issues };
}

function tooDeepDocument(text: string, lexed: ReturnType<typeof tokenize>): ParsedDocument {
  return {
    text,
    program: { kind: 'program', name: header(lexed.tokens), blocks: [], span: { start: 0, end: text.length } },
    tokens: lexed.tokens,
    comments: lexed.comments,
    diagnostics: [...lexed.diagnostics, tooDeep(lexed.tokens, text.length)],
    how: 'full',
  };
}

/** The deepest bracket nesting, and the index of the token where it is reached. */
export function deepestNesting(tokens: IToken[]): { depth: number; index: number } {
  let depth = 0;
  let best = -1;
  let bestDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i].tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.LCurly) depth++;
    else if (type === T.RParen || type === T.RBracket || type === T.RCurly) depth = Math.max(0, depth - 1);
    if (depth > bestDepth) {
      bestDepth = depth;
      best = i;
    }
  }
  return { depth: bestDepth, index: best };
}

/** The diagnostic for input nested too deeply to parse, at the token where the nesting is deepest. */
function tooDeep(tokens: IToken[], textLength: number): Diagnostic {
  const { depth, index } = deepestNesting(tokens);
  const t = tokens[index];
  const span = t
    ? { start: t.startOffset, end: t.startOffset + t.image.length }
    : { start: textLength, end: textLength };
  return diagnostic(M.nestedTooDeep, span, [MAX_NESTING, t ? `'${t.image}'` : 'the end of the file', depth]);
}

function header(tokens: IToken[]): Program['name'] {
  const [m, name] = tokens;
  if (m?.tokenType.name !== 'Model' || name?.tokenType.name !== 'Identifier') return undefined;
  return { name: name.image, span: { start: name.startOffset, end: name.startOffset + name.image.length } };
}

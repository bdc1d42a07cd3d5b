// Source text → AST and syntax diagnostics. Never throws.
import type { IToken } from 'chevrotain';
import type { Program } from './ast.js';
import { buildAst } from './build-ast.js';
import type { Diagnostic } from './diagnostic.js';
import { tokenize } from './lexer.js';
import { parseTokens } from './parser.js';
import { toDiagnostics } from './syntax-errors.js';

export interface ParsedDocument {
  text: string;
  program: Program;
  tokens: IToken[];
  comments: IToken[];
  /** Lexical and syntax diagnostics. */
  diagnostics: Diagnostic[];
}

export function parse(text: string): ParsedDocument {
  const lexed = tokenize(text);
  const parsed = parseTokens(lexed.tokens);
  const program = buildAst(parsed.cst) ?? { kind: 'program', blocks: [], span: { start: 0, end: text.length } };
  return {
    text,
    program,
    tokens: lexed.tokens,
    comments: lexed.comments,
    diagnostics: [...lexed.diagnostics, ...toDiagnostics(parsed.errors, text.length)],
  };
}

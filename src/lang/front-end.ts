// The front end's façade: source text → AST, symbols, diagnostics and (when clean) the checked
// model. Used by the CLI, the compiler and the language server. Never throws on any input.
import type { IToken } from 'chevrotain';
import type { Program } from './syntax/ast.js';
import type { CheckedModel, ModelSymbol } from './checking/checked-model.js';
import { checkProgram } from './checking/checker.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { parse, type ParsedDocument } from './syntax/parse.js';
import { reparse } from './incremental/reparse.js';
import { SourceText } from './source.js';
import { diagnostic, M } from './diagnostics/catalog.js';

export interface CheckedDocument {
  source: SourceText;
  program: Program;
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
  symbols: Map<string, ModelSymbol>;
  /** Present only when there are no errors. */
  model?: CheckedModel;
  /** The parse, for checking the next version of the text (`previous` below). */
  parsed: ParsedDocument;
}

/**
 * Checks a model's source. With `previous`, the check of an earlier version of the same text (an
 * editor's), only the statements around the change are parsed again; `previous` is taken over
 * and must not be used afterwards.
 */
export function checkSource(text: string, fileName = '<input>', previous?: CheckedDocument): CheckedDocument {
  const source = new SourceText(text, fileName);
  const parsed = previous ? reparse(previous.parsed, text) : parse(text);
  let checked: ReturnType<typeof checkProgram>;
  try {
    checked = checkProgram(parsed.program, source, parsed.tokens, parsed.comments, parsed.diagnostics);
  } catch (e) {
    // An expression thousands of operators long (1 + 1 + … in a prior's argument, or what error
    // recovery makes of thousands of stray operators) can exhaust the checker's recursion.
    if (!(e instanceof RangeError)) throw e;
    checked = { diagnostics: [...parsed.diagnostics, tooLongToCheck(parsed.program, text.length)], symbols: new Map() };
  }
  return {
    source,
    program: parsed.program,
    tokens: parsed.tokens,
    comments: parsed.comments,
    diagnostics: checked.diagnostics,
    symbols: checked.symbols,
    model: checked.model,
    parsed,
  };
}

/** Where a program too long to check is reported: the start of its longest statement. */
function tooLongToCheck(program: Program, textLength: number): Diagnostic {
  let longest = { start: textLength, end: textLength };
  for (const block of program.blocks) {
    for (const s of block.statements) if (s.span.end - s.span.start > longest.end - longest.start) longest = s.span;
  }
  const at = { start: longest.start, end: Math.min(longest.end, longest.start + 1) };
  return diagnostic(M.syntax, at, [
    'a shorter expression (split it into named steps)',
    'a statement too long to check',
  ]);
}

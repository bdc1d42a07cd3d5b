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
  const checked = checkProgram(parsed.program, source, parsed.tokens, parsed.comments, parsed.diagnostics);
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

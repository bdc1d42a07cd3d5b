// The front end's façade: source text → AST, symbols, diagnostics and (when clean) the checked
// model. Used by the CLI, the compiler and the language server. Never throws on any input.
import type { IToken } from 'chevrotain';
import type { Program } from './ast.js';
import type { CheckedModel, ModelSymbol } from './checked.js';
import { checkProgram } from './checker/index.js';
import type { Diagnostic } from './diagnostic.js';
import { parse } from './parse.js';
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
}

export function checkSource(text: string, fileName = '<input>'): CheckedDocument {
  const source = new SourceText(text, fileName);
  const parsed = parse(text);
  const checked = checkProgram(parsed.program, source, parsed.tokens, parsed.comments, parsed.diagnostics);
  return {
    source,
    program: parsed.program,
    tokens: parsed.tokens,
    comments: parsed.comments,
    diagnostics: checked.diagnostics,
    symbols: checked.symbols,
    model: checked.model,
  };
}

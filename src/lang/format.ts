// The canonical formatter behind `bnnc fmt`. It reprints the token stream (so numbers, strings
// and the user's parentheses stay exactly as written), breaking lines where the AST says
// statements start and keeping every comment where it was relative to the code.
import type { Program } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { sourceElements } from './format/elements.js';
import { printElements, type Structure } from './format/printer.js';
import { parse } from './parse.js';

export interface FormatResult {
  /** The formatted source; undefined when the source has syntax errors (broken code is never formatted). */
  text?: string;
  diagnostics: Diagnostic[];
}

export function formatSource(text: string): FormatResult {
  const doc = parse(text);
  if (doc.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: doc.diagnostics };
  const elements = sourceElements(text, doc.tokens, doc.comments);
  return { text: printElements(elements, structure(doc.program)), diagnostics: doc.diagnostics };
}

function structure(program: Program): Structure {
  const lineStarts = new Set<number>([program.span.start]);
  const fieldStarts = new Set<number>();
  for (const block of program.blocks) {
    lineStarts.add(block.span.start);
    for (const statement of block.statements) {
      lineStarts.add(statement.span.start);
      // A source statement's fields hold long URLs and hashes: one a line reads best.
      if (statement.kind === 'source') for (const field of statement.fields) fieldStarts.add(field.key.span.start);
    }
  }
  return { lineStarts, fieldStarts, headerName: program.name?.span.start };
}

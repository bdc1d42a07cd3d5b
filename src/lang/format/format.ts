// The canonical formatter behind `bnnc fmt`. It reprints the token stream (so numbers, strings
// and the user's parentheses stay exactly as written), breaking lines where the AST says
// statements start and keeping every comment where it was relative to the code.
import type { Program, Stmt } from '../syntax/ast.js';
import type { Span } from '../source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sourceElements } from './elements.js';
import { printElements, type Structure } from './printer.js';
import { parse } from '../syntax/parse.js';

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
  const wrapPoints = new Set<number>();
  for (const block of program.blocks) {
    lineStarts.add(block.span.start);
    for (const statement of block.statements) {
      lineStarts.add(statement.span.start);
      // A source statement's fields hold long URLs and hashes: one a line reads best.
      if (statement.kind === 'source') for (const field of statement.fields) fieldStarts.add(field.key.span.start);
      // Long lists of names may wrap before any name but the first.
      for (const item of listItems(statement).slice(1)) wrapPoints.add(item.start);
    }
  }
  return { lineStarts, fieldStarts, wrapPoints, headerName: program.name?.span.start };
}

/** The items of a statement's list of names, where it has one. */
function listItems(statement: Stmt): Span[] {
  switch (statement.kind) {
    case 'columns':
    case 'weights':
    case 'prior_posterior':
      return statement.names.map((n) => n.span);
    case 'features':
      return statement.items.map((i) => i.span);
    default:
      return [];
  }
}

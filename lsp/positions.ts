// Offsets (UTF-16 code units, as the front end's spans count them) ↔ LSP positions (0-based
// line and UTF-16 character). SourceText breaks lines at \n, \r\n and a lone \r, as LSP does.
import type { Position, Range } from 'vscode-languageserver/node.js';
import type { SourceText, Span } from '../src/lang/source.js';

export function toPosition(source: SourceText, offset: number): Position {
  const p = source.position(offset);
  // An offset between \r and \n is the end of its line, as LSP has no position inside a line break.
  const character = Math.min(p.column - 1, source.lineEnd(p.line) - source.lineStarts[p.line - 1]);
  return { line: p.line - 1, character };
}

export function toRange(source: SourceText, span: Span): Range {
  const start = toPosition(source, span.start);
  return { start, end: span.end <= span.start ? start : toPosition(source, span.end) };
}

/** The offset of a position; a position past the end of its line or of the text is clamped. */
export function toOffset(source: SourceText, position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= source.lineCount) return source.text.length;
  const start = source.lineStarts[position.line];
  return Math.min(start + Math.max(0, position.character), source.lineEnd(position.line + 1));
}

export function toSpan(source: SourceText, range: Range): Span {
  const start = toOffset(source, range.start);
  return { start, end: Math.max(start, toOffset(source, range.end)) };
}

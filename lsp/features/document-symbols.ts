// The document outline: the header, each block, and inside each block its declarations (and
// the settings and queries of infer and evaluate).
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node.js';
import type * as A from '../../src/lang/syntax/ast.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import type { ModelSymbol } from '../../src/lang/checking/checked-model.js';
import type { Span } from '../../src/lang/source.js';
import { toRange } from '../positions.js';

const KINDS: Record<ModelSymbol['kind'], SymbolKind> = {
  column: SymbolKind.Field,
  derived: SymbolKind.Field,
  set: SymbolKind.File,
  features: SymbolKind.Array,
  target: SymbolKind.Variable,
  param: SymbolKind.Constant,
  node: SymbolKind.Variable,
};

export function documentSymbols(doc: CheckedDocument): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const name = doc.program.name;
  if (name && !name.missing)
    out.push(
      symbol(
        doc,
        name.name,
        SymbolKind.Module,
        { start: doc.program.span.start, end: name.span.end },
        name.span,
        'model',
      ),
    );
  const declared = [...doc.symbols.values()].sort((a, b) => a.decl.start - b.decl.start);
  for (const block of doc.program.blocks) {
    const children = declared
      .filter((s) => within(s.decl, block.span))
      .map((s) =>
        symbol(
          doc,
          s.name,
          KINDS[s.kind],
          s.statement,
          s.decl,
          s.shape && s.kind !== 'column' && s.kind !== 'derived' ? `[${s.shape.join(', ')}]` : s.detail,
        ),
      );
    if (block.kind === 'infer' || block.kind === 'evaluate') {
      for (const s of block.statements)
        children.push(symbol(doc, doc.source.slice(s.keywordSpan), SymbolKind.Property, s.span, s.keywordSpan));
    }
    out.push(symbol(doc, blockTitle(block), SymbolKind.Namespace, block.span, block.keywordSpan, undefined, children));
  }
  return out;
}

function blockTitle(block: A.Block): string {
  if (block.kind === 'infer') return `infer ${block.method.name}`.trim();
  if (block.kind === 'evaluate')
    return `evaluate ${block.sets
      .filter((s) => !s.missing)
      .map((s) => s.name)
      .join(', ')}`.trim();
  return block.kind;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function symbol(
  doc: CheckedDocument,
  name: string,
  kind: SymbolKind,
  range: Span,
  selection: Span,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  // The selection must lie inside the range, even for the spans of a partly recovered tree.
  const full = { start: Math.min(range.start, selection.start), end: Math.max(range.end, selection.end) };
  return {
    name: name || '?',
    kind,
    range: toRange(doc.source, full),
    selectionRange: toRange(doc.source, selection),
    detail,
    children,
  };
}

// Every occurrence of a declared name: its declaration and each use.
import type { CheckedDocument } from '../../src/lang/front-end.js';
import type { ModelSymbol } from '../../src/lang/checking/checked-model.js';
import type { Span } from '../../src/lang/source.js';

export interface Occurrence {
  symbol: ModelSymbol;
  span: Span;
  declaration: boolean;
}

const index = new WeakMap<CheckedDocument, Occurrence[]>();

/** All occurrences in source order, indexed once per checked document. */
export function occurrences(doc: CheckedDocument): Occurrence[] {
  let list = index.get(doc);
  if (!list) {
    const byStart = new Map<number, Occurrence>();
    for (const symbol of doc.symbols.values()) {
      byStart.set(symbol.decl.start, { symbol, span: symbol.decl, declaration: true });
      for (const span of symbol.refs)
        if (!byStart.has(span.start)) byStart.set(span.start, { symbol, span, declaration: false });
    }
    list = [...byStart.values()].sort((a, b) => a.span.start - b.span.start);
    index.set(doc, list);
  }
  return list;
}

/**
 * The occurrence under the cursor (a cursor just after a name is on it). One query scans the
 * spans directly: cheaper than building the index, which only whole-document features need.
 */
export function occurrenceAt(doc: CheckedDocument, offset: number): Occurrence | undefined {
  const on = (span: Span) => span.start <= offset && offset <= span.end;
  // A layer's parameters (h_W of h = dense(…)) are declared at `dense`, which is not their name:
  // hovering `dense` is about the layer, and such a name is renamed through its node.
  for (const symbol of doc.symbols.values()) {
    if (doc.source.slice(symbol.decl) !== symbol.name) {
      const ref = symbol.refs.find((r) => on(r) && doc.source.slice(r) === symbol.name);
      if (ref) return { symbol, span: ref, declaration: false };
      continue;
    }
    if (on(symbol.decl)) return { symbol, span: symbol.decl, declaration: true };
    const ref = symbol.refs.find(on);
    if (ref) return { symbol, span: ref, declaration: false };
  }
  return undefined;
}

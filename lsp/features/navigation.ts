// Go to definition and find references, for every declared name: parameters, columns, derived
// columns, sets, feature matrices, the target and model nodes.
import type { Location } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { occurrenceAt } from '../analysis/occurrences.js';
import { toRange } from '../positions.js';

export function definition(doc: CheckedDocument, uri: string, offset: number): Location | null {
  const occ = occurrenceAt(doc, offset);
  return occ ? { uri, range: toRange(doc.source, occ.symbol.decl) } : null;
}

export function references(doc: CheckedDocument, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const occ = occurrenceAt(doc, offset);
  if (!occ) return [];
  const spans = includeDeclaration ? [occ.symbol.decl, ...occ.symbol.refs] : occ.symbol.refs;
  return [...spans].sort((a, b) => a.start - b.start).map((span) => ({ uri, range: toRange(doc.source, span) }));
}

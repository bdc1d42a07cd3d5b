// The inferred shape of each assignment of the model block, after its name: `h: [N, 12]`.
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { toPosition, toSpan } from '../positions.js';

export function inlayHints(doc: CheckedDocument, range: Range): InlayHint[] {
  const wanted = toSpan(doc.source, range);
  const hints: InlayHint[] = [];
  for (const sym of doc.symbols.values()) {
    if (sym.kind !== 'node' || !sym.shape || sym.decl.end < wanted.start || sym.decl.end > wanted.end) continue;
    hints.push({
      position: toPosition(doc.source, sym.decl.end),
      label: `: [${sym.shape.join(', ')}]`,
      kind: InlayHintKind.Type,
    });
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

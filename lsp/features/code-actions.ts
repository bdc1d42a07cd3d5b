// Quick fixes: each fix the checker attached to a diagnostic in the requested range becomes a
// code action of kind quickfix, tied to that diagnostic.
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { toRange, toSpan } from '../positions.js';
import { toLspDiagnostic } from './diagnostics.js';

export function codeActions(doc: CheckedDocument, uri: string, range: Range, only?: string[]): CodeAction[] {
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(k + '.')))
    return [];
  const wanted = toSpan(doc.source, range);
  const actions: CodeAction[] = [];
  for (const d of doc.diagnostics) {
    if (d.fixes.length === 0 || d.span.end < wanted.start || d.span.start > wanted.end) continue;
    const diagnostic = toLspDiagnostic(doc, uri, d);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: d.fixes.length === 1,
        edit: {
          changes: { [uri]: fix.edits.map((e) => ({ range: toRange(doc.source, e.span), newText: e.newText })) },
        },
      });
    }
  }
  return actions;
}

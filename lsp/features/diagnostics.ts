// The checker's diagnostics as LSP diagnostics: exact range, code, message, and the related
// spans as relatedInformation.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import type { Diagnostic as BnnDiagnostic } from '../../src/lang/diagnostics/diagnostic.js';
import { toRange } from '../positions.js';

const UNUSED = 'BNN1004';

export function diagnostics(doc: CheckedDocument, uri: string): Diagnostic[] {
  return doc.diagnostics.map((d) => toLspDiagnostic(doc, uri, d));
}

export function toLspDiagnostic(doc: CheckedDocument, uri: string, d: BnnDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: toRange(doc.source, d.span),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'bnnc',
    message: d.message,
  };
  if (d.related.length > 0)
    out.relatedInformation = d.related.map((r) => ({
      location: { uri, range: toRange(doc.source, r.span) },
      message: r.message,
    }));
  if (d.code === UNUSED) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

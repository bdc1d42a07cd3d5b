// Diagnostics are data: a stable code from the catalog, a severity, a message that says what is
// wrong and what would fix it, a source span, and related spans where they help.
import type { Span } from '../source.js';

export type Severity = 'error' | 'warning';

export interface RelatedInfo {
  span: Span;
  message: string;
}

/** A machine-applicable fix: replace the text of span with newText. */
export interface FixEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: FixEdit[];
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related: RelatedInfo[];
  fixes: Fix[];
}

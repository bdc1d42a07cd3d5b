// Shared helpers of the front-end tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { checkSource, type CheckedDocument } from '../../src/lang/front-end.js';
import type { Diagnostic } from '../../src/lang/diagnostics/diagnostic.js';
import type { Span } from '../../src/lang/source.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function readRepoFile(rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

/** The reference model's text. */
export const rupture = readRepoFile('models/rupture.bnn');

export function check(text: string, fileName = 'test.bnn'): CheckedDocument {
  return checkSource(text, fileName);
}

export function codes(doc: CheckedDocument): string[] {
  return doc.diagnostics.map((d) => d.code);
}

export function errors(doc: CheckedDocument): Diagnostic[] {
  return doc.diagnostics.filter((d) => d.severity === 'error');
}

/** `text` with the first occurrence of `from` replaced by `to`; fails if `from` is absent. */
export function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`edit: ${JSON.stringify(from)} is not in the text`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** The text a span covers. */
export function at(doc: CheckedDocument, span: Span): string {
  return doc.source.text.slice(span.start, span.end);
}

function spanOk(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    0 <= span.start &&
    span.start <= span.end &&
    span.end <= length
  );
}

/** Every span the document carries lies inside its text; diagnostics are sorted by position. */
export function expectWellFormed(doc: CheckedDocument): void {
  const n = doc.source.text.length;
  for (const d of doc.diagnostics) {
    expect(spanOk(d.span, n), `${d.code} span ${JSON.stringify(d.span)} in a text of ${n}`).toBe(true);
    for (const r of d.related) expect(spanOk(r.span, n), `${d.code} related span`).toBe(true);
    for (const f of d.fixes) for (const e of f.edits) expect(spanOk(e.span, n), `${d.code} fix span`).toBe(true);
  }
  for (let i = 1; i < doc.diagnostics.length; i++) {
    expect(doc.diagnostics[i - 1].span.start).toBeLessThanOrEqual(doc.diagnostics[i].span.start);
  }
  for (const s of doc.symbols.values()) {
    expect(spanOk(s.decl, n), `symbol ${s.name} decl`).toBe(true);
    expect(spanOk(s.statement, n), `symbol ${s.name} statement`).toBe(true);
    for (const r of s.refs) expect(spanOk(r, n), `symbol ${s.name} ref`).toBe(true);
  }
}

/** Applies a fix's edits (non-overlapping) to the text. */
export function applyFix(text: string, edits: { span: Span; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

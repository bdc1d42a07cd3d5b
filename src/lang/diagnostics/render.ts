// Diagnostics for people (file:line:col, the line, the span underlined) and for tools (JSON).
import type { Diagnostic } from './diagnostic.js';
import type { SourceText, Span } from '../source.js';

export function renderDiagnostic(d: Diagnostic, src: SourceText): string {
  const pos = src.position(d.span.start);
  const lines = [`${src.fileName}:${pos.line}:${pos.column}: ${d.severity} ${d.code}: ${d.message}`];
  lines.push(...excerpt(src, d.span));
  for (const r of d.related) {
    const rp = src.position(r.span.start);
    lines.push(`  ${src.fileName}:${rp.line}:${rp.column}: note: ${r.message}`);
  }
  return lines.join('\n');
}

function excerpt(src: SourceText, span: Span): string[] {
  const pos = src.position(span.start);
  const raw = src.lineText(pos.line);
  if (raw.length > 300) return [];
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they print as '?'
  const text = raw.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '?');
  const lineEnd = src.lineEnd(pos.line);
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  const gutter = String(pos.line).padStart(4) + ' | ';
  return [
    gutter + text,
    ' '.repeat(gutter.length - 2) + '| ' + ' '.repeat(pos.column - 1) + '^' + '~'.repeat(width - 1),
  ];
}

export function renderAll(ds: Diagnostic[], src: SourceText): string {
  return ds.map((d) => renderDiagnostic(d, src)).join('\n');
}

export function diagnosticToJson(d: Diagnostic, src: SourceText) {
  const range = (s: Span) => ({
    start: { offset: s.start, ...src.position(s.start) },
    end: { offset: s.end, ...src.position(s.end) },
  });
  return {
    file: src.fileName,
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: range(d.span),
    related: d.related.map((r) => ({ message: r.message, range: range(r.span) })),
    fixes: d.fixes.map((f) => ({
      title: f.title,
      edits: f.edits.map((e) => ({ range: range(e.span), newText: e.newText })),
    })),
  };
}

export function summary(ds: Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === 'error').length;
  const w = ds.length - e;
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`;
}

// `// bnnc: allow BNN1602 reason` lets a model keep a warning on purpose: it silences that code
// on the next line (or on its own line, when it trails code). Errors cannot be allowed.
import type { IToken } from 'chevrotain';
import { lastTokenBefore } from './token-search.js';
import { catalog, diagnostic, M } from '../diagnostics/catalog.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceText } from '../source.js';

const ALLOW = /^\/\/\s*bnnc:\s*allow\b(.*)$/;

export function applySuppressions(
  diagnostics: Diagnostic[],
  comments: IToken[],
  tokens: IToken[],
  src: SourceText,
): Diagnostic[] {
  // The lines that hold code, computed only when a file has an allow comment (a large file may have millions of tokens).
  let lines: number[] | undefined;
  const tokenLines = () =>
    (lines ??= [...new Set(tokens.map((t) => src.position(t.startOffset).line))].sort((a, b) => a - b));
  const allows: { line: number; code: string; span: { start: number; end: number }; used: boolean }[] = [];
  const out: Diagnostic[] = [];
  for (const c of comments) {
    const m = ALLOW.exec(c.image);
    if (!m) continue;
    const span = { start: c.startOffset, end: c.startOffset + c.image.length };
    const line = src.position(c.startOffset).line;
    const before = lastTokenBefore(tokens, c.startOffset);
    const trailing = before !== undefined && src.position(before.startOffset).line === line;
    const target = trailing ? line : tokenLines().find((l) => l > line);
    const code = m[1].trim().split(/[\s,]+/)[0] ?? '';
    const entry = catalog.find((e) => e.code === code);
    if (!entry) {
      out.push(diagnostic(M.badAllow, span, [{ kind: 'noCode', code: code || undefined }]));
      continue;
    }
    if (entry.severity === 'error') {
      out.push(diagnostic(M.badAllow, span, [{ kind: 'error', code }]));
      continue;
    }
    if (target !== undefined) allows.push({ line: target, code, span, used: false });
  }
  for (const d of diagnostics) {
    const line = src.position(d.span.start).line;
    const allow = d.severity === 'warning' ? allows.find((a) => a.code === d.code && a.line === line) : undefined;
    if (allow) allow.used = true;
    else out.push(d);
  }
  for (const a of allows) if (!a.used) out.push(diagnostic(M.unusedAllow, a.span, [a.code]));
  return out;
}

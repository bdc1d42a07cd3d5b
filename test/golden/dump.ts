// Deterministic text dumps of what the front end makes of a file, for the golden tests: the
// checked model (spans removed, expressions printed as compact source-like text), the symbol
// table, and the rendered diagnostics.
import type * as A from '../../src/lang/syntax/ast.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { renderAll } from '../../src/lang/diagnostics/render.js';

const EXPR_KINDS = new Set(['number', 'string', 'name', 'call', 'binary', 'neg', 'missing']);

function isExpr(v: unknown): v is A.Expr {
  return typeof v === 'object' && v !== null && 'span' in v && EXPR_KINDS.has((v as { kind?: string }).kind ?? '');
}

/** An expression as fully parenthesized source text: relu(((x @ W0) + b0)). */
export function printExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'number':
      return e.missing ? '<missing number>' : e.text;
    case 'string':
      return JSON.stringify(e.value);
    case 'name':
      return e.ident.name;
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name} = ${printExpr(a.value)}` : printExpr(a.value))).join(', ')})`;
    case 'binary':
      return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`;
    case 'neg':
      return `(-${printExpr(e.operand)})`;
    case 'missing':
      return '<missing>';
  }
}

/** Replaces expressions by their text and drops spans, recursively. */
function plain(v: unknown): unknown {
  if (isExpr(v)) return printExpr(v);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'span' || x === undefined) continue;
      out[k] = plain(x);
    }
    return out;
  }
  return v;
}

const WIDTH = 100;

/** JSON, with any array or object that fits on one line (after its key, at its indentation) kept on one line. */
export function formatJson(v: unknown, indent = 0, prefix = 0): string {
  const flat = oneLine(v);
  if (indent + prefix + flat.length <= WIDTH || typeof v !== 'object' || v === null) return flat;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => pad + formatJson(x, indent + 2)).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${formatJson(x, indent + 2, JSON.stringify(k).length + 2)}`).join(',\n')}\n${' '.repeat(indent)}}`;
}

function oneLine(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export function dumpModel(doc: CheckedDocument): string {
  const { types: _types, ...model } = doc.model!;
  return formatJson(plain(model));
}

/** The typed AST: one line per typed expression of the model block, in source order. */
export function dumpTypes(doc: CheckedDocument): string {
  const rows = [...doc.model!.types].sort(([a], [b]) => a.span.start - b.span.start || b.span.end - a.span.end);
  return rows
    .map(([e, t]) => `${printExpr(e)} : [${t.shape.join(', ')}] ${t.range}${t.ref ? ` (${t.ref})` : ''}`)
    .join('\n');
}

/** One line per symbol, in declaration order: name, kind, shape, number of uses, detail. */
export function dumpSymbols(doc: CheckedDocument): string {
  const rows = [...doc.symbols.values()].map((s) => [
    s.name,
    s.kind,
    s.shape ? `[${s.shape.join(', ')}]` : '-',
    `${s.refs.length} use${s.refs.length === 1 ? '' : 's'}`,
    s.detail,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderDiagnostics(doc: CheckedDocument): string {
  return doc.diagnostics.length ? renderAll(doc.diagnostics, doc.source) : '(none)';
}

/** The golden form of a good file: its checked model, its symbols and its (warning) diagnostics. */
export function goodDump(doc: CheckedDocument): string {
  return [
    `// checkSource(${JSON.stringify(doc.source.fileName)}).model, without spans`,
    dumpModel(doc),
    '',
    "// types of the model block's expressions: shape, values, what a name is",
    dumpTypes(doc),
    '',
    '// symbols: name, kind, shape, uses, detail',
    dumpSymbols(doc),
    '',
    '// diagnostics',
    renderDiagnostics(doc),
    '',
  ].join('\n');
}

/** The golden form of a bad file: its rendered diagnostics. */
export function badDump(doc: CheckedDocument): string {
  return renderDiagnostics(doc) + '\n';
}

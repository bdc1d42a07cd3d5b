// Derived columns: IRColumnExpr evaluated row by row over a table's columns (in float64).
//
//   deriveColumns(irData.derived, table, problems) → the table's columns plus the derived ones
//   referencedColumns(expr)                        → the column names an expression reads
//
// A derived value that is NaN or infinite (log of a negative number, a division by zero, ...)
// is a located problem naming the file, line and derived column, with the row's inputs.

import { P } from '../../lang/diagnostics/data-problems.js';
import type { IRColumnExpr } from '../../compiler/ir.js';
import type { ProblemCollector } from '../../data/errors.js';
import { beyondFloat32 } from '../../data/fields.js';
import { rowOrigin, type RawTable } from '../../data/table.js';

export type Columns = Record<string, Float64Array>;

export function deriveColumns(
  derived: { name: string; expr: IRColumnExpr }[],
  table: RawTable,
  problems: ProblemCollector,
): Columns {
  const cols: Columns = { ...table.columns };
  for (const d of derived) {
    const values = evaluate(d.expr, cols, table.n);
    const inputs = [...new Set(referencedColumns(d.expr))];
    for (let i = 0; i < table.n; i++) {
      const beyond = Number.isFinite(values[i]) ? beyondFloat32(values[i]) : undefined;
      if (Number.isFinite(values[i]) && beyond === undefined) continue;
      const shown = inputs.map((c) => `${c} = ${cols[c][i]}`).join(', ');
      problems.add({
        ...rowOrigin(table, i),
        column: { name: d.name },
        message: P.derivedNotFinite(d.name, formatColumnExpr(d.expr), values[i], beyond !== undefined, shown),
      });
    }
    cols[d.name] = values;
  }
  return cols;
}

export function evaluate(expr: IRColumnExpr, cols: Columns, n: number): Float64Array {
  switch (expr.op) {
    case 'column': {
      const c = cols[expr.name];
      if (!c) throw new Error(`derived column refers to unknown column ${expr.name}`);
      return c;
    }
    case 'const':
      return new Float64Array(n).fill(expr.value);
    case 'neg':
      return map1(evaluate(expr.a, cols, n), (a) => -a);
    case 'add':
      return map2(evaluate(expr.a, cols, n), evaluate(expr.b, cols, n), (a, b) => a + b);
    case 'sub':
      return map2(evaluate(expr.a, cols, n), evaluate(expr.b, cols, n), (a, b) => a - b);
    case 'mul':
      return map2(evaluate(expr.a, cols, n), evaluate(expr.b, cols, n), (a, b) => a * b);
    case 'div':
      return map2(evaluate(expr.a, cols, n), evaluate(expr.b, cols, n), (a, b) => a / b);
    case 'call': {
      const args = expr.args.map((a) => evaluate(a, cols, n));
      const arity = (k: number) => {
        if (args.length !== k)
          throw new Error(`${expr.fn} takes ${k} argument${k === 1 ? '' : 's'}, got ${args.length}`);
      };
      switch (expr.fn) {
        case 'abs':
          arity(1);
          return map1(args[0], Math.abs);
        case 'log':
          arity(1);
          return map1(args[0], Math.log);
        case 'exp':
          arity(1);
          return map1(args[0], Math.exp);
        case 'sqrt':
          arity(1);
          return map1(args[0], Math.sqrt);
        case 'pow':
          arity(2);
          return map2(args[0], args[1], Math.pow);
        case 'min':
        case 'max': {
          if (args.length < 1) throw new Error(`${expr.fn} needs at least one argument`);
          const f = expr.fn === 'min' ? Math.min : Math.max;
          return args.slice(1).reduce((acc, a) => map2(acc, a, f), args[0]);
        }
      }
    }
  }
}

function map1(a: Float64Array, f: (x: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
  return out;
}

function map2(a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]);
  return out;
}

/** The columns and derived columns an expression reads (with repeats). */
export function referencedColumns(expr: IRColumnExpr): string[] {
  switch (expr.op) {
    case 'column':
      return [expr.name];
    case 'const':
      return [];
    case 'neg':
      return referencedColumns(expr.a);
    case 'call':
      return expr.args.flatMap(referencedColumns);
    default:
      return [...referencedColumns(expr.a), ...referencedColumns(expr.b)];
  }
}

const SYMBOL = { add: '+', sub: '-', mul: '*', div: '/' } as const;

export function formatColumnExpr(expr: IRColumnExpr): string {
  switch (expr.op) {
    case 'column':
      return expr.name;
    case 'const':
      return String(expr.value);
    case 'neg':
      return `-${formatOperand(expr.a)}`;
    case 'call':
      return `${expr.fn}(${expr.args.map(formatColumnExpr).join(', ')})`;
    default:
      return `${formatOperand(expr.a)} ${SYMBOL[expr.op]} ${formatOperand(expr.b)}`;
  }
}

function formatOperand(expr: IRColumnExpr): string {
  const s = formatColumnExpr(expr);
  const compound =
    expr.op === 'add' || expr.op === 'sub' || expr.op === 'mul' || expr.op === 'div' || expr.op === 'neg';
  return compound || (expr.op === 'const' && expr.value < 0) ? `(${s})` : s;
}

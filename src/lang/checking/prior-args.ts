// The arguments of a prior: numbers, other parameters, and arithmetic of them (`Normal(0, tau)`,
// `Normal(mu, 1/sqrt(8))`). Each argument gets its shape, what is known of its values (the same
// range facts as the model block), its value when it is a constant, and the parameters it uses.
import type * as A from '../syntax/ast.js';
import { PRIOR_ARG_FUNCTIONS } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { Range, Shape } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { broadcast } from './shapes.js';

export interface PriorArgType {
  /** Undefined when an error was reported inside. */
  shape?: Shape;
  range: Range;
  /** The value, when the argument uses no parameter. */
  value?: number;
  /** The parameters it uses, with where. */
  uses: { name: string; span: A.Ident['span'] }[];
}

/** Types one prior argument; `positive` names the parameters whose prior keeps them > 0. */
export function typePriorArg(ctx: CheckContext, e: A.Expr, positive: ReadonlySet<string>): PriorArgType {
  const uses: PriorArgType['uses'] = [];
  const t = typeOf(ctx, e, positive, uses);
  return { ...t, uses };
}

type T = { shape?: Shape; range: Range; value?: number };

/** Records the type of an expression that uses a parameter (constants are folded when lowered). */
function record(ctx: CheckContext, e: A.Expr, t: T, ref?: 'param'): T {
  if (t.shape && t.value === undefined)
    ctx.types.set(e, ref ? { shape: t.shape, range: t.range, ref } : { shape: t.shape, range: t.range });
  return t;
}

function typeOf(ctx: CheckContext, e: A.Expr, positive: ReadonlySet<string>, uses: PriorArgType['uses']): T {
  const rec = (x: A.Expr) => typeOf(ctx, x, positive, uses);
  switch (e.kind) {
    case 'missing':
      return { range: 'any' };
    case 'number':
      if (e.missing) return { range: 'any' };
      return record(ctx, e, { shape: [], range: e.value > 0 ? 'positive' : 'any', value: e.value });
    case 'string':
      ctx.report(M.noDataInModel, e.span, []);
      return { range: 'any' };
    case 'name': {
      const sym = ctx.resolve(e.ident, ['param'], 'a parameter or a number');
      if (!sym) return { range: 'any' };
      uses.push({ name: sym.name, span: e.ident.span });
      return record(ctx, e, { shape: sym.shape, range: positive.has(sym.name) ? 'positive' : 'any' }, 'param');
    }
    case 'neg': {
      const t = rec(e.operand);
      return record(ctx, e, {
        shape: t.shape,
        range: t.value !== undefined && -t.value > 0 ? 'positive' : 'any',
        value: t.value === undefined ? undefined : -t.value,
      });
    }
    case 'binary': {
      const l = rec(e.left);
      const r = rec(e.right);
      if (e.op === '@') {
        ctx.report(M.badPriorArgument, e.opSpan, ['@ (a matrix product)']);
        return { range: 'any' };
      }
      const value = l.value !== undefined && r.value !== undefined ? arith(e.op, l.value, r.value) : undefined;
      const both = l.range !== 'any' && r.range !== 'any';
      const range: Range =
        value !== undefined ? (value > 0 ? 'positive' : 'any') : both && e.op !== '-' ? 'positive' : 'any';
      if (!l.shape || !r.shape) return { range };
      const shape = broadcast(l.shape, r.shape);
      if (!shape) {
        ctx.report(M.broadcastMismatch, e.opSpan, [e.op, `[${l.shape.join(', ')}]`, `[${r.shape.join(', ')}]`]);
        return { range };
      }
      return record(ctx, e, { shape, range, value });
    }
    case 'call': {
      const name = e.callee.name;
      const spec = PRIOR_ARG_FUNCTIONS[name];
      const args = e.args.map((a) => rec(a.value));
      if (e.callee.missing) return { range: 'any' };
      if (!spec) {
        const sg = suggest(name, Object.keys(PRIOR_ARG_FUNCTIONS));
        ctx.report(M.badPriorArgument, e.callee.span, [`'${name}'`, sg], {
          fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: e.callee.span, newText: sg }] }] : [],
        });
        return { range: 'any' };
      }
      if (e.args.length !== 1 || e.args[0].name) {
        ctx.report(M.arity, e.span, [name, `1 argument: ${name}(a)`, e.args.length]);
        return { range: 'any' };
      }
      const a = args[0];
      if (name === 'sqrt' && a.range === 'any' && !(a.value !== undefined && a.value >= 0)) {
        ctx.report(M.notPositive, e.args[0].value.span, [
          `${name}'s argument`,
          a.value !== undefined ? { kind: 'value', value: fmt(a.value) } : { kind: 'expression' },
        ]);
        return { range: 'any' };
      }
      const value =
        a.value === undefined
          ? undefined
          : name === 'sqrt'
            ? Math.sqrt(a.value)
            : name === 'exp'
              ? Math.exp(a.value)
              : Math.log1p(Math.exp(a.value));
      if (!a.shape) return { range: 'positive' };
      return record(ctx, e, { shape: a.shape, range: value === undefined || value > 0 ? 'positive' : 'any', value });
    }
  }
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a / b;
  }
}

/** A number for a message: 0.3535533905932738 as 0.353553. */
export function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}

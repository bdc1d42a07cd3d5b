// The parameters block: shapes and priors.
import type * as A from '../syntax/ast.js';
import { LIKELIHOODS, PRIORS } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { CheckedModel } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import { bindArgs } from './args.js';
import { formatShape, type CheckContext } from './context.js';
import { fmt, typePriorArg, type PriorArgType } from './prior-args.js';
import { broadcast } from './shapes.js';
import type { ModelSymbol } from './checked-model.js';

export type ParamFacts = CheckedModel['params'][number] & { decl: A.ParamDecl };

/** The most entries all parameters together may have: a fit keeps about ten float64 numbers per entry. */
export const MAX_PARAMETER_ENTRIES = 2 ** 26;

export function checkParameters(ctx: CheckContext, block: A.ParametersBlock | undefined): ParamFacts[] {
  // First every name and shape, so that a prior may use a parameter declared below it.
  const declared: { p: A.ParamDecl; shape?: number[]; sym?: ModelSymbol }[] = [];
  let total = 0;
  for (const p of block?.statements ?? []) {
    // A declaration broken before its prior (W0 [8, 12] ~ …) may have lost its shape: leave it unknown.
    let shape = !p.shape && p.prior.callee.missing ? undefined : checkShape(ctx, p.shape);
    if (shape && p.shape) {
      // Each parameter that would take the total over the limit is reported (and not counted).
      const entries = shape.reduce((a, b) => a * b, 1);
      if (total + entries > MAX_PARAMETER_ENTRIES) {
        ctx.report(M.tooManyEntries, p.shape.span, [
          p.name.name,
          `[${shape.join(', ')}]`,
          entries,
          total + entries,
          MAX_PARAMETER_ENTRIES,
        ]);
        shape = undefined;
      } else total += entries;
    }
    const sym = ctx.declare(p.name, 'param', p.span, `parameter ${formatShape(shape)}`, {
      shape,
      shapeSpan: p.shape?.span,
    });
    declared.push({ p, shape, sym });
  }
  const positive = new Set(
    declared.filter((d) => d.sym && PRIORS[d.p.prior.callee.name]?.positiveSupport).map((d) => d.p.name.name),
  );
  const out: ParamFacts[] = [];
  const deps = new Map<string, PriorArgType['uses']>();
  for (const { p, shape, sym } of declared) {
    const prior = checkPrior(ctx, p.prior, p.name.name, shape, positive);
    if (sym) {
      sym.detail = `parameter ${formatShape(shape)} ~ ${prior ? `${prior.dist}(${Object.values(prior.args).map(argText).join(', ')})` : '?'}`;
      if (prior && prior.uses.length > 0) sym.detail += `, compiled non-centred: ${noncentredText(sym.name, prior)}`;
      deps.set(sym.name, prior?.uses ?? []);
    }
    if (sym && shape && prior)
      out.push({
        name: p.name.name,
        shape,
        prior: { dist: prior.dist, args: prior.args },
        positive: positive.has(p.name.name),
        decl: p,
      });
  }
  const cyclic = reportCycles(ctx, deps);
  return out.filter((p) => !cyclic.has(p.name));
}

/** How a prior that uses parameters is compiled, for hover: W0 = mu + tau · z, z ~ Normal(0, 1). */
function noncentredText(name: string, prior: { dist: string; args: Record<string, number | A.Expr> }): string {
  const a = (k: string) => {
    const t = argText(prior.args[k]);
    return typeof prior.args[k] === 'number' || /^[\w.]+$/.test(t) ? t : `(${t})`;
  };
  switch (prior.dist) {
    case 'HalfNormal':
      return `${name} = ${a('sigma')} · z, z ~ HalfNormal(1)`;
    case 'LogNormal':
      return `${name} = exp(${a('mu')} + ${a('sigma')} · z), z ~ Normal(0, 1)`;
    case 'Laplace':
      return `${name} = ${a('mu')} + ${a('b')} · z, z ~ Laplace(0, 1)`;
    case 'StudentT':
      return `${name} = ${a('mu')} + ${a('sigma')} · z, z ~ StudentT(${argText(prior.args.nu)}, 0, 1)`;
    default:
      return `${name} = ${a('mu')} + ${a('sigma')} · z, z ~ Normal(0, 1)`;
  }
}

/** A prior's argument for hover: the number, or the expression as written. */
function argText(a: number | A.Expr): string {
  return typeof a === 'number' ? fmt(a) : exprText(a);
}

function exprText(e: A.Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'name':
      return e.ident.name;
    case 'neg':
      return `-${exprText(e.operand)}`;
    case 'binary':
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => exprText(a.value)).join(', ')})`;
    default:
      return '…';
  }
}

/** Reports each cycle of parameters whose priors use one another, once, at the use that closes it. */
function reportCycles(ctx: CheckContext, deps: Map<string, PriorArgType['uses']>): Set<string> {
  const state = new Map<string, 'open' | 'done'>();
  const cyclic = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    stack.push(name);
    for (const u of deps.get(name) ?? []) {
      const s = state.get(u.name);
      if (s === 'open') {
        const cycle = stack.slice(stack.indexOf(u.name));
        for (const c of cycle) cyclic.add(c);
        ctx.report(M.priorCycle, u.span, [[...cycle, u.name]]);
      } else if (s === undefined && deps.has(u.name)) visit(u.name);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of deps.keys()) if (!state.has(name)) visit(name);
  return cyclic;
}

function checkShape(ctx: CheckContext, s: A.ShapeLit | undefined): number[] | undefined {
  if (!s) return [];
  // [8 12]: the parser dropped a token to recover; the shape it read is not the one written.
  if (ctx.brokenWithin(s.span)) return undefined;
  let ok = true;
  for (const d of s.dims) {
    if (d.missing) ok = false;
    else if (!Number.isInteger(d.value) || d.value < 1) {
      ctx.report(M.badShape, d.span, [d.text]);
      ok = false;
    }
  }
  if (s.dims.length > 2) {
    ctx.report(M.rankTooHigh, s.span, [`[${s.dims.map((d) => d.text).join(', ')}]`]);
    ok = false;
  }
  return ok ? s.dims.map((d) => d.value) : undefined;
}

function checkPrior(
  ctx: CheckContext,
  call: A.CallExpr,
  param: string,
  shape: number[] | undefined,
  positive: ReadonlySet<string>,
): { dist: string; args: Record<string, number | A.Expr>; uses: PriorArgType['uses'] } | undefined {
  if (call.callee.missing) return undefined;
  const name = call.callee.name;
  const spec = PRIORS[name];
  if (!spec) {
    if (LIKELIHOODS[name]) ctx.report(M.likelihoodAsPrior, call.callee.span, [name, Object.keys(PRIORS)]);
    else {
      const sg = suggest(name, Object.keys(PRIORS));
      ctx.report(M.unknownDistribution, call.callee.span, [name, 'prior', Object.keys(PRIORS), sg], {
        fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: call.callee.span, newText: sg }] }] : [],
      });
    }
    return undefined;
  }
  const bound = bindArgs(ctx, call, spec.args);
  if (!bound) return undefined;
  const args: Record<string, number | A.Expr> = {};
  const uses: PriorArgType['uses'] = [];
  let ok = true;
  for (const a of spec.args) {
    const v = bound.get(a.name)!.value;
    if (v.kind === 'missing' || (v.kind === 'number' && v.missing)) {
      ok = false;
      continue;
    }
    const t = typePriorArg(ctx, v, positive);
    if (!t.shape) {
      ok = false;
      continue;
    }
    if (a.constant && t.value === undefined) {
      ctx.report(M.nonConstantPriorArg, v.span, [name, a.name]);
      ok = false;
      continue;
    }
    if (shape) {
      const b = broadcast(t.shape, shape);
      if (!b || b.length !== shape.length || b.some((d, i) => d !== shape[i])) {
        ctx.report(M.priorArgShape, v.span, [name, a.name, formatShape(t.shape), param, formatShape(shape)]);
        ok = false;
      }
    }
    if (a.positive) {
      if (t.value !== undefined) {
        if (!(t.value > 0)) {
          ctx.report(M.nonPositiveScale, v.span, [a.name, name, v.kind === 'number' ? v.text : fmt(t.value)]);
          ok = false;
        }
      } else if (t.range === 'any') {
        ctx.report(M.notPositive, v.span, [
          `${name}'s ${a.name}`,
          v.kind === 'name' ? { kind: 'prior', param: v.ident.name } : { kind: 'expression' },
        ]);
        ok = false;
      }
    }
    uses.push(...t.uses);
    args[a.name] = t.value !== undefined ? t.value : v;
  }
  return ok ? { dist: name, args, uses } : undefined;
}

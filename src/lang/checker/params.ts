// The parameters block: shapes and priors.
import type * as A from '../ast.js';
import { LIKELIHOODS, PRIORS } from '../builtins.js';
import { M } from '../catalog.js';
import type { CheckedModel } from '../checked.js';
import { suggest } from '../suggest.js';
import { bindArgs } from './args.js';
import { formatShape, type CheckContext } from './context.js';

export type ParamFacts = CheckedModel['params'][number] & { decl: A.ParamDecl };

/** The most entries all parameters together may have: a fit keeps about ten float64 numbers per entry. */
export const MAX_PARAMETER_ENTRIES = 2 ** 26;

export function checkParameters(ctx: CheckContext, block: A.ParametersBlock | undefined): ParamFacts[] {
  const out: ParamFacts[] = [];
  let total = 0;
  for (const p of block?.statements ?? []) {
    // A declaration broken before its prior (W0 [8, 12] ~ …) may have lost its shape: leave it unknown.
    let shape = !p.shape && p.prior.callee.missing ? undefined : checkShape(ctx, p.shape);
    if (shape && p.shape) {
      // Each parameter that would take the total over the limit is reported (and not counted).
      const entries = shape.reduce((a, b) => a * b, 1);
      if (total + entries > MAX_PARAMETER_ENTRIES) {
        ctx.report(M.tooManyEntries, p.shape.span, [p.name.name, `[${shape.join(', ')}]`, entries, total + entries, MAX_PARAMETER_ENTRIES]);
        shape = undefined;
      } else total += entries;
    }
    const prior = checkPrior(ctx, p.prior);
    const positive = !!(prior && PRIORS[prior.dist].positiveSupport);
    const detail = `parameter ${formatShape(shape)} ~ ${prior ? `${prior.dist}(${Object.values(prior.args).join(', ')})` : '?'}`;
    const sym = ctx.declare(p.name, 'param', p.span, detail, { shape, shapeSpan: p.shape?.span });
    if (sym && shape && prior) out.push({ name: p.name.name, shape: shape as number[], prior, positive, decl: p });
  }
  return out;
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

function checkPrior(ctx: CheckContext, call: A.CallExpr): { dist: string; args: Record<string, number> } | undefined {
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
  const args: Record<string, number> = {};
  let ok = true;
  for (const a of spec.args) {
    const arg = bound.get(a.name)!;
    const v = arg.value;
    if (v.kind !== 'number') {
      if (v.kind !== 'missing') ctx.report(M.nonConstantPriorArg, v.span, [name, a.name]);
      ok = false;
      continue;
    }
    if (v.missing) {
      ok = false;
      continue;
    }
    if (a.positive && !(v.value > 0)) {
      ctx.report(M.nonPositiveScale, v.span, [a.name, name, v.text]);
      ok = false;
    }
    args[a.name] = v.value;
  }
  return ok ? { dist: name, args } : undefined;
}

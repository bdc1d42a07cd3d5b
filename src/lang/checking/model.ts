// The model block: tensor expressions with their shapes, and the likelihood of the target.
import type * as A from '../syntax/ast.js';
import { LIKELIHOODS, MODEL_FUNCTIONS, PRIORS } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { CheckedModel, ExprType, ModelSymbol, Range, Shape } from './checked-model.js';
import type { RelatedInfo } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import { bindArgs, signature } from './args.js';
import { formatShape, type CheckContext } from './context.js';
import { leftSpine } from './spine.js';
import { checkLayer, LAYER_FUNCTIONS } from './layers.js';
import type { DataFacts } from './data.js';
import { sourceLabel } from './data.js';
import { broadcast, matmul } from './shapes.js';

interface Typed {
  shape?: Shape;
  range: Range;
}

export interface ModelFacts {
  nodes: CheckedModel['nodes'];
  /** Parameters declared by layers (h = dense(…)), in order. */
  layerParams: { name: string; shape: number[] }[];
  likelihood?: CheckedModel['likelihood'];
  types: Map<A.Expr, ExprType>;
}

const VALUE_KINDS: ModelSymbol['kind'][] = ['features', 'param', 'node'];

export function checkModel(
  ctx: CheckContext,
  block: A.ModelBlock | undefined,
  data: DataFacts,
  positiveParams: string[],
): ModelFacts {
  // The parameters block's prior arguments are typed in the same map.
  const facts: ModelFacts = { nodes: [], layerParams: [], types: ctx.types };
  if (!block) return facts;
  const ranges = new Map<string, Range>(positiveParams.map((p) => [p, 'positive']));
  ctx.pending = new Map();
  for (const s of block.statements)
    if (s.kind === 'assign' && !s.name.missing && !ctx.pending.has(s.name.name))
      ctx.pending.set(s.name.name, s.name.span);

  let likelihoodSeen = false;
  for (let s of block.statements) {
    if (s.kind === 'assign' && isLikelihoodWithEquals(ctx, s)) {
      // `y = Bernoulli(…)` for `y ~ Bernoulli(…)`: say so once, and check it as the likelihood.
      ctx.report(M.likelihoodWithEquals, s.name.span, [s.name.name, (s.expr as A.CallExpr).callee.name]);
      s = { kind: 'sample', name: s.name, dist: s.expr as A.CallExpr, span: s.span };
    }
    if (s.kind === 'assign') {
      const t = isLayer(s.expr)
        ? typeLayer(ctx, s.name, s.expr as A.CallExpr, ranges, facts)
        : typeOf(ctx, s.expr, ranges);
      const sym = ctx.declare(s.name, 'node', s.span, `model node ${formatShape(t.shape)}`, { shape: t.shape });
      const layer = ctx.types.get(s.expr)?.layer;
      if (sym && layer)
        sym.detail += ` = ${layer.act}(${sourceLabel((s.expr as A.CallExpr).args[0].value)} @ ${layer.W.name} + ${layer.b.name}), with ${layer.W.name} : ${formatShape(layer.W.shape)} and ${layer.b.name} : ${formatShape(layer.b.shape)} ~ Normal(0, 1)`;
      if (sym) {
        ranges.set(s.name.name, t.range);
        if (t.shape) facts.nodes.push({ name: s.name.name, expr: s.expr, shape: t.shape });
      }
      continue;
    }
    if (likelihoodSeen) {
      ctx.report(M.secondLikelihood, s.span, []);
      continue;
    }
    likelihoodSeen = true;
    facts.likelihood = checkLikelihood(ctx, s, data, ranges);
  }
  ctx.pending = new Map();
  if (!likelihoodSeen) ctx.report(M.noLikelihood, block.keywordSpan, [data.target?.name ?? 'y']);
  return facts;
}

function isLayer(e: A.Expr): boolean {
  return e.kind === 'call' && !!LAYER_FUNCTIONS[e.callee.name];
}

/** node = dense(input, units, act): the input's type, then the layer's parameters and type. */
function typeLayer(
  ctx: CheckContext,
  node: A.Ident,
  call: A.CallExpr,
  ranges: Map<string, Range>,
  facts: ModelFacts,
): Typed {
  const input =
    call.args[0] && !call.args[0].name ? typeOf(ctx, call.args[0].value, ranges) : { range: 'any' as Range };
  for (const a of call.args.slice(1))
    if (a.value.kind !== 'name' && a.value.kind !== 'number') typeOf(ctx, a.value, ranges);
  const { type, layer } = checkLayer(ctx, node, call, input);
  if (layer && type.shape) {
    ctx.types.set(call, { shape: type.shape, range: type.range, layer });
    facts.layerParams.push(layer.W, layer.b);
  }
  return type;
}

function isLikelihoodWithEquals(ctx: CheckContext, s: A.AssignStmt): boolean {
  return (
    s.expr.kind === 'call' &&
    !!LIKELIHOODS[s.expr.callee.name] &&
    !MODEL_FUNCTIONS[s.expr.callee.name] &&
    ctx.symbols.get(s.name.name)?.kind === 'target'
  );
}

function declaredAt(ctx: CheckContext, e: A.Expr, shape: Shape | undefined): RelatedInfo[] {
  if (e.kind !== 'name') return [];
  const sym = ctx.symbols.get(e.ident.name);
  if (!sym) return [];
  const verb = sym.kind === 'node' ? 'assigned' : 'declared';
  return [{ span: sym.decl, message: `${e.ident.name} is ${verb} here as ${formatShape(shape)}` }];
}

function record(ctx: CheckContext, e: A.Expr, t: Typed, ref?: ExprType['ref']): Typed {
  if (t.shape) ctx.types.set(e, ref ? { shape: t.shape, range: t.range, ref } : { shape: t.shape, range: t.range });
  return t;
}

function typeOf(ctx: CheckContext, e: A.Expr, ranges: Map<string, Range>): Typed {
  return e.kind === 'binary' || e.kind === 'name'
    ? typeOfInner(ctx, e, ranges)
    : record(ctx, e, typeOfInner(ctx, e, ranges));
}

function typeOfInner(ctx: CheckContext, e: A.Expr, ranges: Map<string, Range>): Typed {
  switch (e.kind) {
    case 'missing':
      return { range: 'any' };
    case 'number':
      if (e.missing) return { range: 'any' };
      return { shape: [], range: e.value > 0 ? 'positive' : 'any' };
    case 'string':
      ctx.report(M.noDataInModel, e.span, []);
      return { range: 'any' };
    case 'name': {
      const sym = ctx.resolve(e.ident, VALUE_KINDS, 'a feature matrix, a parameter or a model node');
      return record(
        ctx,
        e,
        { shape: sym?.shape, range: sym ? (ranges.get(sym.name) ?? 'any') : 'any' },
        sym?.kind as ExprType['ref'],
      );
    }
    case 'neg': {
      const t = typeOf(ctx, e.operand, ranges);
      return { shape: t.shape, range: 'any' };
    }
    case 'binary': {
      const { spine, leftmost } = leftSpine(e);
      let acc = typeOf(ctx, leftmost, ranges);
      for (let i = spine.length - 1; i >= 0; i--)
        acc = record(ctx, spine[i], typeBinary(ctx, spine[i], acc, typeOf(ctx, spine[i].right, ranges)));
      return acc;
    }
    case 'call': {
      const name = e.callee.name;
      if (isLayer(e)) {
        ctx.report(M.layerNotWhole, e.callee.span, []);
        for (const a of e.args) if (a.value.kind !== 'name' || a !== e.args[2]) typeOf(ctx, a.value, ranges);
        return { range: 'any' };
      }
      const spec = MODEL_FUNCTIONS[name];
      if (!spec) {
        if (!e.callee.missing) {
          const sg = suggest(name, Object.keys(MODEL_FUNCTIONS));
          ctx.report(M.unknownFunction, e.callee.span, [name, Object.keys(MODEL_FUNCTIONS), sg], {
            fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: e.callee.span, newText: sg }] }] : [],
          });
        }
        for (const a of e.args) typeOf(ctx, a.value, ranges);
        return { range: 'any' };
      }
      const argSpecs = [{ name: 'z' }, ...Object.keys(spec.options ?? {}).map((n) => ({ name: n }))];
      const positional = e.args.filter((a) => !a.name);
      if (positional.length !== 1) {
        ctx.report(M.arity, e.span, [
          name,
          `1 argument: ${name}(z${
            spec.options
              ? Object.entries(spec.options)
                  .map(([k, v]) => `, ${k} = ${v}`)
                  .join('')
              : ''
          })`,
          e.args.length,
        ]);
        for (const a of e.args) typeOf(ctx, a.value, ranges);
        return { range: spec.range ?? 'any' };
      }
      let shape: Shape | undefined;
      for (const a of e.args) {
        if (a.name) {
          if (!argSpecs.some((s) => s.name === a.name!.name) || a.name.name === 'z') {
            ctx.report(M.unknownNamedArg, a.name.span, [a.name.name, name, argSpecs.slice(1).map((s) => s.name)]);
          } else if (a.value.kind !== 'number') {
            ctx.report(M.nonConstantPriorArg, a.value.span, [name, a.name.name]);
          }
          continue;
        }
        shape = typeOf(ctx, a.value, ranges).shape;
      }
      return { shape, range: spec.range ?? 'any' };
    }
  }
}

/** The type of `l op r`, given the types of its operands. */
function typeBinary(ctx: CheckContext, e: A.BinaryExpr, l: Typed, r: Typed): Typed {
  const bothPositive = l.range !== 'any' && r.range !== 'any';
  const range: Range = (e.op === '*' || e.op === '/' || e.op === '+') && bothPositive ? 'positive' : 'any';
  if (!l.shape || !r.shape) return { range };
  if (e.op === '@') {
    const badRank = (shape: Shape) => shape.length === 0 || shape.length > 2;
    if (badRank(l.shape) || badRank(r.shape)) {
      const left = badRank(l.shape);
      ctx.report(M.matmulRank, (left ? e.left : e.right).span, [
        left ? 'left' : 'right',
        formatShape(left ? l.shape : r.shape),
      ]);
      return { range: 'any' };
    }
    const shape = matmul(l.shape, r.shape);
    if (!shape) {
      ctx.report(
        M.matmulMismatch,
        e.opSpan,
        [sourceLabel(e.left), formatShape(l.shape), sourceLabel(e.right), formatShape(r.shape)],
        {
          related: [...declaredAt(ctx, e.left, l.shape), ...declaredAt(ctx, e.right, r.shape)],
          fixes: matmulFix(ctx, e, l.shape, r.shape),
        },
      );
      return { range: 'any' };
    }
    return { shape, range: 'any' };
  }
  const shape = broadcast(l.shape, r.shape);
  if (!shape) {
    ctx.report(M.broadcastMismatch, e.opSpan, [e.op, formatShape(l.shape), formatShape(r.shape)], {
      related: [...declaredAt(ctx, e.left, l.shape), ...declaredAt(ctx, e.right, r.shape)],
    });
    return { range };
  }
  return { shape, range };
}

/** A quick fix for `a @ W` when W is a parameter whose declared rows could match. */
function matmulFix(ctx: CheckContext, e: A.BinaryExpr, l: Shape, r: Shape) {
  if (e.right.kind !== 'name' || r.length !== 2) return [];
  const sym = ctx.symbols.get(e.right.ident.name);
  const inner = l[l.length - 1];
  if (!sym || sym.kind !== 'param' || typeof inner !== 'number') return [];
  const shapeSpan = findShapeSpan(ctx, sym);
  if (!shapeSpan) return [];
  const newShape = `[${inner}, ${r[1]}]`;
  return [{ title: `Declare ${sym.name} as ${newShape}`, edits: [{ span: shapeSpan, newText: newShape }] }];
}

function findShapeSpan(_ctx: CheckContext, sym: ModelSymbol) {
  return sym.shapeSpan;
}

function checkLikelihood(
  ctx: CheckContext,
  s: A.SampleStmt,
  data: DataFacts,
  ranges: Map<string, Range>,
): CheckedModel['likelihood'] | undefined {
  const target = data.target;
  const lhs = ctx.symbols.get(s.name.name);
  if (!s.name.missing) {
    if (lhs) lhs.refs.push(s.name.span);
    // With no target declared at all, the data block's 'no target' error says it already.
    const targetSym = [...ctx.symbols.values()].find((x) => x.kind === 'target');
    if ((!lhs || lhs.kind !== 'target') && targetSym) {
      if (!lhs) ctx.resolve(s.name, ['target'], 'the target');
      else
        ctx.report(M.likelihoodNotTarget, s.name.span, [s.name.name, targetSym.name], {
          related: [{ span: targetSym.decl, message: 'the target is declared here' }],
        });
    }
  }
  const call = s.dist;
  if (call.callee.missing) return undefined;
  const name = call.callee.name;
  const spec = LIKELIHOODS[name];
  if (!spec) {
    if (PRIORS[name]) ctx.report(M.priorAsLikelihood, call.callee.span, [name, Object.keys(LIKELIHOODS)]);
    else {
      const sg = suggest(name, Object.keys(LIKELIHOODS));
      ctx.report(M.unknownDistribution, call.callee.span, [name, 'likelihood', Object.keys(LIKELIHOODS), sg], {
        fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: call.callee.span, newText: sg }] }] : [],
      });
    }
    for (const a of call.args) typeOf(ctx, a.value, ranges);
    return undefined;
  }
  const bound = bindArgs(ctx, call, spec.args, spec.oneOf);
  if (!bound) {
    for (const a of call.args) typeOf(ctx, a.value, ranges);
    return undefined;
  }
  const typed = new Map<string, Typed>();
  for (const [k, a] of bound) typed.set(k, typeOf(ctx, a.value, ranges));
  let ok = true;
  if (target && spec.target !== target.kind) {
    const want = { binary: 'Bernoulli', categorical: 'Categorical', real: 'Normal or StudentT', count: 'Poisson' }[
      target.kind
    ];
    ctx.report(M.likelihoodKind, call.callee.span, [
      name,
      target.kind === 'categorical' ? `categorical (${target.classes}-class)` : target.kind,
      want,
    ]);
    ok = false;
  }
  const width = target?.kind === 'categorical' ? target.classes : 1;
  for (const [argName, t] of typed) {
    const arg = bound.get(argName)!;
    if (!t.shape) {
      ok = false;
      continue;
    }
    // A scale or degrees of freedom: one number, or one per row.
    const isSigma = argName === 'sigma' || argName === 'nu';
    const want: Shape = ['N', width];
    const fits =
      spec.target === 'categorical' && !isSigma ? fitsExactly(t.shape, want) : fitsBroadcast(t.shape, ['N', 1]);
    if (!fits && target && spec.target === target.kind) {
      ctx.report(
        M.likelihoodShape,
        arg.value.span,
        [
          name,
          argName,
          formatShape(t.shape),
          spec.target === 'categorical' && !isSigma ? `[N, ${width}] (one column per class)` : '[N, 1] (one column)',
        ],
        {
          related: declaredAt(ctx, arg.value, t.shape),
        },
      );
      ok = false;
    }
    if (argName === 'p' && t.range !== (spec.target === 'categorical' ? 'simplex' : 'probability')) {
      ctx.report(M.notProbability, arg.value.span, [name, 'p']);
      ok = false;
    }
    // sigma, StudentT's nu and Poisson's rate must be known to be positive.
    if (spec.args.find((a) => a.name === argName)?.positive && t.range === 'any') {
      const v = arg.value;
      if (v.kind === 'number') ctx.report(M.nonPositiveScale, v.span, [argName, name, v.text]);
      else {
        const why =
          v.kind === 'name' && ctx.symbols.get(v.ident.name)?.kind === 'param'
            ? { kind: 'prior' as const, param: v.ident.name }
            : { kind: 'expression' as const };
        ctx.report(M.notPositive, v.span, [`${name}'s ${argName}`, why]);
      }
      ok = false;
    }
  }
  if (!ok || !target) return undefined;
  const args: Record<string, A.Expr> = {};
  for (const [k, a] of bound) args[k] = a.value;
  return { dist: name, args };
}

/** True when a value of this shape gives one value per row: it broadcasts to want and no further. */
function fitsBroadcast(shape: Shape, want: Shape): boolean {
  const b = broadcast(shape, want);
  return !!b && b.length === want.length && b.every((d, i) => d === want[i]);
}

function fitsExactly(shape: Shape, want: Shape): boolean {
  return fitsBroadcast(shape, want) && shape[shape.length - 1] === want[want.length - 1];
}

export { signature };

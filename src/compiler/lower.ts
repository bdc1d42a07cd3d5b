// Checked model → IR. After this, nothing downstream sees the AST. What each name refers to
// comes from the checker's types (CheckedModel.types); nothing here works it out again.
import { createHash } from 'node:crypto';
import type * as A from '../lang/ast.js';
import type { CheckedModel } from '../lang/checked.js';
import { DEFAULTS } from '../lang/builtins.js';
import type { Activation, IRColumnExpr, IRExpr, IRLikelihood, IRModel, IRPrior } from './ir.js';

export function lower(model: CheckedModel, sourceText: string): IRModel {
  const expr = (e: A.Expr) => lowerExpr(e, model.types);
  return {
    name: model.name,
    sourceHash: createHash('sha256').update(sourceText).digest('hex'),
    data: {
      columns: model.columns,
      sets: model.sets,
      splits: model.splits,
      sources: model.sources,
      derived: model.derived.map((d) => ({ name: d.name, expr: lowerColumnExpr(d.expr) })),
      features: model.features,
      target: model.target,
      trainSet: model.trainSet,
      balance: model.balance,
    },
    params: model.params.map((p) => ({ name: p.name, shape: p.shape, prior: lowerPrior(p.prior), positive: p.positive })),
    nodes: model.nodes.map((n) => ({ name: n.name, expr: expr(n.expr), shape: n.shape })),
    likelihood: lowerLikelihood(model, expr),
    infer: model.infer,
    evaluate: model.evaluate && { ...model.evaluate, importance: model.evaluate.importance && { ...model.evaluate.importance, repeats: DEFAULTS.importanceRepeats } },
  };
}

function lowerPrior(p: { dist: string; args: Record<string, number> }): IRPrior {
  return { dist: p.dist, ...p.args } as IRPrior;
}

/** Bernoulli(sigmoid(z)) → Bernoulli(logit = z) and Categorical(softmax(z)) → logits: stable losses. */
function lowerLikelihood(model: CheckedModel, expr: (e: A.Expr) => IRExpr): IRLikelihood {
  const { dist, args } = model.likelihood;
  const unwrap = (e: A.Expr, fn: string): A.Expr | undefined =>
    e.kind === 'call' && e.callee.name === fn && e.args.length === 1 && !e.args[0].name ? e.args[0].value : undefined;
  if (dist === 'Bernoulli') {
    if (args.logit) return { dist, logit: expr(args.logit) };
    const z = unwrap(args.p, 'sigmoid');
    return z ? { dist, logit: expr(z) } : { dist, prob: expr(args.p) };
  }
  if (dist === 'Categorical') {
    const classes = model.target.kind === 'categorical' ? model.target.classes : 2;
    if (args.logits) return { dist, classes, logits: expr(args.logits) };
    const z = unwrap(args.p, 'softmax');
    return z ? { dist, classes, logits: expr(z) } : { dist, classes, probs: expr(args.p) };
  }
  return { dist: 'Normal', mean: expr(args.mean), sigma: expr(args.sigma) };
}

const BINARY: Record<string, 'add' | 'sub' | 'mul' | 'div' | 'matmul'> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '@': 'matmul' };

const REF_OPS = { features: 'input', param: 'param', node: 'node' } as const;

function lowerExpr(e: A.Expr, types: CheckedModel['types']): IRExpr {
  const rec = (x: A.Expr) => lowerExpr(x, types);
  switch (e.kind) {
    case 'number':
      return { op: 'const', value: e.value };
    case 'name': {
      const ref = types.get(e)?.ref;
      if (!ref) throw new Error(`internal: '${e.ident.name}' was not resolved by the checker`);
      return { op: REF_OPS[ref], name: e.ident.name };
    }
    case 'neg':
      return { op: 'neg', a: rec(e.operand) };
    case 'binary': {
      const op = BINARY[e.op];
      return op === 'matmul' ? { op, a: rec(e.left), b: rec(e.right) } : { op, a: rec(e.left), b: rec(e.right) };
    }
    case 'call': {
      const z = e.args.find((a) => !a.name)!;
      const alpha = e.args.find((a) => a.name?.name === 'alpha');
      const out: IRExpr = { op: 'act', fn: e.callee.name as Activation, a: rec(z.value) };
      if (alpha && alpha.value.kind === 'number') out.alpha = alpha.value.value;
      return out;
    }
    default:
      throw new Error(`internal: cannot lower a ${e.kind} expression; the checker should have rejected it`);
  }
}

function lowerColumnExpr(e: A.Expr): IRColumnExpr {
  switch (e.kind) {
    case 'number':
      return { op: 'const', value: e.value };
    case 'name':
      return { op: 'column', name: e.ident.name };
    case 'neg':
      return { op: 'neg', a: lowerColumnExpr(e.operand) };
    case 'binary': {
      const op = BINARY[e.op];
      if (op === 'matmul') throw new Error('internal: @ in a derived column');
      return { op, a: lowerColumnExpr(e.left), b: lowerColumnExpr(e.right) };
    }
    case 'call':
      return { op: 'call', fn: e.callee.name as 'abs', args: e.args.map((a) => lowerColumnExpr(a.value)) };
    default:
      throw new Error(`internal: cannot lower a ${e.kind} column expression`);
  }
}

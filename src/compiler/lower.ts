// Checked model → IR. After this, nothing downstream sees the AST. What each name refers to
// comes from the checker's types (CheckedModel.types); nothing here works it out again.
import { createHash } from 'node:crypto';
import type * as A from '../lang/syntax/ast.js';
import type { CheckedModel } from '../lang/checking/checked-model.js';
import { DEFAULTS } from '../lang/builtins.js';
import { meaningHash, meaningLines } from './meaning.js';
import type { Activation, IRColumnExpr, IRExpr, IRLikelihood, IRModel, IRParam, IRPrior } from './ir.js';

export function lower(model: CheckedModel, sourceText: string): IRModel {
  const expr = (e: A.Expr) => lowerExpr(e, model.types);
  const ir = {
    name: model.name,
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
    params: model.params.map((p) => lowerParam(p, expr)),
    nodes: model.nodes.map((n) => ({ name: n.name, expr: expr(n.expr), shape: n.shape })),
    likelihood: lowerLikelihood(model, expr),
    infer: model.infer,
    evaluate: model.evaluate.map((e) => ({
      ...e,
      importance: e.importance && { ...e.importance, repeats: DEFAULTS.importanceRepeats },
    })),
  };
  const meaning = meaningLines(ir);
  return {
    ...ir,
    sourceHash: createHash('sha256').update(sourceText).digest('hex'),
    modelHash: meaningHash(meaning),
    meaning,
  };
}

type CheckedParam = CheckedModel['params'][number];

/** The location and scale argument of each prior (HalfNormal has no location; nu stays a number). */
const LOC_SCALE: Record<string, [string | null, string]> = {
  Normal: ['mu', 'sigma'],
  Laplace: ['mu', 'b'],
  StudentT: ['mu', 'sigma'],
  HalfNormal: [null, 'sigma'],
  LogNormal: ['mu', 'sigma'],
};

/** A prior of numbers as it is; one whose arguments use parameters, non-centred (see IRParam). */
function lowerParam(p: CheckedParam, expr: (e: A.Expr) => IRExpr): IRParam {
  const { dist, args } = p.prior;
  const base = { name: p.name, shape: p.shape, positive: p.positive };
  if (Object.values(args).every((a) => typeof a === 'number')) return { ...base, prior: { dist, ...args } as IRPrior };
  const arg = (k: string | null): IRExpr =>
    k === null
      ? { op: 'const', value: 0 }
      : typeof args[k] === 'number'
        ? { op: 'const', value: args[k] as number }
        : expr(args[k] as A.Expr);
  const [loc, scale] = LOC_SCALE[dist];
  const standard = {
    ...Object.fromEntries(
      Object.entries(args).filter(([k]) => typeof args[k] === 'number' && k !== loc && k !== scale),
    ),
    ...(loc ? { [loc]: 0 } : {}),
    [scale]: 1,
  };
  return { ...base, prior: { dist, ...standard } as IRPrior, noncentred: { loc: arg(loc), scale: arg(scale) } };
}

/**
 * Bernoulli(sigmoid(z)) → Bernoulli(logit = z), Categorical(softmax(z)) → logits and
 * Poisson(exp(z)) → log_rate: stable losses.
 */
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
  if (dist === 'Poisson') {
    if (args.log_rate) return { dist, logRate: expr(args.log_rate) };
    const z = unwrap(args.rate, 'exp');
    return z ? { dist, logRate: expr(z) } : { dist, rate: expr(args.rate) };
  }
  if (dist === 'StudentT') return { dist, nu: expr(args.nu), mean: expr(args.mean), sigma: expr(args.sigma) };
  return { dist: 'Normal', mean: expr(args.mean), sigma: expr(args.sigma) };
}

const BINARY: Record<string, 'add' | 'sub' | 'mul' | 'div' | 'matmul'> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '@': 'matmul',
};

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
      const layer = types.get(e)?.layer;
      if (layer) {
        // h = dense(x, 12, relu) is h = relu(x @ h_W + h_b).
        const z: IRExpr = {
          op: 'add',
          a: { op: 'matmul', a: rec(e.args[0].value), b: { op: 'param', name: layer.W.name } },
          b: { op: 'param', name: layer.b.name },
        };
        return { op: 'act', fn: layer.act as Activation, a: z };
      }
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

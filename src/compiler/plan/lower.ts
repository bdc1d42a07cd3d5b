// IRModel → forward plan: each parameter's slice of the flat vector and its constraining
// transform, the prior of each parameter with the log-Jacobian of its transform, the model's
// nodes, the likelihood of the target weighted by row, and the predictive score.
//
// Outputs: 'loglik' (Σ_rows weight · log p(y | θ)), 'prior:NAME' per parameter (log prior of the
// stored coordinate, Jacobian included), 'score' (P(y = 1) [N], class probabilities [N, K], or
// the mean [N]), for a Normal likelihood 'sigma' (the noise sd per row [N]) and, for each
// non-centred parameter, 'value:NAME' (θ), 'loc:NAME' and 'scale:NAME'. A StudentT likelihood
// adds 'nu' per row; a Poisson's score is the rate.

import type { IRExpr, IRModel, IRParam, IRPrior } from '../ir.js';
import { isPositive } from '../layout.js';
import { PlanBuilder } from './builder.js';
import { PROB_EPS } from './kernels.js';
import { PlanShapeError, formatShape, sizeOf, type Plan, type PlanSlot, type Shape } from './plan.js';

export function lowerToPlan(ir: IRModel): Plan {
  const b = new PlanBuilder();
  const outputs = new Map<string, number>();
  const slots: PlanSlot[] = [];
  const values = new Map<string, number>();
  const inputs = new Map(ir.data.features.map((f) => [f.name, f.columns.length]));
  const nodes = new Map<string, number>();
  const expr = (e: IRExpr): number => lowerExpr(b, e, { inputs, values, nodes });
  const bases = new Map<string, number>();
  let offset = 0;
  for (const p of ir.params) {
    const size = sizeOf(p.shape);
    const slot: PlanSlot = { name: p.name, shape: p.shape.slice(), size, offset, positive: isPositive(p) };
    slots.push(slot);
    offset += size;
    const stored = p.noncentred ? `z of ${p.name}` : p.name;
    const z = b.emit(
      'theta',
      [],
      { offset: slot.offset, size, shape: p.shape },
      slot.positive ? `log ${stored}` : stored,
    );
    const base = slot.positive ? b.emit('exp', [z], {}, stored) : z;
    bases.set(p.name, p.prior.dist === 'LogNormal' ? z : base);
    if (!p.noncentred) values.set(p.name, base);
    outputs.set(`prior:${p.name}`, lowerPrior(b, p.prior, z, base, slot.positive, p.name));
  }
  // Non-centred parameters, each after the parameters its prior uses: θ = loc + scale · base.
  for (const p of dependencyOrder(ir)) {
    const nc = p.noncentred!;
    const loc = expr(nc.loc);
    const scale = expr(nc.scale);
    const shifted = b.emit('add', [b.emit('mul', [scale, bases.get(p.name)!]), loc]);
    const theta = b.label(p.prior.dist === 'LogNormal' ? b.emit('exp', [shifted]) : shifted, p.name);
    values.set(p.name, theta);
    outputs.set(`value:${p.name}`, theta);
    outputs.set(`loc:${p.name}`, loc);
    outputs.set(`scale:${p.name}`, scale);
  }

  for (const n of ir.nodes) nodes.set(n.name, b.label(expr(n.expr), n.name));

  const lik = lowerLikelihood(b, ir, expr);
  outputs.set('loglik', lik.loglik);
  outputs.set('score', lik.score);
  if (lik.sigma !== undefined) outputs.set('sigma', lik.sigma);
  if (lik.nu !== undefined) outputs.set('nu', lik.nu);
  return { instrs: b.instrs, slots, dim: offset, outputs };
}

/** The non-centred parameters, each after every parameter its prior uses (the checker ruled out cycles). */
export function dependencyOrder(ir: IRModel): IRParam[] {
  const byName = new Map(ir.params.map((p) => [p.name, p]));
  const out: IRParam[] = [];
  const seen = new Set<string>();
  const visit = (p: IRParam): void => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    if (!p.noncentred) return;
    for (const u of [...paramsIn(p.noncentred.loc), ...paramsIn(p.noncentred.scale)]) {
      const q = byName.get(u);
      if (q) visit(q);
    }
    out.push(p);
  };
  for (const p of ir.params) visit(p);
  return out;
}

function paramsIn(e: IRExpr): string[] {
  switch (e.op) {
    case 'param':
      return [e.name];
    case 'matmul':
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return [...paramsIn(e.a), ...paramsIn(e.b)];
    case 'neg':
    case 'act':
      return paramsIn(e.a);
    default:
      return [];
  }
}

function lowerPrior(b: PlanBuilder, p: IRPrior, z: number, theta: number, positive: boolean, name: string): number {
  const k = (v: number) => b.constant(v);
  const label = `log prior of ${name}`;
  // A LogNormal prior makes log θ exactly Normal: the density of the stored coordinate.
  if (positive && p.dist === 'LogNormal')
    return b.emit('sum', [b.emit('normal_lpdf', [z, k(p.mu), k(p.sigma)])], {}, label);
  let lp: number;
  switch (p.dist) {
    case 'Normal':
      lp = b.emit('normal_lpdf', [theta, k(p.mu), k(p.sigma)]);
      break;
    case 'Laplace':
      lp = b.emit('laplace_lpdf', [theta, k(p.mu), k(p.b)]);
      break;
    case 'StudentT':
      lp = b.emit('student_t_lpdf', [theta, k(p.nu), k(p.mu), k(p.sigma)]);
      break;
    case 'HalfNormal':
      lp = b.emit('half_normal_lpdf', [theta, k(p.sigma)]);
      break;
    case 'LogNormal':
      throw new PlanShapeError(`LogNormal prior on ${name}, which is not stored as positive`);
  }
  const sum = b.emit('sum', [lp]);
  // θ = e^z: log p_z(z) = log p_θ(e^z) + z. A real-line prior on a positive parameter is
  // restricted to θ > 0; its normalising constant is left out.
  return b.label(positive ? b.emit('add', [sum, b.emit('sum', [z])]) : sum, label);
}

interface Scope {
  inputs: Map<string, number>;
  values: Map<string, number>;
  nodes: Map<string, number>;
}

const BINARY = { add: 'add', sub: 'sub', mul: 'mul', div: 'div' } as const;

function lowerExpr(b: PlanBuilder, e: IRExpr, scope: Scope): number {
  const rec = (x: IRExpr) => lowerExpr(b, x, scope);
  switch (e.op) {
    case 'input': {
      const w = scope.inputs.get(e.name);
      if (w === undefined) throw new PlanShapeError(`unknown input '${e.name}'`);
      return b.emit('input', [], { name: e.name, shape: ['N', w] }, e.name);
    }
    case 'param': {
      const v = scope.values.get(e.name);
      if (v === undefined) throw new PlanShapeError(`unknown parameter '${e.name}'`);
      return v;
    }
    case 'node': {
      const v = scope.nodes.get(e.name);
      if (v === undefined) throw new PlanShapeError(`node '${e.name}' is used before it is defined`);
      return v;
    }
    case 'const':
      return b.constant(e.value);
    case 'neg':
      return b.emit('neg', [rec(e.a)]);
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return b.emit(BINARY[e.op], [rec(e.a), rec(e.b)]);
    case 'matmul':
      return matmul(b, rec(e.a), rec(e.b));
    case 'act': {
      const a = rec(e.a);
      if (e.fn === 'identity') return a;
      if (e.fn === 'leaky_relu') return b.emit('leaky_relu', [a], { alpha: e.alpha ?? 0.01 });
      return b.emit(e.fn, [a]);
    }
  }
}

/** a @ b for vectors or matrices: vectors become one-row or one-column matrices and back. */
function matmul(b: PlanBuilder, a: number, c: number): number {
  const as = b.shape(a);
  const cs = b.shape(c);
  if (as.length === 0 || cs.length === 0 || as.length > 2 || cs.length > 2) {
    throw new PlanShapeError(`matmul needs vectors or matrices, got ${formatShape(as)} @ ${formatShape(cs)}`);
  }
  const a2 = as.length === 1 ? b.emit('reshape', [a], { shape: [1, as[0]] }) : a;
  const c2 = cs.length === 1 ? b.emit('reshape', [c], { shape: [cs[0], 1] }) : c;
  const out = b.emit('matmul', [a2, c2]);
  const want: Shape = [...(as.length === 2 ? [as[0]] : []), ...(cs.length === 2 ? [cs[1]] : [])];
  return want.length === 2 ? out : b.emit('reshape', [out], { shape: want });
}

/** A per-row head must be [N] or [N, 1]. */
function perRow(b: PlanBuilder, id: number, what: string): Shape {
  const s = b.shape(id);
  if (!(s.length >= 1 && s.length <= 2 && s[0] === 'N' && (s.length === 1 || s[1] === 1))) {
    throw new PlanShapeError(`${what} must have one value per row ([N] or [N, 1]), got ${formatShape(s)}`);
  }
  return s;
}

function rowsData(b: PlanBuilder, shape: Shape): { y: number; w: number } {
  return {
    y: b.emit('target', [], { shape: shape }, 'y'),
    w: b.emit('weights', [], { shape: shape }, 'row weights'),
  };
}

function lowerLikelihood(
  b: PlanBuilder,
  ir: IRModel,
  expr: (e: IRExpr) => number,
): { loglik: number; score: number; sigma?: number; nu?: number } {
  const l = ir.likelihood;
  const total = (ll: number, w: number) => b.emit('sum', [b.emit('mul', [w, ll])], {}, 'log likelihood');
  const flat = (id: number) => (b.shape(id).length === 1 ? id : b.emit('reshape', [id], { shape: ['N'] }));
  switch (l.dist) {
    case 'Bernoulli': {
      const head = expr('logit' in l ? l.logit : l.prob);
      const shape = perRow(b, head, `the Bernoulli ${'logit' in l ? 'logit' : 'probability'}`);
      const { y, w } = rowsData(b, shape);
      if ('logit' in l)
        return { loglik: total(b.emit('bernoulli_logit_lpmf', [y, head]), w), score: flat(b.emit('sigmoid', [head])) };
      return {
        loglik: total(b.emit('bernoulli_lpmf', [y, head]), w),
        score: flat(b.emit('clip', [head], { lo: 0, hi: 1 })),
      };
    }
    case 'Categorical': {
      const head = expr('logits' in l ? l.logits : l.probs);
      const s = b.shape(head);
      if (!(s.length === 2 && s[0] === 'N' && s[1] === l.classes)) {
        throw new PlanShapeError(
          `the Categorical ${'logits' in l ? 'logits' : 'probs'} must be [N, ${l.classes}], got ${formatShape(s)}`,
        );
      }
      const y = b.emit('target', [], { shape: ['N', l.classes] }, 'y (one-hot)');
      const w = b.emit('weights', [], { shape: ['N', 1] }, 'row weights');
      const logp =
        'logits' in l
          ? b.emit('sub', [head, b.emit('logsumexp_last', [head])])
          : b.emit('log', [b.emit('clip', [head], { lo: PROB_EPS, hi: 1 })]);
      const score = 'logits' in l ? b.emit('softmax', [head]) : head;
      return { loglik: total(b.emit('sum_last', [b.emit('mul', [y, logp])]), w), score };
    }
    case 'Normal': {
      const mean = expr(l.mean);
      const shape = perRow(b, mean, 'the Normal mean');
      const sigma = expr(l.sigma);
      const ss = b.shape(sigma);
      const { y, w } = rowsData(b, shape);
      const ll = b.emit('normal_lpdf', [y, mean, sigma]);
      if (b.shape(ll).length !== shape.length || b.shape(ll).some((d, i) => d !== shape[i])) {
        throw new PlanShapeError(
          `the Normal sigma ${formatShape(ss)} must be one number or one per row, to go with the mean ${formatShape(shape)}`,
        );
      }
      const sigmaRows = flat(b.emit('broadcast_to', [sigma], { shape: shape }));
      return { loglik: total(ll, w), score: flat(mean), sigma: sigmaRows };
    }
    case 'StudentT': {
      const mean = expr(l.mean);
      const shape = perRow(b, mean, 'the StudentT mean');
      const nu = expr(l.nu);
      const sigma = expr(l.sigma);
      const { y, w } = rowsData(b, shape);
      const ll = b.emit('student_t_lpdf', [y, nu, mean, sigma]);
      if (b.shape(ll).length !== shape.length || b.shape(ll).some((d, i) => d !== shape[i])) {
        throw new PlanShapeError(
          `the StudentT nu and sigma must be one number or one per row, to go with the mean ${formatShape(shape)}`,
        );
      }
      const rows = (id: number) => flat(b.emit('broadcast_to', [id], { shape: shape }));
      return { loglik: total(ll, w), score: flat(mean), sigma: rows(sigma), nu: rows(nu) };
    }
    case 'Poisson': {
      // The log-rate form: log Poisson(y | e^η) = y·η − e^η − log y!, with no log of a rounded rate.
      const head = expr('logRate' in l ? l.logRate : l.rate);
      const shape = perRow(b, head, `the Poisson ${'logRate' in l ? 'log rate' : 'rate'}`);
      const eta = 'logRate' in l ? head : b.emit('log', [head]);
      const { y, w } = rowsData(b, shape);
      const rate = 'logRate' in l ? b.emit('exp', [head]) : head;
      return { loglik: total(b.emit('poisson_log_lpmf', [y, eta]), w), score: flat(rate) };
    }
  }
}

// The packed layout of a model's parameters: one flat vector on unconstrained space, in
// declaration order. Positive parameters (HalfNormal, LogNormal priors) are stored as log θ.

import type { IRExpr, IRModel, IRParam, IRPrior } from './ir.js';

export interface ParamSlot {
  name: string;
  shape: number[];
  size: number;
  /** Index of the first element in the flat vector. */
  offset: number;
  /** Stored as log θ; the value the model sees is exp of the flat entries. */
  positive: boolean;
  prior: IRPrior;
  /**
   * Inputs feeding each output unit when the parameter is the weight matrix of a matmul
   * (its first dimension); null when it is not used as a matmul weight.
   */
  fanIn: number | null;
}

export interface ParamLayout {
  /** Length of the flat parameter vector. */
  dim: number;
  slots: ParamSlot[];
  byName: Map<string, ParamSlot>;
}

export function buildLayout(ir: IRModel): ParamLayout {
  const fanIn = new Map<string, number>();
  const visit = (e: IRExpr): void => {
    switch (e.op) {
      case 'matmul': {
        const b = e.b;
        if (b.op === 'param') {
          const p = ir.params.find((q) => q.name === b.name);
          if (p && p.shape.length >= 1) fanIn.set(b.name, p.shape[0]);
        }
        const a = e.a;
        if (a.op === 'param' && !fanIn.has(a.name)) {
          const p = ir.params.find((q) => q.name === a.name);
          if (p && p.shape.length >= 1) fanIn.set(a.name, p.shape[p.shape.length - 1]);
        }
        visit(e.a);
        visit(e.b);
        return;
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        visit(e.a);
        visit(e.b);
        return;
      case 'neg':
      case 'act':
        visit(e.a);
        return;
      default:
        return;
    }
  };
  for (const n of ir.nodes) visit(n.expr);
  for (const e of likelihoodExprs(ir)) visit(e);

  const slots: ParamSlot[] = [];
  let offset = 0;
  for (const p of ir.params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    slots.push({
      name: p.name,
      shape: p.shape.slice(),
      size,
      offset,
      positive: isPositive(p),
      prior: p.prior,
      fanIn: fanIn.get(p.name) ?? null,
    });
    offset += size;
  }
  return { dim: offset, slots, byName: new Map(slots.map((s) => [s.name, s])) };
}

export function isPositive(p: IRParam): boolean {
  return p.positive || p.prior.dist === 'HalfNormal' || p.prior.dist === 'LogNormal';
}

export function likelihoodExprs(ir: IRModel): IRExpr[] {
  const l = ir.likelihood;
  if (l.dist === 'Bernoulli') return 'logit' in l ? [l.logit] : [l.prob];
  if (l.dist === 'Categorical') return 'logits' in l ? [l.logits] : [l.probs];
  if (l.dist === 'Poisson') return 'logRate' in l ? [l.logRate] : [l.rate];
  if (l.dist === 'StudentT') return [l.nu, l.mean, l.sigma];
  return [l.mean, l.sigma];
}

// Static shape inference over IR expressions. Shapes are logical: without the leading
// Monte-Carlo sample axis that parameter-dependent values carry at run time.

import type { Dim, IRExpr, IRModel, IRShape } from '../ir.js';

export class ModelShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelShapeError';
  }
}

export interface ShapeContext {
  inputWidths: Map<string, number>;
  params: Map<string, number[]>;
  nodes: Map<string, IRShape>;
}

export function shapeContext(ir: IRModel): ShapeContext {
  const ctx: ShapeContext = {
    inputWidths: new Map(ir.data.features.map((f) => [f.name, f.columns.length])),
    params: new Map(ir.params.map((p) => [p.name, p.shape])),
    nodes: new Map(),
  };
  for (const n of ir.nodes) ctx.nodes.set(n.name, inferShape(n.expr, ctx));
  return ctx;
}

export function broadcastShapes(a: readonly Dim[], b: readonly Dim[], what = 'operands'): Dim[] {
  const r = Math.max(a.length, b.length);
  const out: Dim[] = new Array(r);
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)];
    const db = i < r - b.length ? 1 : b[i - (r - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new ModelShapeError(`cannot broadcast ${what} of shapes [${a.join(', ')}] and [${b.join(', ')}]`);
  }
  return out;
}

export function inferShape(e: IRExpr, ctx: ShapeContext): IRShape {
  switch (e.op) {
    case 'input': {
      const w = ctx.inputWidths.get(e.name);
      if (w === undefined) throw new ModelShapeError(`unknown input '${e.name}'`);
      return ['N', w];
    }
    case 'param': {
      const s = ctx.params.get(e.name);
      if (!s) throw new ModelShapeError(`unknown parameter '${e.name}'`);
      return s.slice();
    }
    case 'node': {
      const s = ctx.nodes.get(e.name);
      if (!s) throw new ModelShapeError(`node '${e.name}' is used before it is defined`);
      return s.slice();
    }
    case 'const':
      return [];
    case 'matmul':
      return matmulShape(inferShape(e.a, ctx), inferShape(e.b, ctx));
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return broadcastShapes(inferShape(e.a, ctx), inferShape(e.b, ctx), `the operands of '${e.op}'`);
    case 'neg':
      return inferShape(e.a, ctx);
    case 'act': {
      const s = inferShape(e.a, ctx);
      if (e.fn === 'softmax' && s.length === 0) throw new ModelShapeError('softmax of a scalar');
      return s;
    }
  }
}

export function matmulShape(a: IRShape, b: IRShape): IRShape {
  if (a.length === 0 || b.length === 0 || a.length > 2 || b.length > 2) {
    throw new ModelShapeError(`matmul needs vectors or matrices, got [${a.join(', ')}] @ [${b.join(', ')}]`);
  }
  const k1 = a[a.length - 1];
  const k2 = b[0];
  if (k1 !== k2) throw new ModelShapeError(`matmul inner dimensions differ: [${a.join(', ')}] @ [${b.join(', ')}]`);
  const out: IRShape = [];
  if (a.length === 2) out.push(a[0]);
  if (b.length === 2) out.push(b[1]);
  return out;
}

export function resolveShape(s: IRShape, n: number): number[] {
  return s.map((d) => (d === 'N' ? n : d));
}

/** Infers every node's and the likelihood's shapes; throws ModelShapeError on a mismatch. */
export function checkModelShapes(ir: IRModel): ShapeContext {
  const ctx = shapeContext(ir);
  const perRow = (s: IRShape, what: string) => {
    if (!(s.length >= 1 && s[0] === 'N' && s.slice(1).every((d) => d === 1))) {
      throw new ModelShapeError(`${what} must have one value per row ([N] or [N, 1]), got [${s.join(', ')}]`);
    }
  };
  const l = ir.likelihood;
  if (l.dist === 'Bernoulli') perRow(inferShape('logit' in l ? l.logit : l.prob, ctx), `the Bernoulli ${'logit' in l ? 'logit' : 'probability'}`);
  else if (l.dist === 'Categorical') {
    const s = inferShape('logits' in l ? l.logits : l.probs, ctx);
    if (!(s.length === 2 && s[0] === 'N' && s[1] === l.classes)) {
      throw new ModelShapeError(`the Categorical ${'logits' in l ? 'logits' : 'probs'} must be [N, ${l.classes}], got [${s.join(', ')}]`);
    }
  } else {
    const m = inferShape(l.mean, ctx);
    perRow(m, 'the Normal mean');
    broadcastShapes(m, inferShape(l.sigma, ctx), 'the Normal mean and sigma');
  }
  return ctx;
}

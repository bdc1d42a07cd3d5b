// rewriteStableLikelihood(ir): Bernoulli(prob = sigmoid(z)) -> Bernoulli(logit = z) and
// Categorical(probs = softmax(z)) -> Categorical(logits = z), looking through node references,
// so the log-likelihood is computed by softplus / logSoftmax instead of log of a rounded
// probability. Returns a new IRModel (the input is not modified).

import type { IRExpr, IRLikelihood, IRModel } from '../ir.js';

export function rewriteStableLikelihood(ir: IRModel): IRModel {
  const nodes = new Map(ir.nodes.map((n) => [n.name, n.expr]));
  const strip = (e: IRExpr, fn: 'sigmoid' | 'softmax'): IRExpr | null => {
    let cur = e;
    for (let hops = 0; cur.op === 'node' && hops <= ir.nodes.length; hops++) {
      const next = nodes.get(cur.name);
      if (!next) return null;
      cur = next;
    }
    return cur.op === 'act' && cur.fn === fn ? cur.a : null;
  };
  const l = ir.likelihood;
  let out: IRLikelihood = l;
  if (l.dist === 'Bernoulli' && 'prob' in l) {
    const z = strip(l.prob, 'sigmoid');
    if (z) out = { dist: 'Bernoulli', logit: z };
  } else if (l.dist === 'Categorical' && 'probs' in l) {
    const z = strip(l.probs, 'softmax');
    if (z) out = { dist: 'Categorical', classes: l.classes, logits: z };
  }
  return out === l ? ir : { ...ir, likelihood: out };
}

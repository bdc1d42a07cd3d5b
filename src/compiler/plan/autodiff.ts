// Reverse mode over a plan, at compile time: the backward rules of the op table append the ops
// that compute d output / d θ for each parameter slot. Only values that depend on the parameters
// get gradients, and only the arguments that need one are asked for.

import { PlanBuilder } from './builder.js';
import { opSpec } from './ops.js';
import { pruneTo } from './passes.js';
import { PlanShapeError, type Plan } from './plan.js';

/**
 * The plan extended with the gradient of the scalar `output` (an output name or id): outputs
 * 'grad:NAME' per slot (shape of the slot; a slot the output does not depend on gets zeros) and
 * 'value'. The instructions are pruned to what these need.
 */
export function differentiate(plan: Plan, output: string | number, extra: string[] = []): Plan {
  const root = typeof output === 'number' ? output : plan.outputs.get(output);
  if (root === undefined) throw new Error(`internal: the plan has no output '${String(output)}'`);
  if (plan.instrs[root].shape.length !== 0) throw new PlanShapeError('only a scalar output can be differentiated');
  const b = new PlanBuilder(plan.instrs.map((x) => ({ ...x, args: x.args.slice(), attrs: { ...x.attrs } })));
  const grads = new Map<number, number>();
  grads.set(root, b.constant(1));
  const bySlot = new Map<number, number>();
  for (let i = root; i >= 0; i--) {
    const x = b.instrs[i];
    const g = grads.get(i);
    if (g === undefined || !x.param) continue;
    const spec = opSpec(x.op);
    if (x.op === 'theta') {
      bySlot.set(x.attrs.offset as number, g);
      continue;
    }
    if (typeof spec.backward !== 'function') {
      if (spec.backward === 'zero') continue;
      throw new PlanShapeError(`op '${x.op}' has no backward rule, and its result depends on the parameters`);
    }
    const need = x.args.map((a) => b.instrs[a].param);
    const parts = spec.backward(b, x, g, need);
    x.args.forEach((a, j) => {
      const part = parts[j];
      if (part === null || part === undefined || !need[j]) return;
      const prev = grads.get(a);
      grads.set(a, prev === undefined ? part : b.emit('add', [prev, part]));
    });
  }
  const outputs = new Map<string, number>([['value', root]]);
  for (const name of extra) {
    const id = plan.outputs.get(name);
    if (id !== undefined) outputs.set(name, id);
  }
  for (const s of plan.slots) {
    const g = bySlot.get(s.offset);
    outputs.set(`grad:${s.name}`, g ?? b.emit('broadcast_to', [b.constant(0)], { shape: s.shape }));
  }
  const instrs = pruneTo(b.instrs, [...outputs.values()], outputs);
  return { ...plan, instrs, outputs };
}

/** A plan whose output 'total' is the sum of the named scalar outputs. */
export function withSum(plan: Plan, names: string[], total = 'total'): Plan {
  const b = new PlanBuilder(plan.instrs.map((x) => ({ ...x })));
  let acc = b.constant(0);
  for (const n of names) {
    const id = plan.outputs.get(n);
    if (id === undefined) throw new Error(`internal: the plan has no output '${n}'`);
    acc = b.emit('add', [acc, id]);
  }
  const outputs = new Map(plan.outputs);
  outputs.set(total, acc);
  return { ...plan, instrs: b.instrs, outputs };
}

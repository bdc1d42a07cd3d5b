// Passes over a plan, each a rewrite that returns a new plan (and prints with --emit plan):
//   stableLikelihood  bernoulli_lpmf(y, sigmoid(z)) → bernoulli_logit_lpmf(y, z), and
//                     log(clip(softmax(z))) → z − logsumexp(z): no log of a rounded probability.
//   fuse              relu(a @ b + c) and a @ b + c, with c a bias row, → dense(a, b, c): one pass
//                     over the rows instead of three.

import { PlanBuilder } from './builder.js';
import type { Instr, Plan } from './plan.js';

/**
 * Returns the replacement's id in the new plan, or undefined to copy the instruction; `map` gives
 * the new id of any earlier instruction, `old` the instruction of the plan being rewritten.
 */
type Rule = (
  x: Instr,
  b: PlanBuilder,
  map: (oldId: number) => number,
  old: (id: number) => Instr,
  uses: Int32Array,
) => number | undefined;

function rewrite(plan: Plan, rule: Rule): Plan {
  const b = new PlanBuilder();
  const ids = new Int32Array(plan.instrs.length).fill(-1);
  const uses = useCounts(plan);
  const map = (id: number) => ids[id];
  const old = (id: number) => plan.instrs[id];
  for (const x of plan.instrs) {
    let id = rule(x, b, map, old, uses);
    if (id === undefined) id = b.emit(x.op, x.args.map(map), x.attrs);
    if (x.label) b.label(id, x.label);
    ids[x.id] = id;
  }
  const outputs = new Map([...plan.outputs].map(([k, v]) => [k, ids[v]]));
  return { ...plan, instrs: pruneTo(b.instrs, [...outputs.values()], outputs), outputs };
}

export function useCounts(plan: Plan): Int32Array {
  const uses = new Int32Array(plan.instrs.length);
  for (const x of plan.instrs) for (const a of x.args) uses[a]++;
  for (const v of plan.outputs.values()) uses[v]++;
  return uses;
}

export const stableLikelihood = (plan: Plan): Plan =>
  rewrite(plan, (x, b, map, old) => {
    if (x.op === 'bernoulli_lpmf') {
      const p = old(x.args[1]);
      if (p.op === 'sigmoid') return b.emit('bernoulli_logit_lpmf', [map(x.args[0]), map(p.args[0])]);
    }
    if (x.op === 'log') {
      const c = old(x.args[0]);
      const s = c.op === 'clip' ? old(c.args[0]) : undefined;
      if (s?.op === 'softmax') {
        const z = map(s.args[0]);
        return b.emit('sub', [z, b.emit('logsumexp_last', [z])]);
      }
    }
    return undefined;
  });

export const fuse = (plan: Plan): Plan =>
  rewrite(plan, (x, b, map, old, uses) => {
    const act = x.op === 'relu' ? 'relu' : x.op === 'add' ? 'linear' : undefined;
    if (!act) return undefined;
    const sum = act === 'relu' ? old(x.args[0]) : x;
    if (sum.op !== 'add' || (act === 'relu' && uses[sum.id] !== 1)) return undefined;
    for (const [p, c] of [
      [sum.args[0], sum.args[1]],
      [sum.args[1], sum.args[0]],
    ]) {
      const prod = old(p);
      const bias = old(c);
      if (prod.op !== 'matmul' || prod.attrs.ta || prod.attrs.tb || uses[prod.id] !== 1) continue;
      if (!(bias.shape.length === 1 && bias.shape[0] === prod.shape[1])) continue;
      return b.emit('dense', [map(prod.args[0]), map(prod.args[1]), map(c)], { act });
    }
    return undefined;
  });

/** The instructions that the given outputs need, renumbered in order; outputs are updated in place. */
export function pruneTo(instrs: Instr[], keep: number[], outputs?: Map<string, number>): Instr[] {
  const live = new Uint8Array(instrs.length);
  for (const k of keep) live[k] = 1;
  for (let i = instrs.length - 1; i >= 0; i--) if (live[i]) for (const a of instrs[i].args) live[a] = 1;
  const map = new Int32Array(instrs.length).fill(-1);
  const out: Instr[] = [];
  for (const x of instrs) {
    if (!live[x.id]) continue;
    map[x.id] = out.length;
    out.push({ ...x, id: out.length, args: x.args.map((a) => map[a]) });
  }
  if (outputs) for (const [k, v] of outputs) outputs.set(k, map[v]);
  return out;
}

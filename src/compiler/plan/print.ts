// The plan as text, one instruction a line, for `bnnc compile --emit plan` and its golden files:
//
//   %4   [N, 12]  dense %0 %1 %2  act=relu     h
//
// id, shape, op, arguments, settings, and the name it computes (a node, a parameter, a term).

import type { Attrs, Plan } from './plan.js';
import { formatShape } from './plan.js';

function attrText(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? k : `${k}=${Array.isArray(v) ? formatShape(v) : String(v)}`))
    .join(' ');
}

export function printPlan(plan: Plan, title: string): string {
  const lines = [`${title}: ${plan.dim} parameters, ${plan.instrs.length} instructions`];
  const idw = String(plan.instrs.length).length + 1;
  const shw = Math.max(...plan.instrs.map((x) => formatShape(x.shape).length));
  for (const x of plan.instrs) {
    const head = `%${x.id}`.padEnd(idw + 1) + ' ' + formatShape(x.shape).padEnd(shw);
    const attrs = x.op === 'const' ? String(x.attrs.value) : attrText(x.attrs);
    const body = [x.op, ...x.args.map((a) => `%${a}`), attrs].filter((t) => t !== '').join(' ');
    lines.push(`  ${head}  ${x.label ? body.padEnd(40) + '  ' + x.label : body}`.trimEnd());
  }
  lines.push('outputs:');
  for (const [k, v] of plan.outputs) lines.push(`  ${k} = %${v}`);
  return lines.join('\n') + '\n';
}

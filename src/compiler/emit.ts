// What `bnnc compile --emit` prints.
//   plan     the log joint as one plan after the passes, then the plan of its gradient
//   passes   the plan after each stage: lowered, stableLikelihood, fuse

import type { IRModel } from './ir.js';
import { printPlan } from './plan/print.js';
import { planStages, Programs } from './programs.js';

export const EMIT_FORMS = ['ir', 'plan', 'passes'] as const;
export type EmitForm = (typeof EMIT_FORMS)[number];

export function emit(ir: IRModel, form: EmitForm): string {
  switch (form) {
    case 'ir':
      return JSON.stringify(ir, null, 2) + '\n';
    case 'plan': {
      const p = new Programs(ir);
      return `${printPlan(p.plan, `plan of ${ir.name}`)}\n${printPlan(p.jointGrad(), `gradient of the log joint of ${ir.name}`)}`;
    }
    case 'passes':
      return planStages(ir)
        .map((s) => printPlan(s.plan, `${ir.name}, ${s.name}`))
        .join('\n');
  }
}

// Whether a target value fits the target's kind: binary 0/1, categorical K integers 0..K-1,
// real any finite number, count a whole number ≥ 0.

import type { TargetKind } from '../lang/checking/checked-model.js';

/** undefined when the value fits; else what is wrong and what to do. */
export function labelProblem(value: number, target: { column: string } & TargetKind): string | undefined {
  switch (target.kind) {
    case 'binary':
      if (value === 0 || value === 1) return undefined;
      return `label ${value} is not 0 or 1 (the target ${target.column} is binary); fix the label, or declare the target categorical`;
    case 'categorical':
      if (Number.isInteger(value) && value >= 0 && value < target.classes) return undefined;
      return `label ${value} is not a class 0..${target.classes - 1} (the target ${target.column} is categorical with ${target.classes} classes); fix the label, or change the number of classes`;
    case 'real':
      return Number.isFinite(value) ? undefined : `target value ${value} is not a finite number`;
    case 'count':
      if (Number.isInteger(value) && value >= 0) return undefined;
      return `count ${value} is not a whole number ≥ 0 (the target ${target.column} is a count); fix the value, or declare the target real`;
  }
}

// Whether a target value fits the target's kind: binary 0/1, categorical K integers 0..K-1,
// real any finite number, count a whole number ≥ 0.

import { P } from '../lang/diagnostics/data-problems.js';
import type { TargetKind } from '../lang/checking/checked-model.js';

/** undefined when the value fits; else what is wrong and what to do. */
export function labelProblem(value: number, target: { column: string } & TargetKind): string | undefined {
  switch (target.kind) {
    case 'binary':
      if (value === 0 || value === 1) return undefined;
      return P.notBinary(value, target.column);
    case 'categorical':
      if (Number.isInteger(value) && value >= 0 && value < target.classes) return undefined;
      return P.notAClass(value, target.column, target.classes);
    case 'real':
      return Number.isFinite(value) ? undefined : P.targetNotFinite(value);
    case 'count':
      if (Number.isInteger(value) && value >= 0) return undefined;
      return P.notACount(value, target.column);
  }
}

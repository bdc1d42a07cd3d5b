// The columns a prediction reads: the declared columns that the feature matrices use, directly
// or through derived columns, and those derived columns. The target, and columns nothing reads,
// need not be in the input.

import type { IRData } from '../../compiler/ir.js';
import { referencedColumns } from '../data/derive.js';

export interface InputColumns {
  /** Declared columns the input must have, in the order of the model's columns line. */
  columns: string[];
  /** The derived columns to compute, in declaration order (a derived column may use earlier ones). */
  derived: IRData['derived'];
}

export function inputColumns(irData: IRData): InputColumns {
  const derived = new Map(irData.derived.map((d) => [d.name, d]));
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    const d = derived.get(name);
    if (d) for (const c of referencedColumns(d.expr)) visit(c);
  };
  for (const f of irData.features) f.columns.forEach(visit);
  return {
    columns: irData.columns.filter((c) => needed.has(c)),
    derived: irData.derived.filter((d) => needed.has(d.name)),
  };
}

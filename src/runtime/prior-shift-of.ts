// The prior shift of a run's training set: its own class shares (each source row once) against
// the shares the likelihood saw (copies and weights of `balance … upsample | reweight` counted).
import type { IRModel } from '../compiler/ir.js';
import type { PreparedSet } from './data/index.js';
import { classShares, priorShiftRatios } from './metrics/index.js';

export interface PriorShift {
  own: number[];
  fitted: number[];
  ratios: number[];
}

export function priorShiftOf(ir: IRModel, train: PreparedSet): PriorShift | undefined {
  const t = ir.data.target;
  const classes = t.kind === 'binary' ? 2 : t.kind === 'categorical' ? t.classes : 0;
  if (classes === 0) return undefined;
  const seen = new Set<number>();
  const distinct: number[] = [];
  train.rows.forEach((r, i) => {
    if (!seen.has(r)) {
      seen.add(r);
      distinct.push(train.target[i]);
    }
  });
  const own = classShares(distinct, classes);
  const fitted = classShares(train.target, classes, train.weights);
  return { own, fitted, ratios: priorShiftRatios(own, fitted) };
}

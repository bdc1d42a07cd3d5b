// The columns of the per-chain predictive table, shared by the terminal and report.html: only
// the scores the target has (AUC, NLL, F1 and accuracy for a class target; RMSE for a real one).
import type { ChainPredictive } from '../results.js';

type Row = ChainPredictive['per_chain'][number];

const COLUMNS: [string, (c: Row) => number | undefined][] = [
  ['AUC', (c) => c.auc],
  ['NLL', (c) => c.nll],
  ['F1 at 0.5', (c) => c.f1_at_0_5],
  ['accuracy', (c) => c.accuracy],
  ['RMSE', (c) => c.rmse],
  ['mean sd', (c) => c.mean_sd],
];

export function chainPredictiveTableData(
  cp: ChainPredictive,
  f: (x: number | undefined) => string,
): { header: string[]; rows: string[][] } {
  const shown = COLUMNS.filter(([, get]) => cp.per_chain.some((c) => get(c) !== undefined));
  return {
    header: ['chain', 'draws', ...shown.map(([h]) => h)],
    rows: cp.per_chain.map((c) => [String(c.chain), String(c.draws), ...shown.map(([, get]) => f(get(c)))]),
  };
}

import { writeFileAtomicSync } from '../../runtime/atomic.js';
import { compareResults, readRunResults, type Comparison, type FitColumn } from '../../runtime/compare.js';
import { table } from '../../runtime/report/table.js';

export function compareCommand(a: string, b: string, opts: { out?: string; json?: boolean }): number {
  const c = compareResults(readRunResults(a), readRunResults(b));
  if (opts.out) writeFileAtomicSync(opts.out, JSON.stringify(c) + '\n');
  process.stdout.write(opts.json ? JSON.stringify(c) + '\n' : formatComparison(c));
  return 0;
}

const f = (x: number | undefined, digits = 4) =>
  x === undefined || x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);

export function formatComparison(c: Comparison): string {
  const rows: [string, (x: FitColumn) => number | undefined][] = [
    ['weighted F1 at 0.5', (x) => x.f1_at_0_5],
    ["weighted F1 at the run's threshold", (x) => x.f1_weighted],
    ['accuracy', (x) => x.accuracy],
    ['ROC AUC', (x) => x.auc],
    ['log loss (NLL)', (x) => x.nll],
    ['Brier', (x) => x.brier],
    ['ECE', (x) => x.ece],
    ['RMSE', (x) => x.rmse],
    ['coverage of the 95% predictive interval', (x) => x.coverage95],
    ['mean sd of the score', (x) => x.mean_sd],
  ];
  const shown = rows.filter(([, get]) => get(c.a) !== undefined || get(c.b) !== undefined);
  const p = c.per_case;
  return [
    `Comparing two fits on '${c.set}' (${c.cases} cases):`,
    `  a: ${c.a.file} (${c.a.model}, ${c.a.method}, ${c.a.draws} draws)`,
    `  b: ${c.b.file} (${c.b.model}, ${c.b.method}, ${c.b.draws} draws)`,
    '',
    table(
      ['', 'a', 'b'],
      shown.map(([name, get]) => [name, f(get(c.a)), f(get(c.b))]),
    ),
    '',
    `Per case: mean |a − b| of the mean score ${f(p.mean_abs_diff)} (largest ${f(p.max_abs_diff)}), correlation ${f(p.correlation)}; sd of a over sd of b ${f(p.sd_ratio, 2)} on average` +
      (p.disagree_at_0_5 !== undefined ? `; ${p.disagree_at_0_5} cases on different sides of 0.5` : '') +
      '.',
    '',
  ].join('\n');
}

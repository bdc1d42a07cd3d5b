// The table of `restarts K`, printed by `bnnc run` and shown in report.html: one row per
// restart, then the min / median / max of each score over them and the kept fit's scores.
import type { FitScores, RestartResults } from '../results.js';

const SCORES: [string, keyof FitScores][] = [
  ['weighted F1', 'f1_weighted'],
  ['ROC AUC', 'auc'],
  ['accuracy', 'accuracy'],
  ['NLL', 'nll'],
  ['RMSE', 'rmse'],
  ['coverage 95%', 'coverage95'],
  ['mean sd', 'mean_sd'],
];

export function restartTableData(
  r: RestartResults,
  f: (x: number | undefined, digits?: number) => string,
): { title: string; header: string[]; rows: string[][] } {
  const shown = SCORES.filter(([, k]) => r.per_restart.some((p) => p[k] !== undefined));
  const spread = (which: 'min' | 'median' | 'max') => [
    which,
    '',
    '',
    ...shown.map(([, k]) => f(r.spread?.[k]?.[which])),
  ];
  const kept =
    r.keep === 'ensemble' ? `the ensemble of all ${r.per_restart.length}` : `restart ${r.best}, the highest final ELBO`;
  return {
    title: `${r.per_restart.length} restarts from seeds derived from the model's seed; kept: ${kept}`,
    header: ['restart', 'final ELBO', 'PSIS k̂', ...shown.map(([h]) => h)],
    rows: [
      ...r.per_restart.map((p) => [
        String(p.restart) + (p.restart === r.best ? ' (best)' : ''),
        f(p.final_elbo, 2),
        f(p.psis_khat, 2),
        ...shown.map(([, k]) => f(p[k])),
      ]),
      ...(r.spread ? [spread('min'), spread('median'), spread('max')] : []),
      ...(r.kept
        ? [[r.keep === 'ensemble' ? 'ensemble' : 'kept', '', '', ...shown.map(([, k]) => f(r.kept?.[k]))]]
        : []),
    ],
  };
}

// The report's tables as HTML: the same numbers `bnnc run` prints (text.ts), for reading beside the figures.
import type { IRModel } from '../../compiler/ir.js';
import type { RunResults } from '../results.js';
import { classNames, formatNumber as f, type ReportInput } from './input.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The first column is a row header; the others are numbers, right-aligned by the style sheet. */
function htmlTable(caption: string, header: string[], rows: string[][]): string {
  const head = `<tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr><th scope="row">${escapeHtml(r[0])}</th>${r.slice(1).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Two columns, a name and its value as text: no header, values left-aligned. */
function keyValueTable(caption: string, rows: string[][]): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  return `<table class="key-value">\n<caption>${escapeHtml(caption)}</caption>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function summaryTable(r: RunResults): string | null {
  const rows: string[][] = [];
  if (r.threshold !== undefined) {
    rows.push(['threshold', `${f(r.threshold, 2)} (${r.threshold_rule ?? ''})`]);
    rows.push(['weighted F1 at the threshold', f(r.f1_weighted)], ['weighted F1 at 0.5', f(r.f1_at_0_5)]);
    rows.push(['accuracy', f(r.accuracy)], ['ROC AUC', f(r.auc)]);
  } else if (r.accuracy !== undefined) {
    rows.push(['accuracy', f(r.accuracy)], ['weighted F1', f(r.f1_weighted)]);
  }
  if (r.nll !== undefined) {
    rows.push(['log loss (NLL)', f(r.nll)], ['Brier score', f(r.brier)], ['expected calibration error (ECE)', f(r.ece)]);
  }
  if (r.regression) {
    const g = r.regression;
    rows.push(['RMSE', f(g.rmse)], ['MAE', f(g.mae)], ['R²', f(g.r2)], ['coverage of the 95% predictive interval', f(g.coverage95, 3)], ['coverage of the 95% interval of the mean', f(g.coverage95_mean, 3)]);
  }
  return rows.length ? keyValueTable(`Scores on '${r.evaluate?.set ?? ''}'`, rows) : null;
}

export function confusionTable(input: ReportInput): string | null {
  const c = input.results.confusion;
  if (!c) return null;
  const names = classNames(input);
  const matrix = 'tp' in c ? [[c.tn, c.fp], [c.fn, c.tp]] : c.matrix;
  return htmlTable(
    'Confusion matrix (rows: true class, columns: predicted class)',
    ['', ...matrix.map((_, j) => `predicted ${names[j] ?? j}`)],
    matrix.map((row, i) => [`true ${names[i] ?? i}`, ...row.map(String)]),
  );
}

export function classificationTable(input: ReportInput): string | null {
  const rep = input.results.classification;
  if (!rep) return null;
  const names = classNames(input);
  const row = (name: string, s: { precision: number; recall: number; f1: number; support: number }) => [name, f(s.precision), f(s.recall), f(s.f1), String(s.support)];
  return htmlTable('Classification report', ['', 'precision', 'recall', 'F1', 'support'], [
    ...rep.classes.map((s, k) => row(names[k] ?? String(k), s)),
    ['accuracy', '', '', f(rep.accuracy), String(rep.weighted.support)],
    row('macro average', rep.macro),
    row('weighted average', rep.weighted),
  ]);
}

export function uncertaintyTable(input: ReportInput): string | null {
  const u = input.results.uncertainty;
  if (!u) return null;
  const what = input.ir.data.target.kind === 'categorical' ? 'probability of the predicted class' : input.ir.data.target.kind === 'real' || input.ir.data.target.kind === 'count' ? 'prediction' : 'score';
  const rows = [['mean', f(u.mean_sd)], ['median', f(u.median_sd)], ['maximum', f(u.max_sd)]];
  const names = classNames(input);
  u.mean_sd_by_class?.forEach((s, k) => rows.push([`mean, true ${names[k] ?? k}`, f(s)]));
  return htmlTable(`Uncertainty: sd of each case’s ${what} over posterior draws`, ['', 'sd'], rows);
}

export function entropyTable(input: ReportInput): string | null {
  const u = input.results.predictive_uncertainty;
  if (!u) return null;
  const c = u.by_correctness;
  return htmlTable('Entropy of the prediction (nats): total = aleatoric + epistemic', ['cases', 'number', 'total', 'aleatoric', 'epistemic'], [
    ['all', String(c.correct.cases + c.misclassified.cases), f(u.mean.total), f(u.mean.aleatoric), f(u.mean.epistemic)],
    ['correct', String(c.correct.cases), f(c.correct.total), '', f(c.correct.epistemic)],
    ['misclassified', String(c.misclassified.cases), f(c.misclassified.total), '', f(c.misclassified.epistemic)],
    ['ROC AUC for finding the misclassified', '', f(c.auc_total, 3), '', f(c.auc_epistemic, 3)],
  ]);
}

export function importanceTable(input: ReportInput): string | null {
  const imp = input.results.importance;
  if (!imp) return null;
  const names = classNames(input);
  const k = Math.max(0, ...imp.features.map((c) => c.byClass.length));
  const header = ['input', 'drop in weighted F1', 'sd', ...names.slice(0, k).flatMap((n) => [`drop, ${n}`, 'sd'])];
  const rows = [...imp.features]
    .sort((a, b) => b.drop.mean - a.drop.mean)
    .map((c) => [c.column, f(c.drop.mean), f(c.drop.sd), ...c.byClass.flatMap((m) => [f(m.mean), f(m.sd)])]);
  return htmlTable(`Permutation importance (mean and sd over ${imp.draws} draws, ${imp.repeats} shuffles each)`, header, rows);
}

export function settingsTable(ir: IRModel, r: RunResults): string {
  const i = ir.infer;
  const rows: string[][] = [
    ['inference', `${i.method === 'vi' ? 'variational inference' : i.method}, ${i.guide === 'meanfield' ? 'mean-field' : i.guide} guide`],
    ['optimizer', `Adam, learning rate ${i.optimizer.lr}, decay ${i.optimizer.decay} per step`],
    ['steps', String(i.steps)],
    ['Monte-Carlo samples per step', String(i.samples)],
    ['minibatch', i.batch === null ? 'full batch' : String(i.batch)],
    ['seed', String(i.seed)],
    ['backend', r.backend],
    ['fit', r.fit ? `${r.fit.steps} steps in ${r.fit.seconds.toFixed(1)} s, final ELBO ${r.fit.final_elbo.toFixed(2)} nats` : 'loaded from a saved posterior'],
  ];
  if (r.evaluate) rows.push(['evaluated on', `'${r.evaluate.set}': ${r.evaluate.cases} cases, ${r.evaluate.draws} posterior draws`]);
  rows.push(['source SHA-256', ir.sourceHash]);
  return keyValueTable('Settings', rows);
}

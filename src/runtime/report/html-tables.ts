// The report's tables as HTML: the same numbers `bnnc run` prints (text.ts), for reading beside the figures.
import type { IRModel } from '../../compiler/ir.js';
import { chainPredictiveTableData } from './chain-columns.js';
import { restartTableData } from './restart-columns.js';
import { setsOf, setTableData } from './set-columns.js';
import type { RunResults } from '../results.js';
import { classNames, formatNumber as f, type ReportInput } from './input.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The first column is a row header; the others are numbers, right-aligned by the style sheet. */
function htmlTable(caption: string, header: string[], rows: string[][]): string {
  const head = `<tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r[0])}</th>${r
          .slice(1)
          .map((c) => `<td>${escapeHtml(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Two columns, a name and its value as text: no header, values left-aligned. */
function keyValueTable(caption: string, rows: string[][]): string {
  const body = rows
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('\n');
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
    rows.push(
      ['log loss (NLL)', f(r.nll)],
      ['Brier score', f(r.brier)],
      ['expected calibration error (ECE)', f(r.ece)],
    );
  }
  if (r.regression) {
    const g = r.regression;
    rows.push(
      ['RMSE', f(g.rmse)],
      ['MAE', f(g.mae)],
      ['R²', f(g.r2)],
      ['coverage of the 95% predictive interval', f(g.coverage95, 3)],
      ['coverage of the 95% interval of the mean', f(g.coverage95_mean, 3)],
    );
  }
  return rows.length ? keyValueTable(`Scores on '${r.evaluate?.set ?? ''}'`, rows) : null;
}

/** The evaluated sets side by side, when there are several (the figures are the headline set's). */
export function setsTable(r: RunResults): string | null {
  if (setsOf(r).length < 2) return null;
  const t = setTableData(r, f);
  return htmlTable(t.title, t.header, t.rows);
}

export function confusionTable(input: ReportInput): string | null {
  const c = input.results.confusion;
  if (!c) return null;
  const names = classNames(input);
  const matrix =
    'tp' in c
      ? [
          [c.tn, c.fp],
          [c.fn, c.tp],
        ]
      : c.matrix;
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
  const row = (name: string, s: { precision: number; recall: number; f1: number; support: number }) => [
    name,
    f(s.precision),
    f(s.recall),
    f(s.f1),
    String(s.support),
  ];
  return htmlTable(
    'Classification report',
    ['', 'precision', 'recall', 'F1', 'support'],
    [
      ...rep.classes.map((s, k) => row(names[k] ?? String(k), s)),
      ['accuracy', '', '', f(rep.accuracy), String(rep.weighted.support)],
      row('macro average', rep.macro),
      row('weighted average', rep.weighted),
    ],
  );
}

export function uncertaintyTable(input: ReportInput): string | null {
  const u = input.results.uncertainty;
  if (!u) return null;
  const what =
    input.ir.data.target.kind === 'categorical'
      ? 'probability of the predicted class'
      : input.ir.data.target.kind === 'real' || input.ir.data.target.kind === 'count'
        ? 'prediction'
        : 'score';
  const rows = [
    ['mean', f(u.mean_sd)],
    ['median', f(u.median_sd)],
    ['maximum', f(u.max_sd)],
  ];
  const names = classNames(input);
  u.mean_sd_by_class?.forEach((s, k) => rows.push([`mean, true ${names[k] ?? k}`, f(s)]));
  return htmlTable(`Uncertainty: sd of each case’s ${what} over posterior draws`, ['', 'sd'], rows);
}

export function entropyTable(input: ReportInput): string | null {
  const u = input.results.predictive_uncertainty;
  if (!u) return null;
  const c = u.by_correctness;
  return htmlTable(
    'Entropy of the prediction (nats): total = aleatoric + epistemic',
    ['cases', 'number', 'total', 'aleatoric', 'epistemic'],
    [
      [
        'all',
        String(c.correct.cases + c.misclassified.cases),
        f(u.mean.total),
        f(u.mean.aleatoric),
        f(u.mean.epistemic),
      ],
      ['correct', String(c.correct.cases), f(c.correct.total), '', f(c.correct.epistemic)],
      ['misclassified', String(c.misclassified.cases), f(c.misclassified.total), '', f(c.misclassified.epistemic)],
      ['ROC AUC for finding the misclassified', '', f(c.auc_total, 3), '', f(c.auc_epistemic, 3)],
    ],
  );
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
  return htmlTable(
    `Permutation importance (mean and sd over ${imp.draws} draws, ${imp.repeats} shuffles each)`,
    header,
    rows,
  );
}

export function restartsTable(r: RunResults): string {
  if (r.fit?.method !== 'vi' || !r.fit.restarts) return '';
  const t = restartTableData(r.fit.restarts, f);
  return htmlTable(t.title, t.header, t.rows);
}

export function settingsTable(ir: IRModel, r: RunResults): string {
  const rows: string[][] = [...methodRows(ir.infer), ['backend', r.backend], ['fit', fitRow(r)]];
  const d = r.fit?.method === 'vi' ? r.fit.diagnostics : undefined;
  if (d)
    rows.push([
      'PSIS k̂ of the guide',
      `${Number.isFinite(d.psis_khat) ? d.psis_khat.toFixed(2) : String(d.psis_khat)} (${d.draws} draws; above 0.7 the guide is not a usable approximation of the posterior)`,
    ]);
  for (const s of setsOf(r))
    rows.push([
      'evaluated on',
      `'${s.set}': ${s.cases} cases, ${s.draws} posterior draws${s.set === r.evaluate?.set && setsOf(r).length > 1 ? ' (the headline set)' : ''}`,
    ]);
  for (const x of r.fits ?? [])
    rows.push([
      x.role === 'final' ? 'final fit on' : 'threshold fit on',
      `${x.sets.map((n) => `'${n}'`).join(' and ')}: ${x.rows} rows${x.fitted_rows !== x.rows ? ` (${x.fitted_rows} after balancing)` : ''}`,
    ]);
  rows.push(['source SHA-256', ir.sourceHash]);
  return keyValueTable('Settings', rows);
}

function methodRows(i: IRModel['infer']): string[][] {
  const optimizer = (o: { lr: number; decay: number }) => `Adam, learning rate ${o.lr}, decay ${o.decay} per step`;
  const batch = (b: number | null) => (b === null ? 'full batch' : String(b));
  switch (i.method) {
    case 'vi':
      return [
        ['inference', 'variational inference, mean-field guide'],
        ['optimizer', optimizer(i.optimizer)],
        ['steps', String(i.steps)],
        ['Monte-Carlo samples per step', String(i.samples)],
        ['minibatch', batch(i.batch)],
        ['seed', String(i.seed)],
        ...(i.restarts > 1 ? [['restarts', `${i.restarts}, keep ${i.keep}`]] : []),
      ];
    case 'map':
      return [
        ['inference', 'the posterior mode (MAP)'],
        ['optimizer', optimizer(i.optimizer)],
        ['steps', String(i.steps)],
        ['minibatch', batch(i.batch)],
        ['seed', String(i.seed)],
      ];
    case 'nuts':
      return [
        ['inference', 'NUTS (the no-U-turn sampler) with a diagonal metric adapted in warmup'],
        ['chains', String(i.chains)],
        ['warmup iterations per chain', String(i.warmup)],
        ['sampling iterations per chain', String(i.draws)],
        ['maximum tree depth', String(i.maxDepth)],
        ['target acceptance', String(i.targetAccept)],
        ['draws kept', i.thin === 1 ? 'all' : `every ${i.thin}th`],
        ['seed', String(i.seed)],
      ];
  }
}

function fitRow(r: RunResults): string {
  const fit = r.fit;
  if (!fit) return 'loaded from a saved posterior';
  if (fit.method === 'vi')
    return `${fit.steps} steps in ${fit.seconds.toFixed(1)} s, final ELBO ${fit.final_elbo.toFixed(2)} nats`;
  if (fit.method === 'map')
    return `${fit.steps} steps in ${fit.seconds.toFixed(1)} s, log density at the mode ${fit.log_density.toFixed(2)} nats`;
  const d = fit.diagnostics;
  return `${fit.seconds.toFixed(1)} s; ${d.divergences} divergent, ${d.max_depth_hits} at the maximum depth, smallest E-BFMI ${d.ebfmi_min.toFixed(2)}`;
}

const n4 = (x: number | undefined, digits = 4) =>
  x === undefined || x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);

/** NUTS: each chain's sampler statistics. */
export function chainsTable(r: RunResults): string | null {
  const fit = r.fit;
  if (fit?.method !== 'nuts') return null;
  return htmlTable(
    'The chains',
    ['chain', 'step size', 'mean tree depth', `at depth ${fit.max_depth}`, 'divergent', 'E-BFMI', 'seconds'],
    fit.per_chain.map((c) => [
      String(c.chain),
      c.step_size.toPrecision(3),
      n4(c.mean_tree_depth, 2),
      String(c.max_depth_hits),
      String(c.divergences),
      n4(c.ebfmi, 2),
      n4(c.seconds.warmup + c.seconds.sampling, 1),
    ]),
  );
}

/** NUTS: R-hat and ESS of the parameters and of the scores, summarized. */
export function mixingTable(r: RunResults): string | null {
  const fit = r.fit;
  if (fit?.method !== 'nuts' || fit.chains < 2) return null;
  const row = (name: string, m: NonNullable<typeof fit.diagnostics.scores>) => [
    name,
    `${n4(m.rhat_max, 3)} (${m.rhat_worst})`,
    `${m.rhat_over_1_01} of ${m.count}`,
    String(Math.round(m.ess_bulk_min)),
    String(Math.round(m.ess_tail_min)),
  ];
  const d = fit.diagnostics;
  return htmlTable(
    'Mixing across chains',
    ['', 'worst R-hat', 'R-hat above 1.01', 'smallest bulk ESS', 'smallest tail ESS'],
    [row('parameters', d.params), ...(d.scores ? [row("evaluated cases' scores", d.scores)] : [])],
  );
}

/** Each chain's own predictive scores. */
export function chainPredictiveTable(r: RunResults): string | null {
  const cp = r.chain_predictive;
  if (!cp) return null;
  const t = chainPredictiveTableData(cp, (x) => n4(x));
  return htmlTable('Each chain on its own', t.header, t.rows);
}

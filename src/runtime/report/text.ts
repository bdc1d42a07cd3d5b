// The tables `bnnc run` prints: what a reader of the paper expects to see.
import type { ClassificationReport } from '../metrics/classification.js';
import type { PredictiveUncertainty } from '../metrics/uncertainty.js';
import type { ImportanceResult } from '../metrics/importance.js';
import type { RunResults, SetResults } from '../results.js';
import { protocolSentence, setsOf, setTableData } from './set-columns.js';
import { chainPredictiveLines, fitLines } from './fit-text.js';
import { table } from './table.js';
import { restartTableData } from './restart-columns.js';

export { table };
import type { VIHealth } from '../vi/health.js';

const f = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));

function classificationTable(r: ClassificationReport, labels: string[]): string {
  const row = (name: string, s: { precision: number; recall: number; f1: number; support: number }) => [
    name,
    f(s.precision),
    f(s.recall),
    f(s.f1),
    String(s.support),
  ];
  return table(
    ['', 'precision', 'recall', 'f1-score', 'support'],
    [
      ...r.classes.map((c, i) => row(labels[i] ?? String(i), c)),
      ['accuracy', '', '', f(r.accuracy), String(r.weighted.support)],
      row('macro avg', r.macro),
      row('weighted avg', r.weighted),
    ],
  );
}

function entropyLines(u: PredictiveUncertainty): string[] {
  const c = u.by_correctness;
  const r = u.rejection;
  const at = [0, 0.1, 0.2, 0.5].map((q) => r.fraction.findIndex((x) => Math.abs(x - q) < 1e-9)).filter((i) => i >= 0);
  return [
    `Entropy of the prediction (nats, mean over cases): total ${f(u.mean.total)} = aleatoric ${f(u.mean.aleatoric)} + epistemic ${f(u.mean.epistemic)}`,
    `  correct (${c.correct.cases}): total ${f(c.correct.total)}, epistemic ${f(c.correct.epistemic)}; misclassified (${c.misclassified.cases}): total ${f(c.misclassified.total)}, epistemic ${f(c.misclassified.epistemic)}`,
    `  ROC AUC of the entropy for finding the misclassified: total ${f(c.auc_total, 3)}, epistemic ${f(c.auc_epistemic, 3)}`,
    `  accuracy with the most uncertain (total entropy) set aside: ${at.map((i) => `${Math.round(r.fraction[i] * 100)}% ${f(r.by_total[i])}`).join(', ')}`,
  ];
}

export function fitDiagnosticsLines(d: VIHealth): string[] {
  const k = d.psis_khat;
  const verdict = !(k <= 0.7)
    ? 'above 0.7: the guide is not a usable approximation of the posterior'
    : k > 0.5
      ? '0.5–0.7: usable with care'
      : 'below 0.5: the guide is close to the posterior';
  const units = d.units_at_prior.map((u) => `${u.name} ${u.at_prior} of ${u.units}`).join(', ');
  return [
    `Fit diagnostics (${d.draws} draws of the guide, ${d.seconds.toFixed(1)} s):`,
    `  PSIS k̂ ${Number.isFinite(k) ? k.toFixed(2) : String(k)} (${verdict})`,
    `  ELBO ${d.final_elbo.toFixed(2)} ± ${d.final_elbo_se.toFixed(2)} (Monte-Carlo se); flat over the last 10% of the steps: ${d.elbo_flat ? 'yes' : `no (changed by ${d.elbo_last_change.change.toFixed(2)} ± ${d.elbo_last_change.se.toFixed(2)})`}`,
    ...(units ? [`  hidden units whose weights stayed at their prior: ${units}`] : []),
  ];
}

/** One evaluated set's scores and answers, as printed. */
function setLines(res: SetResults): string[] {
  const out: string[] = [];
  if (res.threshold !== undefined) {
    const optimistic = res.threshold_tuned_on_evaluated_set ? ', chosen on this set itself: optimistic' : '';
    out.push(
      `Threshold ${f(res.threshold, 2)} (${res.threshold_rule}${optimistic}): weighted F1 ${f(res.f1_weighted)} (at 0.5: ${f(res.f1_at_0_5)}), accuracy ${f(res.accuracy)}, ROC AUC ${f(res.auc)}`,
    );
  } else if (res.accuracy !== undefined) {
    out.push(`Accuracy ${f(res.accuracy)}, weighted F1 ${f(res.f1_weighted)}`);
  }
  if (res.nll !== undefined) {
    out.push(
      `Probabilities: log loss (NLL) ${f(res.nll)}, Brier ${f(res.brier)}, ECE ${f(res.ece)} (10 bins of ${res.threshold !== undefined ? 'P(y = 1)' : "the predicted class's probability"})`,
    );
  }
  if (res.regression) {
    const r = res.regression;
    out.push(
      `RMSE ${f(r.rmse)}, MAE ${f(r.mae)}, R² ${f(r.r2)}, coverage of the 95% predictive interval ${f(r.coverage95, 3)} (of the 95% interval of the mean ${f(r.coverage95_mean, 3)})`,
    );
  }
  if (res.confusion) {
    out.push('', 'Confusion matrix (rows: true class, columns: predicted)');
    if ('tp' in res.confusion) {
      const c = res.confusion;
      out.push(
        table(
          ['', 'pred 0', 'pred 1'],
          [
            ['true 0', String(c.tn), String(c.fp)],
            ['true 1', String(c.fn), String(c.tp)],
          ],
        ),
      );
    } else {
      const m = res.confusion.matrix;
      out.push(
        table(
          ['', ...m.map((_, j) => `pred ${j}`)],
          m.map((row, i) => [`true ${i}`, ...row.map(String)]),
        ),
      );
    }
  }
  if (res.classification)
    out.push(
      '',
      'Classification report',
      classificationTable(
        res.classification,
        res.classification.classes.map((_, i) => String(i)),
      ),
    );
  if (res.uncertainty) {
    const u = res.uncertainty;
    out.push(
      '',
      `Uncertainty of the score over draws: mean sd ${f(u.mean_sd)}, median ${f(u.median_sd)}, max ${f(u.max_sd)}`,
    );
    if (u.mean_sd_by_class)
      out.push(`  mean sd by true class: ${u.mean_sd_by_class.map((s, k) => `${k}: ${f(s)}`).join(', ')}`);
  }
  return out;
}

function importanceLines(imp: ImportanceResult): string[] {
  const k = imp.baseline.byClass.length;
  const header = ['input', 'drop', 'sd', ...Array.from({ length: k }, (_, c) => [`class ${c}`, 'sd']).flat()];
  const rows = [...imp.features]
    .sort((a, b) => b.drop.mean - a.drop.mean)
    .map((c) => [c.column, f(c.drop.mean), f(c.drop.sd), ...c.byClass.flatMap((m) => [f(m.mean), f(m.sd)])]);
  return [
    '',
    `Permutation importance: drop in weighted F1 when one input is shuffled (mean ± sd over ${imp.draws} draws, ${imp.repeats} shuffles each)`,
    table(header, rows),
  ];
}

export function formatResults(res: RunResults, featureColumns: Record<string, string[]> = {}): string {
  const out: string[] = [];
  const ev = res.evaluate;
  out.push(...fitLines(res));
  if (res.fit?.method === 'vi' && res.fit.diagnostics) out.push(...fitDiagnosticsLines(res.fit.diagnostics));
  if (res.fit?.method === 'vi' && res.fit.restarts) {
    const t = restartTableData(res.fit.restarts, f);
    out.push(`${t.title}; scores on '${ev?.set ?? '-'}':`, table(t.header, t.rows));
  }
  if (!ev) return out.join('\n') + '\n';
  const protocol = protocolSentence(res);
  if (protocol) out.push(protocol, '');
  if (res.prior_shift) {
    const shares = (v: number[]) => v.map((x) => x.toFixed(3)).join(' / ');
    out.push(
      `Probabilities corrected for the prior shift: the fit saw class shares ${shares(res.prior_shift.fitted)}, the training set has ${shares(res.prior_shift.own)}.`,
      '',
    );
  }
  const sets = setsOf(res);
  sets.forEach((s, i) => {
    const headline = s.set === ev.set;
    if (i > 0) out.push('');
    const which = sets.length > 1 ? ` (set ${i + 1} of ${sets.length}${headline ? ', the headline' : ''})` : '';
    out.push(`Evaluation on '${s.set}'${which}: ${s.cases} cases, ${s.draws} posterior draws.`, '');
    out.push(...setLines(s));
    if (headline) {
      if (res.predictive_uncertainty) out.push('', ...entropyLines(res.predictive_uncertainty));
      out.push(...chainPredictiveLines(res));
    }
    if (s.importance) out.push(...importanceLines(s.importance));
  });
  if (sets.length > 1) {
    const t = setTableData(res, f);
    out.push('', `${t.title}:`, table(t.header, t.rows));
  }
  for (const [name, s] of Object.entries(res.weights ?? {})) {
    out.push('', `Posterior of ${name} [${s.shape.join(', ')}]: mean ± sd`);
    const [r, c] = s.shape.length === 2 ? s.shape : [1, s.shape[0] ?? 1];
    const rowNames =
      featureColumns[name]?.length === r ? featureColumns[name] : Array.from({ length: r }, (_, i) => String(i));
    const rows = Array.from({ length: r }, (_, i) => [
      rowNames[i],
      ...Array.from({ length: c }, (_, j) => `${s.mean[i * c + j].toFixed(2)}±${s.sd[i * c + j].toFixed(2)}`),
    ]);
    out.push(table(['', ...Array.from({ length: c }, (_, j) => String(j))], rows));
  }
  if (res.prior_posterior) {
    const names = Object.keys(res.prior_posterior);
    out.push('', `Prior and posterior samples of ${names.join(', ')} are in results.json (prior_posterior).`);
  }
  return out.join('\n') + '\n';
}

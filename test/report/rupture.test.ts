// The report of a real (short) fit of the reference model on the study's data: one SVG per
// figure the evaluate block asks for, each well-formed; report.html inlines them with the tables
// and the model source, and refers to nothing outside itself; --no-report writes none of it.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { brierScore, logLoss, reliability } from '../../src/runtime/metrics/calibration.js';
import { escapeHtml } from '../../src/runtime/report/html-tables.js';
import { formatResults } from '../../src/runtime/report/text.js';
import type { RunOutput } from '../../src/runtime/run.js';
import { expectIn, expectWellFormedSvg, RUPTURE_FIGURES, runShortRupture, shortRupture, svgNames } from './helpers.js';

describe('the report of models/rupture.bnn', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-report-'));
  let run: RunOutput;
  let html: string;
  const svg = (name: string) => readFileSync(path.join(outDir, 'figures', `${name}.svg`), 'utf8');

  beforeAll(async () => {
    run = await runShortRupture(outDir);
    html = readFileSync(path.join(outDir, 'report.html'), 'utf8');
  }, 120_000);

  it('writes one SVG for each figure its queries ask for, and report.html', () => {
    expect(svgNames(outDir)).toEqual(RUPTURE_FIGURES);
    expect(run.files.report).toBe(path.join(outDir, 'report.html'));
    expect(readdirSync(outDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('writes every SVG as well-formed XML', () => {
    for (const name of RUPTURE_FIGURES) expectWellFormedSvg(svg(name), name);
  });

  it('labels the axes with what they measure, and the weight rows with the input columns', () => {
    expectIn(svg('elbo'), '>step<');
    expectIn(svg('elbo'), '>nats<');
    expectIn(svg('scores_histogram'), 'posterior mean score (probability that label = 1)');
    expectIn(svg('roc'), 'false positive rate');
    expectIn(svg('reliability'), 'mean predicted P(y = 1) in the bin');
    expectIn(svg('accuracy_rejection'), 'fraction of the cases set aside, most uncertain first');
    for (const column of ['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc']) {
      expectIn(svg('weights_W0'), `>${column}<`);
      expectIn(svg('importance'), `>${column}<`);
    }
    expectIn(svg('weights_W0'), 'unit of h');
    expectIn(svg('weights_W1'), '>output<');
  });

  it('inlines every figure in report.html, with ids unique across them', () => {
    expect(html.match(/<svg\b/g)).toHaveLength(RUPTURE_FIGURES.length);
    for (const name of RUPTURE_FIGURES) expect(html.includes(svg(name)), name).toBe(true);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('needs nothing outside itself: no scripts, no links to load, no external resources', () => {
    // Matches are compared, not the page: a failure then prints the offending text alone.
    expect(html.match(/<script|<link|<iframe|<img|<object|<embed|@import/i)?.[0]).toBeUndefined();
    expect(html.match(/\s(src|xlink:href)=/i)?.[0]).toBeUndefined();
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]).filter((u) => !u.startsWith('#'))).toEqual([]);
    expect([...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('#'))).toEqual([]);
  });

  it('holds the tables with the run’s own numbers', () => {
    const r = run.results;
    const c = r.confusion as { tp: number; fp: number; fn: number; tn: number };
    expectIn(html, 'Confusion matrix');
    expectIn(html, `<th scope="row">true label = 0</th><td>${c.tn}</td><td>${c.fp}</td>`);
    expectIn(html, `<th scope="row">true label = 1</th><td>${c.fn}</td><td>${c.tp}</td>`);
    expectIn(html, `<th scope="row">ROC AUC</th><td>${r.auc!.toFixed(4)}</td>`);
    expectIn(html, `<td>${r.threshold!.toFixed(2)} (${escapeHtml(r.threshold_rule!)})</td>`);
    expectIn(html, `<th scope="row">weighted average</th><td>${r.classification!.weighted.precision.toFixed(4)}</td>`);
    expectIn(html, `<th scope="row">expected calibration error (ECE)</th><td>${r.ece!.toFixed(4)}</td>`);
    const top = [...r.importance!.features].sort((a, b) => b.drop.mean - a.drop.mean)[0];
    expectIn(html, `<th scope="row">${top.column}</th><td>${top.drop.mean.toFixed(4)}</td>`);
  });

  it('prints the scores of the probabilities, computed from the per-case mean scores', () => {
    const r = run.results;
    const { label, mean } = r.per_case!;
    expect(r.nll).toBe(logLoss(label, mean, 2));
    expect(r.brier).toBe(brierScore(label, mean, 2));
    expect(r.ece).toBe(reliability(label, mean, 2).ece);
    expect(r.reliability!.count.reduce((a, b) => a + b, 0)).toBe(400);
    expectIn(
      formatResults(r),
      `Probabilities: log loss (NLL) ${r.nll!.toFixed(4)}, Brier ${r.brier!.toFixed(4)}, ECE ${r.ece!.toFixed(4)} (10 bins of P(y = 1))`,
    );
  });

  it('splits each case’s entropy into aleatoric and epistemic parts, and measures their use', () => {
    const r = run.results;
    const u = r.predictive_uncertainty!;
    expect(u.per_case.total).toHaveLength(400);
    u.per_case.total.forEach((t, i) => expect(u.per_case.aleatoric[i] + u.per_case.epistemic[i]).toBeCloseTo(t, 12));
    expect(u.rejection.by_total[0]).toBe(r.accuracy);
    const c = u.by_correctness;
    expect(c.correct.cases).toBe(Math.round(r.accuracy! * 400));
    const text = formatResults(r);
    expectIn(
      text,
      `Entropy of the prediction (nats, mean over cases): total ${u.mean.total.toFixed(4)} = aleatoric ${u.mean.aleatoric.toFixed(4)} + epistemic ${u.mean.epistemic.toFixed(4)}`,
    );
    expectIn(text, `misclassified (${c.misclassified.cases}): total ${c.misclassified.total.toFixed(4)}`);
  });

  it('shows the model source, escaped, with its infer settings', () => {
    expect(html.includes(`<pre><code>${escapeHtml(shortRupture().text)}</code></pre>`)).toBe(true);
    expectIn(html, '<th scope="row">steps</th><td>300</td>');
    expectIn(html, 'Adam, learning rate 0.05, decay 0.999 per step');
    expectIn(html, '<th scope="row">seed</th><td>2018</td>');
  });

  it('writes no figures and no report.html with report: false (bnnc run --no-report)', async () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'bnnc-no-report-'));
    const out = await runShortRupture(bare, false);
    expect(out.files.report).toBeUndefined();
    expect(readdirSync(bare).sort()).toEqual(['bnnc-run.json', 'posterior.json', 'results.json']);
    expect(existsSync(path.join(bare, 'figures'))).toBe(false);
  }, 120_000);
});

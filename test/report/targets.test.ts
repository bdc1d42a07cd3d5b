// The report follows the target's kind and the queries asked: synthetic results for a
// categorical and a real target (no ROC, no F1 curve), a run from a saved posterior (no ELBO),
// and a model with no evaluate block.
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFigures } from '../../src/runtime/report/figures/index.js';
import type { ReportInput } from '../../src/runtime/report/input.js';
import { parameterAxes } from '../../src/runtime/report/parameter-axes.js';
import { writeReport } from '../../src/runtime/report/write.js';
import { categoricalInput, expectIn, expectWellFormedSvg, realInput, shortRupture, svgNames } from './helpers.js';

async function written(input: ReportInput): Promise<{ dir: string; html: string; svg: (name: string) => string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-report-target-'));
  const files = await writeReport(input, dir);
  for (const f of files.figures) expectWellFormedSvg(readFileSync(f, 'utf8'), f);
  return {
    dir,
    html: readFileSync(files.html, 'utf8'),
    svg: (name) => readFileSync(path.join(dir, 'figures', `${name}.svg`), 'utf8'),
  };
}

const names = (input: ReportInput) =>
  reportFigures(input)
    .map((f) => f.name)
    .sort();

describe('a categorical target', () => {
  it('gets the importance and uncertainty by class, the reliability diagram, the accuracy-rejection curve, and no ROC, F1 curve or score histogram', async () => {
    const { dir, html, svg } = await written(categoricalInput());
    const input = categoricalInput();
    expect(svgNames(dir)).toEqual([
      'accuracy_rejection',
      'elbo',
      'importance',
      'importance_by_class',
      'reliability',
      'uncertainty_by_class',
      'weights_W0',
    ]);
    expectIn(svg('accuracy_rejection'), 'epistemic (mutual information)');
    const c = input.results.predictive_uncertainty!.by_correctness;
    expectIn(
      html,
      `<th scope="row">misclassified</th><td>${c.misclassified.cases}</td><td>${c.misclassified.total.toFixed(4)}</td>`,
    );
    expectIn(svg('reliability'), 'mean probability of the predicted class in the bin');
    expectIn(html, `<th scope="row">expected calibration error (ECE)</th><td>${input.results.ece!.toFixed(4)}</td>`);
    for (const k of [0, 1, 2]) expectIn(svg('importance_by_class'), `>mode = ${k}<`);
    expectIn(html, '<th scope="col">predicted mode = 2</th>');
    expectIn(html, '<th scope="row">true mode = 1</th><td>4</td><td>22</td><td>4</td>');
    expectIn(html, '<th scope="row">mode = 2</th><td>0.8100</td>');
    for (const absent of ['ROC curve', '<th scope="row">ROC AUC</th>'])
      expect(html.includes(absent), absent).toBe(false);
  });
});

describe('a real target', () => {
  it('gets predictions against observations and the regression scores, and nothing about classes', async () => {
    const { dir, html, svg } = await written(realInput());
    expect(svgNames(dir)).toEqual([
      'elbo',
      'predicted_observed',
      'prior_posterior_noise',
      'scores_histogram',
      'scores_uncertainty',
      'weights_W0',
      'weights_W1',
    ]);
    expectIn(svg('predicted_observed'), 'observed slip');
    expectIn(svg('predicted_observed'), 'light bars: 95% predictive interval; dark bars: 95% interval of the mean');
    expectIn(html, '<th scope="row">coverage of the 95% predictive interval</th><td>0.930</td>');
    expectIn(html, '<th scope="row">coverage of the 95% interval of the mean</th><td>0.600</td>');
    expectIn(svg('scores_histogram'), 'posterior mean prediction of slip');
    expectIn(svg('weights_W0'), '>log_dc<');
    expectIn(html, '<th scope="row">RMSE</th><td>0.3000</td>');
    for (const absent of ['Confusion', 'ROC', 'true class', 'Importance'])
      expect(html.includes(absent), absent).toBe(false);
  });

  it('names the rows and columns of each weight matrix after what they connect', () => {
    const { ir } = realInput();
    expect(parameterAxes(ir, 'W0')).toEqual({ rows: 'input', columns: 'unit of h' });
    expect(parameterAxes(ir, 'W1')).toEqual({ rows: 'unit of h', columns: 'output' });
    expect(parameterAxes(shortRupture().ir, 'W1')).toEqual({ rows: 'unit of h', columns: 'output' });
  });
});

describe('what the results hold decides the figures', () => {
  it('draws no ELBO for a run evaluated from a saved posterior', async () => {
    const input = realInput();
    input.results.fit = null;
    expect(names(input)).not.toContain('elbo');
    const { html } = await written(input);
    expectIn(html, '<th scope="row">fit</th><td>loaded from a saved posterior</td>');
  });

  it('draws only the ELBO for a model with no evaluate block', async () => {
    const input = realInput();
    const { format, version, model, source_hash, model_hash, backend, seed, fit, seconds } = input.results;
    input.results = { format, version, model, source_hash, model_hash, backend, seed, fit, seconds, evaluate: null };
    expect(names(input)).toEqual(['elbo']);
    const { html } = await written(input);
    expect([...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual(['Fit', 'Model and settings']);
  });

  it('escapes the model source', async () => {
    const input = categoricalInput();
    input.sourceText = '// a <script>alert("x")</script> & more\nmodel m\n';
    const { html } = await written(input);
    expectIn(html, '// a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html.includes('<script')).toBe(false);
  });
});

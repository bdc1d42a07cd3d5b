// Report inputs for the tests: a short real fit of the reference model on the study's data, and
// small synthetic results for a categorical and a real target (made by hand, with their models
// lowered from docs/examples so the IR is the real thing).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { IRModel } from '../../src/compiler/ir.js';
import { lower } from '../../src/compiler/lower.js';
import { checkSource } from '../../src/lang/front-end.js';
import { argmaxClasses, predictiveUncertainty, probabilityScores } from '../../src/runtime/metrics/index.js';
import type { ReportInput } from '../../src/runtime/report/input.js';
import type { RunResults } from '../../src/runtime/results.js';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { studyDataPath } from '../study-data.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = { BNN_DATA_PATH: studyDataPath(), XDG_CACHE_HOME: '/nonexistent-bnnc-cache' };

export function compile(text: string, file: string): IRModel {
  const doc = checkSource(text, file);
  expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(doc.model!, text);
}

/** The reference model with 300 steps instead of 5000: the same figures in a few seconds. */
export function shortRupture(): { ir: IRModel; text: string; file: string } {
  const file = path.join(root, 'models/rupture.bnn');
  const text = readFileSync(file, 'utf8').replace('steps 5000', 'steps 300');
  return { ir: compile(text, file), text, file };
}

export async function runShortRupture(outDir: string, report = true): Promise<RunOutput> {
  const { ir, text, file } = shortRupture();
  return runModel(ir, { outDir, modelDir: path.dirname(file), env, backend: 'wasm', report, sourceText: text });
}

export const RUPTURE_FIGURES = [
  'accuracy_rejection',
  'elbo',
  'f1_threshold',
  'importance',
  'importance_by_class',
  'prior_posterior_W0',
  'prior_posterior_W1',
  'prior_posterior_b0',
  'prior_posterior_b1',
  'reliability',
  'roc',
  'scores_histogram',
  'scores_uncertainty',
  'weights_W0',
  'weights_W1',
];

export function svgNames(dir: string): string[] {
  return readdirSync(path.join(dir, 'figures'))
    .filter((f) => f.endsWith('.svg'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** toContain on a whole page prints the page on failure; this prints only what was missing. */
export function expectIn(text: string, part: string): void {
  expect(text.includes(part), `missing: ${part}`).toBe(true);
}

export function expectWellFormedSvg(svg: string, name: string): void {
  expect(XMLValidator.validate(svg), name).toBe(true);
  expect(svg.startsWith('<svg'), name).toBe(true);
  const size = /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  expect(Number(size?.[1]), name).toBeGreaterThan(100);
  expect(Number(size?.[2]), name).toBeGreaterThan(100);
}

function exampleModel(name: string, edit: (text: string) => string = (t) => t): { ir: IRModel; text: string } {
  const file = path.join(root, 'docs/examples', `${name}.bnn`);
  const text = edit(readFileSync(file, 'utf8'));
  return { ir: compile(text, file), text };
}

function elboTrace(steps: number, rng: Rng) {
  const step = Array.from({ length: 50 }, (_, i) => ((i + 1) * steps) / 50);
  const loglik = step.map((s) => -900 - 400 * Math.exp(-s / 300) + 10 * rng.normal());
  const kl = step.map((s) => 80 + 200 * Math.exp(-s / 200));
  return { step, loglik, kl, elbo: loglik.map((l, i) => l - kl[i]) };
}

function viSteps(ir: IRModel): number {
  if (ir.infer.method !== 'vi') throw new Error('the report examples are fitted with infer vi');
  return ir.infer.steps;
}

function baseResults(ir: IRModel, rng: Rng, cases: number): RunResults {
  const t = ir.data.target;
  return {
    format: 'bnnc-results',
    version: 1,
    model: ir.name,
    source_hash: ir.sourceHash,
    model_hash: ir.modelHash,
    backend: 'cpu',
    seed: ir.infer.seed,
    fit: { method: 'vi', steps: viSteps(ir), seconds: 2.5, final_elbo: -1000, elbo: elboTrace(viSteps(ir), rng) },
    evaluate: {
      set: 'test',
      cases,
      draws: 200,
      target: { name: t.name, kind: t.kind, ...(t.kind === 'categorical' ? { classes: t.classes } : {}) },
    },
    seconds: { load: 0.1, fit: 2.5, predict: 0.2, queries: 0.3, total: 3.1 },
  };
}

function weightSummary(shape: number[], rng: Rng) {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    shape,
    mean: Array.from({ length: size }, () => rng.normal()),
    sd: Array.from({ length: size }, () => 0.1 + Math.abs(rng.normal(0, 0.3))),
  };
}

/** docs/examples/categorical.bnn (3 classes), asked for the weights of W0 too. */
export function categoricalInput(): ReportInput {
  const { ir, text } = exampleModel('categorical', (t) =>
    t.replace('  importance permutation by class\n', '  importance permutation by class\n  weights W0\n'),
  );
  const rng = new Rng(3);
  const cls = (precision: number, recall: number, support: number) => ({
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    support,
  });
  const columns = ir.data.features[0].columns;
  // 90 cases, 30 per class, each given a probability 0.2–0.9 of its own class (below 1/3: misclassified).
  const label = Array.from({ length: 90 }, (_, i) => i % 3);
  const probs = label.flatMap((y) => {
    const own = 0.2 + 0.7 * rng.next();
    return [0, 1, 2].map((k) => (k === y ? own : (1 - own) / 2));
  });
  const { nll, brier, ece, reliability } = probabilityScores(label, probs, 3);
  // Two posterior draws that disagree a little about each case.
  const shifted = probs.map((p, j) => (j % 3 === 0 ? p + 0.05 : j % 3 === 1 ? p - 0.05 : p));
  const predictive_uncertainty = predictiveUncertainty([probs, shifted], label, argmaxClasses(probs, 90, 3), 3);
  const results: RunResults = {
    ...baseResults(ir, rng, 90),
    accuracy: 0.8,
    f1_weighted: 0.79,
    nll,
    brier,
    ece,
    reliability,
    predictive_uncertainty,
    confusion: {
      matrix: [
        [25, 3, 2],
        [4, 22, 4],
        [1, 4, 25],
      ],
    },
    classification: {
      classes: [cls(0.83, 0.83, 30), cls(0.76, 0.73, 30), cls(0.81, 0.83, 30)],
      accuracy: 0.8,
      macro: cls(0.8, 0.8, 90),
      weighted: cls(0.8, 0.8, 90),
    },
    uncertainty: { mean_sd: 0.08, median_sd: 0.07, max_sd: 0.2, mean_sd_by_class: [0.06, 0.1, 0.08] },
    importance: {
      draws: 100,
      repeats: 5,
      threshold: null,
      baseline: { f1: { mean: 0.8, sd: 0.02 }, byClass: [0, 1, 2].map(() => ({ mean: 0.8, sd: 0.02 })) },
      features: columns.map((column, j) => ({
        column,
        drop: { mean: 0.05 * j, sd: 0.01 },
        byClass: [0, 1, 2].map((k) => ({ mean: 0.02 * (j + k), sd: 0.01 })),
      })),
    },
    weights: { W0: weightSummary([8, 12], rng) },
  };
  return { results, ir, rowLabels: { W0: columns }, sourceText: text };
}

/** docs/examples/regression.bnn: a real target, weights of W0 and W1, prior and posterior of noise. */
export function realInput(): ReportInput {
  const { ir, text } = exampleModel('regression');
  const rng = new Rng(4);
  const n = 60;
  const label = Array.from({ length: n }, () => 2 + rng.normal());
  const mean = label.map((y) => y + rng.normal(0, 0.3));
  const sd = mean.map(() => 0.2 + Math.abs(rng.normal(0, 0.1)));
  const results: RunResults = {
    ...baseResults(ir, rng, n),
    regression: { rmse: 0.3, mae: 0.24, r2: 0.91, coverage95: 0.93, coverage95_mean: 0.6 },
    per_case: {
      label,
      mean,
      sd,
      lo: mean.map((m, i) => m - 2 * sd[i]),
      hi: mean.map((m, i) => m + 2 * sd[i]),
      predictive_lo: mean.map((m, i) => m - 2 * Math.hypot(sd[i], 0.3)),
      predictive_hi: mean.map((m, i) => m + 2 * Math.hypot(sd[i], 0.3)),
    },
    uncertainty: { mean_sd: 0.25, median_sd: 0.24, max_sd: 0.45 },
    weights: { W0: weightSummary([8, 12], rng), W1: weightSummary([12, 1], rng) },
    prior_posterior: {
      noise: {
        prior: Array.from({ length: 500 }, () => Math.abs(rng.normal())),
        posterior: Array.from({ length: 500 }, () => 0.3 + rng.normal(0, 0.02)),
      },
    },
  };
  return { results, ir, rowLabels: { W0: ir.data.features[0].columns }, sourceText: text };
}

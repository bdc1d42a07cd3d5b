// Two fits of the same cases side by side (VI against NUTS, one seed against another): each one's
// scores, and how far apart their per-case predictions are. Reads two results.json.
//
//   readRunResults(pathOrFolder) -> { file, results }      throws CompareError for a user's mistake
//   compareResults(a, b) -> Comparison                      throws CompareError when the cases differ

import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RunResults } from './results.js';
import { R, RunError } from '../lang/diagnostics/run-messages.js';

export class CompareError extends RunError {}

export interface FitColumn {
  file: string;
  model: string;
  method: string;
  draws: number;
  f1_at_0_5?: number;
  f1_weighted?: number;
  accuracy?: number;
  auc?: number;
  nll?: number;
  brier?: number;
  ece?: number;
  rmse?: number;
  coverage95?: number;
  mean_sd: number;
}

export interface Comparison {
  format: 'bnnc-comparison';
  set: string;
  cases: number;
  a: FitColumn;
  b: FitColumn;
  per_case: {
    /** Mean and largest |mean_a − mean_b| over cases. */
    mean_abs_diff: number;
    max_abs_diff: number;
    /** Pearson correlation of the two per-case means. */
    correlation: number;
    /** Mean over cases of sd_a / sd_b (cases where sd_b > 0). */
    sd_ratio: number;
    /** Binary targets: cases on different sides of 0.5. */
    disagree_at_0_5?: number;
    /** Each case: label, a's and b's mean and sd. */
    label: number[];
    mean_a: number[];
    sd_a: number[];
    mean_b: number[];
    sd_b: number[];
  };
}

export function readRunResults(where: string): { file: string; results: RunResults } {
  let file = where;
  try {
    if (statSync(where).isDirectory()) file = path.join(where, 'results.json');
  } catch {
    throw new CompareError(R.resultsMissing(where));
  }
  let r: RunResults;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CompareError(code === 'ENOENT' ? R.resultsFileMissing(file) : R.resultsNotJson(file));
  }
  if (!r || r.format !== 'bnnc-results') throw new CompareError(R.notResults(file));
  if (
    !r.evaluate ||
    !r.per_case ||
    !Array.isArray(r.per_case.mean) ||
    !Array.isArray(r.per_case.sd) ||
    !Array.isArray(r.per_case.label)
  ) {
    throw new CompareError(R.noPerCase(file));
  }
  return { file, results: r };
}

export function compareResults(
  a: { file: string; results: RunResults },
  b: { file: string; results: RunResults },
): Comparison {
  const ra = a.results;
  const rb = b.results;
  const pa = ra.per_case!;
  const pb = rb.per_case!;
  if (
    ra.evaluate!.set !== rb.evaluate!.set ||
    pa.label.length !== pb.label.length ||
    pa.label.some((y, i) => y !== pb.label[i])
  ) {
    throw new CompareError(
      R.differentCases(a.file, ra.evaluate!.set, pa.label.length, b.file, rb.evaluate!.set, pb.label.length),
    );
  }
  const n = pa.mean.length;
  let sumAbs = 0;
  let maxAbs = 0;
  let ratio = 0;
  let ratioN = 0;
  let disagree = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(pa.mean[i] - pb.mean[i]);
    sumAbs += d;
    maxAbs = Math.max(maxAbs, d);
    if (pb.sd[i] > 0) {
      ratio += pa.sd[i] / pb.sd[i];
      ratioN++;
    }
    if (pa.mean[i] >= 0.5 !== pb.mean[i] >= 0.5) disagree++;
  }
  const binary = ra.evaluate!.target.kind === 'binary';
  return {
    format: 'bnnc-comparison',
    set: ra.evaluate!.set,
    cases: n,
    a: column(a.file, ra),
    b: column(b.file, rb),
    per_case: {
      mean_abs_diff: n ? sumAbs / n : NaN,
      max_abs_diff: maxAbs,
      correlation: correlation(pa.mean, pb.mean),
      sd_ratio: ratioN ? ratio / ratioN : NaN,
      ...(binary ? { disagree_at_0_5: disagree } : {}),
      label: pa.label,
      mean_a: pa.mean,
      sd_a: pa.sd,
      mean_b: pb.mean,
      sd_b: pb.sd,
    },
  };
}

function column(file: string, r: RunResults): FitColumn {
  const sd = r.per_case!.sd;
  return {
    file,
    model: r.model,
    method: r.fit?.method ?? 'saved posterior',
    draws: r.evaluate!.draws,
    f1_at_0_5: r.f1_at_0_5,
    f1_weighted: r.f1_weighted,
    accuracy: r.accuracy,
    auc: r.auc,
    nll: r.nll,
    brier: r.brier,
    ece: r.ece,
    rmse: r.regression?.rmse,
    coverage95: r.regression?.coverage95,
    mean_sd: sd.reduce((s, x) => s + x, 0) / Math.max(1, sd.length),
  };
}

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

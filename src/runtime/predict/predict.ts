// Predictions of a saved fit for new cases (`bnnc predict`).
//
//   predict(ir, { posteriorFile, inputFile, backend? }) → Predictions
//       reads posterior.json (refusing one made by another model), reads the cases, computes the
//       derived columns the features use and standardizes with the training statistics stored
//       in the posterior, then summarizes each case's score over posterior draws.
//   predictionColumnNames(target) → the columns the predictions add, by target kind:
//       binary       probability, sd, lo95, hi95, class (1 when probability ≥ the threshold)
//       categorical  p_0 … p_{K-1}, sd (of the predicted class's probability), class
//       real         mean, sd_mean, lo95_mean, hi95_mean (the likelihood's mean over draws),
//                    sigma (its noise sd), sd_predictive, lo95_predictive, hi95_predictive
//                    (the posterior predictive: the mean plus the noise)
//
// The draws are made exactly as `bnnc run` makes them (the model's seed, the 'draws' fork, the
// evaluate block's number of draws), so a case scores here what it scored in the run; so do the
// predictive draws (the 'predictive' fork) for the same cases in the same order.

import { P } from '../../lang/diagnostics/data-problems.js';
import { headlineOf, type IRData, type IRModel } from '../../compiler/ir.js';
import { compileModel, type BackendName } from '../../compiler/compile.js';
import { DEFAULTS } from '../../lang/builtins.js';
import { readCheckpoint } from '../posterior-file.js';
import {
  applyStandardization,
  DataError,
  type DataProblem,
  type PreparedFeatures,
  type StandardizationStats,
} from '../data/index.js';
import { MAX_PROBLEMS_PER_FILE } from '../../data/errors.js';
import { rowOrigin } from '../../data/table.js';
import {
  argmaxClasses,
  meanSd,
  predictAtThreshold,
  priorShiftRatios,
  shiftDraws,
  splitDraws,
  summarizeDraws,
} from '../metrics/index.js';
import { noiseScale, predictiveDraws, type Noise } from '../metrics/predictive.js';
import { likelihoodNoise } from '../likelihood-noise.js';
import { inTargetUnits } from '../target-units.js';
import { Rng } from '../rng.js';
import { predictScores } from '../vi/index.js';
import { fitDraws } from '../posterior.js';
import { inputColumns } from './columns.js';
import { PredictInputError } from './errors.js';
import { readCases, type Cases } from './input.js';

export interface PredictOptions {
  posteriorFile: string;
  /** The cases: a header naming the model's input columns, then one row per case. */
  inputFile: string;
  backend?: BackendName;
}

export interface PredictionColumn {
  name: string;
  /** One value per case. */
  values: ArrayLike<number>;
}

export interface Predictions {
  model: string;
  sourceHash: string;
  posteriorFile: string;
  backend: BackendName;
  seed: number;
  draws: number;
  target: IRData['target'];
  /** The decision threshold of a binary target (from the posterior; 0.5 if it has none); else null. */
  threshold: number | null;
  cases: Cases;
  /** What the predictions add, in output order (the names of predictionColumnNames). */
  columns: PredictionColumn[];
}

export function predictionColumnNames(target: IRData['target']): string[] {
  switch (target.kind) {
    case 'binary':
      return ['probability', 'sd', 'lo95', 'hi95', 'class'];
    case 'categorical':
      return [...Array.from({ length: target.classes }, (_, k) => `p_${k}`), 'sd', 'class'];
    case 'real':
      return [
        'mean',
        'sd_mean',
        'lo95_mean',
        'hi95_mean',
        'sigma',
        'sd_predictive',
        'lo95_predictive',
        'hi95_predictive',
      ];
    case 'count':
      // The mean is the Poisson rate; the predictive interval is of counts.
      return ['mean', 'sd_mean', 'lo95_mean', 'hi95_mean', 'sd_predictive', 'lo95_predictive', 'hi95_predictive'];
  }
}

export async function predict(ir: IRModel, opts: PredictOptions): Promise<Predictions> {
  const { checkpoint, fit } = readCheckpoint(opts.posteriorFile, ir);
  const target = ir.data.target;
  const needed = inputColumns(ir.data);
  const cases = readCases(opts.inputFile, needed.columns, predictionColumnNames(target));
  const features = standardize({ ...ir.data, derived: needed.derived }, checkpoint.standardization, cases);

  const compiled = await compileModel(ir, { backend: opts.backend });
  const backend = compiled.backend as BackendName;
  // As the run scored its headline set (the last evaluated), whose threshold posterior.json keeps.
  const headline = headlineOf(ir);
  const drawCount = headline?.draws ?? DEFAULTS.draws;
  const rng = new Rng(ir.infer.seed);
  const draws = fitDraws(fit, drawCount, rng.fork('draws'));
  let scores: Float32Array;
  let noise: Noise | null = null;
  try {
    scores = predictScores(compiled, draws, features).values;
    // The run's correction of the probabilities to the training set's own class shares.
    const shift = headline?.priorShift ? checkpoint.prior_shift : undefined;
    if (shift) scores = shiftFlat(scores, priorShiftRatios(shift.own, shift.fitted));
    if (target.kind === 'real' || target.kind === 'count') noise = likelihoodNoise(compiled, draws, features);
  } finally {
    compiled.dispose();
  }

  const threshold = target.kind === 'binary' ? (checkpoint.threshold ?? 0.5) : null;
  const columns = noise
    ? summarizeReal(target, scores, noise, features.n, rng.fork('predictive'), checkpoint.standardization)
    : summarize(target, scores, features.n, threshold ?? 0.5);
  refuseNonFinite(cases, columns);
  return {
    model: ir.name,
    sourceHash: ir.sourceHash,
    posteriorFile: opts.posteriorFile,
    backend,
    seed: ir.infer.seed,
    draws: drawCount,
    target,
    threshold,
    cases,
    columns,
  };
}

/** A prediction that is not a number is never written: the cases that give one are input problems. */
export function refuseNonFinite(cases: Cases, columns: PredictionColumn[]): void {
  const problems: DataProblem[] = [];
  for (let i = 0; i < cases.table.n; i++) {
    const bad = columns.find((c) => !Number.isFinite(c.values[i]));
    if (bad) problems.push({ ...rowOrigin(cases.table, i), message: P.scoreNotNumber(bad.name) });
  }
  if (problems.length > 0)
    throw new PredictInputError(
      cases.file,
      problems.slice(0, MAX_PROBLEMS_PER_FILE),
      Math.max(0, problems.length - MAX_PROBLEMS_PER_FILE),
    );
}

/** A derived value that is not a finite number is a problem of the input's row. */
function standardize(irData: IRData, stats: StandardizationStats, cases: Cases): PreparedFeatures {
  try {
    return applyStandardization(irData, stats, cases.table);
  } catch (e) {
    if (e instanceof DataError)
      throw new PredictInputError(
        cases.file,
        e.problems,
        Object.values(e.omitted).reduce((a, b) => a + b, 0),
      );
    throw e;
  }
}

function summarize(target: IRData['target'], scores: Float32Array, n: number, threshold: number): PredictionColumn[] {
  const names = predictionColumnNames(target);
  if (target.kind === 'categorical') {
    const K = target.classes;
    const { mean, sd } = meanSd(splitDraws(scores, n * K));
    const cls = argmaxClasses(mean, n, K);
    const probs = Array.from({ length: K }, (_, k) => Float64Array.from({ length: n }, (_, i) => mean[i * K + k]));
    const sdOfClass = Float64Array.from(cls, (k, i) => sd[i * K + k]);
    return [...probs, sdOfClass, cls].map((values, j) => ({ name: names[j], values }));
  }
  const s = summarizeDraws(splitDraws(scores, n));
  const values: ArrayLike<number>[] = [s.mean, s.sd, s.lo, s.hi, predictAtThreshold(s.mean, threshold)];
  return values.map((v, j) => ({ name: names[j], values: v }));
}

function summarizeReal(
  target: IRData['target'],
  scores: Float32Array,
  fitNoise: Noise,
  n: number,
  rng: Rng,
  stats: StandardizationStats,
): PredictionColumn[] {
  // A standardized target's predictions in its own units.
  const { mean: m, noise } = inTargetUnits(stats, [], splitDraws(scores, n), fitNoise);
  const s = summarizeDraws(m);
  const p = summarizeDraws(predictiveDraws(m, noise, rng));
  const sigma = noise.kind === 'poisson' ? [] : [meanSd(noiseScale(m, noise)).mean];
  const values = [s.mean, s.sd, s.lo, s.hi, ...sigma, p.sd, p.lo, p.hi];
  const names = predictionColumnNames(target);
  return values.map((v, j) => ({ name: names[j], values: v }));
}

/** Prior shift on the flat [S, n] or [S, n, K] scores (each draw's rows in turn). */
function shiftFlat(scores: Float32Array, ratios: number[]): Float32Array {
  const [shifted] = shiftDraws([scores], ratios);
  return Float32Array.from(shifted);
}

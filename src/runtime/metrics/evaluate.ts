// One call per target kind that computes every evaluation metric of a set from posterior draws.
//
//   evaluateBinary(labels, draws, threshold)  draws: P(y = 1) per case, one array per draw
//   evaluateCategorical(labels, draws, K)     draws: row-major [n, K] probabilities per draw
//   evaluateReal(y, mean, sigma, rng)         mean, sigma: the Normal's per case, one array per draw
//
// Cases are classified by their mean score over draws.

import {
  accuracy,
  argmaxClasses,
  binaryConfusion,
  classificationReport,
  confusionMatrix,
  predictAtThreshold,
  type BinaryConfusion,
  type ClassificationReport,
  weightedF1,
} from './classification.js';
import { probabilityScores, type ProbabilityScores } from './calibration.js';
import type { Rng } from '../rng.js';
import { noiseScale, predictiveDraws, type Noise } from './predictive.js';
import { coverage, mae, r2, rmse } from './regression.js';
import { rocAuc, rocCurve, type RocCurve } from './roc.js';
import { meanSd, summarizeDraws, type DrawSummary, type Draws } from './summary.js';
import { bestThreshold, f1Curve, type F1Curve, type ThresholdCriterion } from './threshold.js';

export interface BinaryEvaluation {
  perCase: DrawSummary;
  threshold: number;
  /** Weighted F1 at the threshold, and at 0.5 beside it. */
  f1: number;
  f1At05: number;
  predictions: Uint8Array;
  confusion: BinaryConfusion;
  report: ClassificationReport;
  accuracy: number;
  auc: number;
  roc: RocCurve;
  f1Curve: F1Curve;
  /** Log loss, Brier score and calibration of the mean P(y = 1). */
  probability: ProbabilityScores;
}

/** threshold: a number, or 'maximize' to pick the best by `criterion` (weighted F1 by default) on these very cases. */
export function evaluateBinary(
  labels: ArrayLike<number>,
  draws: Draws,
  threshold: number | 'maximize' = 0.5,
  criterion: ThresholdCriterion = 'f1',
): BinaryEvaluation {
  const perCase = summarizeDraws(draws);
  const scores = perCase.mean;
  if (scores.length !== labels.length) throw new Error(`${labels.length} labels but ${scores.length} scores per draw`);
  const t = threshold === 'maximize' ? bestThreshold(labels, scores, undefined, criterion).threshold : threshold;
  const predictions = predictAtThreshold(scores, t);
  return {
    perCase,
    threshold: t,
    f1: weightedF1(labels, predictions, 2),
    f1At05: weightedF1(labels, predictAtThreshold(scores, 0.5), 2),
    predictions,
    confusion: binaryConfusion(labels, predictions),
    report: classificationReport(labels, predictions, 2),
    accuracy: accuracy(labels, predictions),
    auc: rocAuc(labels, scores),
    roc: rocCurve(labels, scores),
    f1Curve: f1Curve(labels, scores),
    probability: probabilityScores(labels, scores, 2),
  };
}

export interface CategoricalEvaluation {
  /** Row-major [n, K] mean and sd of each class probability over draws. */
  meanProbs: Float64Array;
  sdProbs: Float64Array;
  predictions: Uint8Array | Int32Array;
  confusion: number[][];
  report: ClassificationReport;
  accuracy: number;
  /** Log loss, Brier score and calibration of the mean class probabilities. */
  probability: ProbabilityScores;
}

export function evaluateCategorical(labels: ArrayLike<number>, draws: Draws, classes: number): CategoricalEvaluation {
  const { mean, sd } = meanSd(draws);
  const n = labels.length;
  const predictions = argmaxClasses(mean, n, classes);
  return {
    meanProbs: mean,
    sdProbs: sd,
    predictions,
    confusion: confusionMatrix(labels, predictions, classes),
    report: classificationReport(labels, predictions, classes),
    accuracy: accuracy(labels, predictions),
    probability: probabilityScores(labels, mean, classes),
  };
}

export interface RealEvaluation {
  /** Over draws of the likelihood's mean. */
  perCase: DrawSummary;
  /** Over draws of the posterior predictive: the mean plus the likelihood's noise. */
  predictive: DrawSummary;
  /** Each case's noise sd (the Normal sigma; see noiseScale), averaged over draws. */
  sigma: Float64Array;
  rmse: number;
  mae: number;
  r2: number;
  /** Fraction of cases inside their central 95% predictive interval. */
  coverage95: number;
  /** Fraction of cases inside the central 95% interval of their mean (narrower: no noise). */
  coverage95Mean: number;
}

/**
 * mean: the likelihood's per-draw mean (a Poisson's rate); noise: a Normal likelihood's per-draw
 * sigma, or the noise of any likelihood; rng: the predictive draws' stream.
 */
export function evaluateReal(y: ArrayLike<number>, mean: Draws, noise: Draws | Noise, rng: Rng): RealEvaluation {
  const n: Noise = Array.isArray(noise) ? { kind: 'normal', sigma: noise } : (noise as Noise);
  const perCase = summarizeDraws(mean);
  const predictive = summarizeDraws(predictiveDraws(mean, n, rng));
  return {
    perCase,
    predictive,
    sigma: meanSd(noiseScale(mean, n)).mean,
    rmse: rmse(y, perCase.mean),
    mae: mae(y, perCase.mean),
    r2: r2(y, perCase.mean),
    coverage95: coverage(y, predictive.lo, predictive.hi),
    coverage95Mean: coverage(y, perCase.lo, perCase.hi),
  };
}

// The shape of results.json: everything `bnnc run` prints, plus the ELBO trace and the per-case
// scores. The top-level keys f1_weighted, accuracy, auc, threshold and confusion {tp, fp, fn, tn}
// are a promise to tools: keep them.
import type { Reliability } from './metrics/calibration.js';
import type { ClassificationReport } from './metrics/classification.js';
import type { ImportanceResult } from './metrics/importance.js';
import type { ParameterSummary } from './metrics/summary.js';
import type { PredictiveUncertainty } from './metrics/uncertainty.js';

export interface ElboTrace {
  step: number[];
  elbo: number[];
  loglik: number[];
  kl: number[];
}

export interface RunResults {
  format: 'bnnc-results';
  version: 1;
  model: string;
  source_hash: string;
  /** SHA-256 of what the model means (compiler/meaning.ts): unchanged by comments and formatting. */
  model_hash: string;
  backend: string;
  seed: number;
  fit: { method: 'vi'; steps: number; seconds: number; final_elbo: number; elbo: ElboTrace } | null;
  evaluate: {
    set: string;
    cases: number;
    draws: number;
    target: { name: string; kind: string; classes?: number };
  } | null;
  /** Binary targets. */
  threshold?: number;
  threshold_rule?: string;
  f1_weighted?: number;
  f1_at_0_5?: number;
  accuracy?: number;
  auc?: number;
  /** Binary and categorical targets: scores of the mean probabilities (metrics/calibration.ts). */
  nll?: number;
  brier?: number;
  ece?: number;
  reliability?: Reliability;
  roc?: { fpr: number[]; tpr: number[] };
  f1_curve?: { threshold: number[]; f1: number[] };
  confusion?: { tp: number; fp: number; fn: number; tn: number } | { matrix: number[][] };
  classification?: ClassificationReport;
  /** Real targets. */
  /** coverage95: of the central 95% predictive interval (mean + noise); coverage95_mean: of the mean's. */
  regression?: { rmse: number; mae: number; r2: number; coverage95: number; coverage95_mean: number };
  uncertainty?: {
    mean_sd: number;
    median_sd: number;
    max_sd: number;
    mean_sd_by_class?: number[];
  };
  /**
   * mean, sd, lo, hi: of the score (binary) or of the mean (real) over draws, lo and hi its 2.5 and
   * 97.5 percentiles. Real targets add the noise sd and the posterior predictive's sd and interval.
   */
  /** Binary and categorical targets with `uncertainty`: entropy by source and its use (metrics/uncertainty.ts). */
  predictive_uncertainty?: PredictiveUncertainty;
  per_case?: {
    label: number[];
    mean: number[];
    sd: number[];
    lo: number[];
    hi: number[];
    sigma?: number[];
    predictive_sd?: number[];
    predictive_lo?: number[];
    predictive_hi?: number[];
  };
  /** Categorical targets: each case's mean and sd over draws of each class's probability, [case][class]. */
  class_probabilities?: { label: number[]; predicted: number[]; mean: number[][]; sd: number[][] };
  importance?: ImportanceResult;
  weights?: Record<string, ParameterSummary>;
  prior_posterior?: Record<string, { prior: number[]; posterior: number[] }>;
  seconds: { load: number; fit: number; predict: number; queries: number; total: number };
  /** What the user should know that did not stop the run (a set with one class, …). */
  warnings?: string[];
}

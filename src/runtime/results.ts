// The shape of results.json: everything `bnnc run` prints, plus the ELBO trace and the per-case
// scores. The top-level keys f1_weighted, accuracy, auc, threshold and confusion {tp, fp, fn, tn}
// are a promise to tools: keep them. They describe the headline set, the last one evaluated
// (evaluate.set names it); `sets` holds every evaluated set's scores, in source order.
import type { Reliability } from './metrics/calibration.js';
import type { ClassificationReport } from './metrics/classification.js';
import type { ImportanceResult } from './metrics/importance.js';
import type { ParameterSummary } from './metrics/summary.js';
import type { PredictiveUncertainty } from './metrics/uncertainty.js';
import type { VIHealth } from './vi/health.js';

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
  fit: ViFitResults | NutsFitResults | MapFitResults | null;
  /** The data of each fit of the run, in order (absent when a saved posterior was evaluated). */
  fits?: FitData[];
  evaluate: {
    set: string;
    cases: number;
    draws: number;
    target: { name: string; kind: string; classes?: number };
  } | null;
  /** Binary targets. */
  threshold?: number;
  threshold_rule?: string;
  /** How the threshold was set, and by which fit: see ThresholdProtocol. */
  threshold_protocol?: ThresholdProtocol;
  /** Whether the threshold was chosen on the very set it is scored on (optimistic scores). */
  threshold_tuned_on_evaluated_set?: boolean;
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
  /** `prior_shift`: the training set's own class shares and those the fit saw; every probability was corrected from the second to the first. */
  prior_shift?: { own: number[]; fitted: number[] };
  /** NUTS: each chain's own predictive scores, and traces of a few cases' scores per chain. */
  chain_predictive?: ChainPredictive;
  /** Every evaluated set's scores, in source order; the last is the headline set of the top-level keys. */
  sets?: SetResults[];
  /** What the user should know that did not stop the run (a set with one class, …). */
  warnings?: string[];
}

/**
 * How a binary target's decision threshold was set. fixed: a number (0.5 by default); tuned: the
 * one that maximizes the metric on a set, with the fit that is scored; refit: chosen on a
 * held-out set with a fit on the training set, then applied to a second fit on the training
 * rows together with the held-out set's (`threshold maximize f1 on valid then refit`).
 */
export type ThresholdProtocol = 'fixed' | 'tuned' | 'refit';

/** One fit of the run: the sets whose rows it saw. */
export interface FitData {
  /** threshold: the refit protocol's first fit, which only chooses the threshold; final: the fit that is scored and saved in posterior.json. */
  role: 'threshold' | 'final';
  sets: string[];
  /** The rows of those sets, as read. */
  rows: number;
  /** The rows the likelihood saw: more after `balance … upsample`. */
  fitted_rows: number;
  seconds: number;
}

/** One evaluated set's scores: the keys it shares with the top level mean the same, for this set. */
export interface SetResults extends Pick<
  RunResults,
  | 'threshold'
  | 'threshold_rule'
  | 'threshold_protocol'
  | 'threshold_tuned_on_evaluated_set'
  | 'f1_weighted'
  | 'f1_at_0_5'
  | 'accuracy'
  | 'auc'
  | 'nll'
  | 'brier'
  | 'ece'
  | 'confusion'
  | 'classification'
  | 'regression'
  | 'uncertainty'
  | 'importance'
> {
  set: string;
  cases: number;
  draws: number;
}

export interface ViFitResults {
  method: 'vi';
  steps: number;
  seconds: number;
  /**
   * The mean of log p(θ, y) − log q(θ) over the diagnostics' guide draws (the last step's
   * one-draw ELBO when there are no diagnostics).
   */
  final_elbo: number;
  elbo: ElboTrace;
  /** How far the guide is from the posterior: vi/health.ts. */
  diagnostics?: VIHealth;
  /** `restarts K`: every restart's fit and scores, and their spread. */
  restarts?: RestartResults;
}

/** The scores of one fit on the evaluated set, as far as the target has them. */
export interface FitScores {
  f1_weighted?: number;
  auc?: number;
  accuracy?: number;
  nll?: number;
  rmse?: number;
  coverage95?: number;
  /** Mean over cases of the sd over draws of the score (binary: P(y = 1); categorical: the predicted class's probability; real: the mean). */
  mean_sd: number;
}

export interface RestartResults {
  keep: 'best' | 'ensemble';
  /** Restarts are ranked by the final ELBO of vi/health.ts (1000 guide draws). */
  ranked_by: 'final_elbo';
  /** 0-based index of the restart with the highest final ELBO (the one kept by keep best). */
  best: number;
  per_restart: ({
    restart: number;
    final_elbo: number;
    final_elbo_se: number;
    psis_khat: number;
    seconds: number;
  } & Partial<FitScores>)[];
  /** Of each score over the restarts, on the evaluated set. */
  spread?: Record<string, { min: number; median: number; max: number }>;
  /** The kept fit's scores (the best restart's, or the ensemble's), on the evaluated set. */
  kept?: FitScores;
}

export interface MapFitResults {
  method: 'map';
  steps: number;
  seconds: number;
  /** The log joint at the mode, on the unconstrained scale (Jacobians included). */
  log_density: number;
  trace: { step: number[]; log_density: number[] };
}

export interface ChainSummary {
  chain: number;
  step_size: number;
  mean_tree_depth: number;
  /** Sampling iterations that stopped at max_depth. */
  max_depth_hits: number;
  divergences: number;
  warmup_divergences: number;
  ebfmi: number;
  gradients: number;
  seconds: { warmup: number; sampling: number };
}

/** Rank-normalized split R-hat and bulk and tail ESS over the chains (Vehtari et al. 2021), summarized. */
export interface MixingSummary {
  /** How many quantities: parameter entries, or evaluated cases. */
  count: number;
  rhat_max: number;
  /** The quantity with the largest R-hat, as W0[3,5] or case 17. */
  rhat_worst: string;
  rhat_over_1_01: number;
  ess_bulk_min: number;
  ess_tail_min: number;
  /**
   * The 10th percentile over the quantities of min(bulk, tail ESS): the minimum of hundreds of
   * noisy estimates is always low, so warnings read this one.
   */
  ess_p10: number;
}

export interface NutsDiagnostics {
  divergences: number;
  max_depth_hits: number;
  ebfmi_min: number;
  params: MixingSummary;
  /** The predicted score (P(y = 1), the predicted class's probability, or the mean) of each evaluated case. */
  scores?: MixingSummary;
  warnings: string[];
}

export interface NutsFitResults {
  method: 'nuts';
  chains: number;
  warmup: number;
  draws: number;
  max_depth: number;
  target_accept: number;
  thin: number;
  seconds: number;
  gradients: number;
  seconds_per_1000_gradients: number;
  per_chain: ChainSummary[];
  /** The log density of each sampling iteration, per chain (at most 1000 points each, evenly spaced). */
  lp: number[][];
  diagnostics: NutsDiagnostics;
}

export interface ChainPredictive {
  /** Indices (in the evaluated set) of the cases whose score traces are kept. */
  cases: number[];
  /** [case][chain][draw]. */
  score_traces: number[][][];
  per_chain: {
    chain: number;
    draws: number;
    auc?: number;
    nll?: number;
    f1_at_0_5?: number;
    accuracy?: number;
    rmse?: number;
    mean_sd: number;
  }[];
}

// The evaluate blocks of a run: draws from the fit, scores them on each evaluated set, and
// answers each set's queries into results.sets (the headline set's, the last, also at the top
// level) and warnings; returns the headline's decision threshold of a binary target.
import type { CompiledModel } from '../compiler/compiled.js';
import type { FeatureData } from '../compiler/data.js';
import { refitOf, type IREvaluate, type IRModel } from '../compiler/ir.js';
import { chainPredictive } from './chain-predictive.js';
import type { PreparedData, PreparedSet } from './data/index.js';
import type { RawTable } from '../data/table.js';
import { likelihoodNoise } from './likelihood-noise.js';
import { mean } from './diagnostics/draws.js';
import {
  bestThreshold,
  evaluateBinary,
  evaluateCategorical,
  evaluateReal,
  meanSd,
  permutationImportance,
  predictiveUncertainty,
  shiftDraws,
  summarizeParameter,
  type Draws,
  type ThresholdCriterion,
} from './metrics/index.js';
import { priorShiftOf, type PriorShift } from './prior-shift-of.js';
import { checkScores } from './nan-scores.js';
import { fitDraws, type Fit } from './posterior.js';
import { priorSamplesOf } from './prior-samples.js';
import { addRestartScores } from './restart-scores.js';
import type { FitScores, RunResults, SetResults, ThresholdProtocol } from './results.js';
import type { Rng } from './rng.js';
import { inTargetUnits } from './target-units.js';
import { paramSamples, predictScores, type PosteriorDraws, type Restarts } from './vi/index.js';

const PRIOR_POSTERIOR_SAMPLES = 2000;

/** The top-level keys of results.json that describe the headline set, in their order. */
const HEADLINE_KEYS = [
  'threshold',
  'threshold_rule',
  'threshold_protocol',
  'threshold_tuned_on_evaluated_set',
  'f1_weighted',
  'f1_at_0_5',
  'accuracy',
  'auc',
  'roc',
  'f1_curve',
  'nll',
  'brier',
  'ece',
  'reliability',
  'class_probabilities',
  'regression',
  'confusion',
  'classification',
  'per_case',
  'uncertainty',
  'predictive_uncertainty',
  'chain_predictive',
  'importance',
] as const satisfies readonly (keyof RunResults)[];

const CRITERION_WORDS = { f1: 'weighted F1', accuracy: 'accuracy', youden: "Youden's J" } as const;

/** The refit protocol's threshold: chosen on `set` with the first fit, on the training set alone. */
export interface RefitThreshold {
  value: number;
  /** The set it was chosen on, and the training set of the first fit. */
  set: string;
  trainSet: string;
  /** Where the value came from when no first fit ran: the saved posterior's. */
  saved?: boolean;
}

export interface EvaluateContext {
  ir: IRModel;
  compiled: CompiledModel;
  /** The sets to score, standardized with the fit's statistics. */
  prepared: PreparedData;
  /** The rows the fit saw (under the refit protocol, the training set's and the held-out set's). */
  fitted: PreparedSet;
  /** The sets as read, to locate a case whose score is not a number. */
  raw: Record<string, RawTable>;
  fit: Fit;
  summary: RunResults['fit'];
  restarts: Restarts | undefined;
  rng: Rng;
  results: RunResults;
  warnings: string[];
  /** When the fit ended (performance.now()), for results.seconds.predict. */
  tFit: number;
  /** The refit protocol's threshold, when a block asks for `… then refit`. */
  refit?: RefitThreshold;
}

/**
 * Every evaluated set in source order: its scores go to results.sets, and the headline set's
 * (the last) to the top level as well. Returns the headline's decision threshold of a binary
 * target (what posterior.json keeps).
 */
export async function evaluateFit(c: EvaluateContext): Promise<number | null> {
  const { ir, fit, compiled, rng, results, tFit } = c;
  const entries = ir.evaluate;
  const shift = entries.some((e) => e.priorShift) ? priorShiftOf(ir, c.fitted) : undefined;
  if (shift) results.prior_shift = { own: shift.own, fitted: shift.fitted };
  const sets: SetResults[] = [];
  let threshold: number | null = null;
  const timing = { predict: 0 };
  for (let i = 0; i < entries.length; i++) {
    const one = await evaluateSet(
      c,
      entries[i],
      i === entries.length - 1,
      entries[i].priorShift ? shift : undefined,
      timing,
    );
    sets.push(one.scores);
    if (i === entries.length - 1) threshold = one.threshold;
  }
  results.sets = sets;
  results.seconds.predict = timing.predict / 1000;

  // The posterior's parameters, whichever set's block asks for them.
  const names = (pick: (e: IREvaluate) => string[]) => [...new Set(entries.flatMap(pick))];
  const weights = names((e) => e.weights);
  const priorPosterior = names((e) => e.priorPosterior);
  const headline = entries[entries.length - 1];
  if (weights.length + priorPosterior.length > 0 && headline) {
    const draws = fitDraws(fit, headline.draws, rng.fork('draws'));
    if (weights.length > 0) {
      results.weights = {};
      for (const name of weights) {
        const p = fit.params.find((q) => q.name === name)!;
        const samples = paramSamples(compiled, draws, name);
        results.weights[name] = summarizeParameter(splitRows(samples, p.size), p.shape);
      }
    }
    if (priorPosterior.length > 0) {
      results.prior_posterior = {};
      const priorRng = rng.fork('prior');
      for (const name of priorPosterior) {
        const p = ir.params.find((q) => q.name === name)!;
        const post = paramSamples(compiled, draws, name);
        const size = p.shape.reduce((a, b) => a * b, 1);
        const n = Math.min(PRIOR_POSTERIOR_SAMPLES, post.length);
        // Entry k mod size of evenly spaced draws: every entry is in the pool. (A plain stride
        // through the [draws, size] samples would keep the same few entries when it divides size.)
        const posterior = Array.from(
          { length: n },
          (_, k) => post[Math.floor((k * (post.length / size)) / n) * size + (k % size)],
        );
        results.prior_posterior[name] = {
          prior: priorSamplesOf(compiled, name, posterior.length, priorRng),
          posterior,
        };
      }
    }
  }
  results.seconds.queries = (performance.now() - tFit) / 1000 - results.seconds.predict;
  return threshold;
}

/**
 * The threshold that maximizes `metric` on `set` with this fit's draws: the refit protocol's
 * choice with its first fit, made as a tuned threshold is (the same draws, prior shift and grid).
 */
export function tuneThreshold(
  ir: IRModel,
  compiled: CompiledModel,
  fit: Fit,
  prepared: PreparedData,
  set: string,
  rng: Rng,
): number {
  const rule = refitOf(ir.evaluate);
  if (!rule) throw new Error('no refit rule to tune a threshold by');
  const entry = ir.evaluate.find((e) => e.threshold?.kind === 'maximize' && e.threshold.refit)!;
  const shift = entry.priorShift ? priorShiftOf(ir, prepared.sets[ir.data.trainSet]) : undefined;
  const draws = fitDraws(fit, entry.draws, rng.fork('draws'));
  return thresholdOn(compiled, draws, prepared.sets[set], rule.metric, shift);
}

/** The threshold that maximizes `metric` on `set` by the mean scores of these draws. */
function thresholdOn(
  compiled: CompiledModel,
  draws: PosteriorDraws,
  set: PreparedSet,
  metric: ThresholdCriterion,
  shift: PriorShift | undefined,
): number {
  return bestThreshold(set.target, meanSd(shiftedScores(compiled, draws, set, shift)).mean, undefined, metric)
    .threshold;
}

/** One evaluated set: its scores, and for the headline set the top-level keys of results. */
async function evaluateSet(
  c: EvaluateContext,
  ev: IREvaluate,
  headline: boolean,
  shift: PriorShift | undefined,
  timing: { predict: number },
): Promise<{ scores: SetResults; threshold: number | null }> {
  const { ir, compiled, prepared, raw, fit, summary, restarts, rng, results, warnings } = c;
  let threshold: number | null = null;
  const set = prepared.sets[ev.set];
  const t0 = performance.now();
  const draws = fitDraws(fit, ev.draws, rng.fork('draws'));
  const score = (d: PosteriorDraws, s: FeatureData): Draws => shiftedScores(compiled, d, s, shift);
  const scores = score(draws, set);
  checkScores(ev.set, meanSd(scores).mean, set.rows, raw[ev.set]);
  timing.predict += performance.now() - t0;
  const target = ir.data.target;
  const out: SetResults = { set: ev.set, cases: set.n, draws: draws.S };
  /** What only the headline set keeps, at the top level: curves and per-case arrays. */
  const top: Partial<RunResults> = {};
  const labels = set.target;
  // What each chain is scored on: a standardized real target in its own units.
  let inUnits: { labels: ArrayLike<number>; scores: Draws } = { labels, scores };
  const oneClass = target.kind === 'real' || target.kind === 'count' ? undefined : singleClass(labels);
  if (oneClass !== undefined) {
    warnings.push(
      `the evaluated set '${ev.set}' holds only class ${oneClass} of '${target.name}': F1 and accuracy say little and the ROC AUC is undefined; evaluate on a set with every class`,
    );
  }

  // The decision threshold of a binary target by the block's rule, for these draws.
  const chooseThreshold = (
    d: PosteriorDraws,
  ): { t: number | 'maximize'; rule: string; protocol: ThresholdProtocol } => {
    const th = ev.threshold;
    if (th?.kind === 'fixed') return { t: th.value, rule: 'fixed', protocol: 'fixed' };
    if (th?.kind !== 'maximize') return { t: 0.5, rule: 'fixed at 0.5 (the default)', protocol: 'fixed' };
    const rule = `maximizes ${CRITERION_WORDS[th.metric]} on '${th.set}'`;
    if (th.refit) {
      const r = c.refit;
      if (!r) throw new Error('the refit protocol ran without its threshold');
      const how = r.saved ? 'as saved in the posterior' : `with the fit on '${r.trainSet}'`;
      return { t: r.value, rule: `${rule} ${how}, then refit on '${r.trainSet}' and '${r.set}'`, protocol: 'refit' };
    }
    if (th.set === ev.set) return { t: 'maximize', rule, protocol: 'tuned' };
    return { t: thresholdOn(compiled, d, prepared.sets[th.set], th.metric, shift), rule, protocol: 'tuned' };
  };
  const criterion = ev.threshold?.kind === 'maximize' ? ev.threshold.metric : 'f1';
  // The headline scores of one fit's draws on the evaluated set (for the spread over restarts).
  const fitScores = (d: PosteriorDraws, sc: Draws): FitScores => {
    if (target.kind === 'binary') {
      const e = evaluateBinary(labels, sc, chooseThreshold(d).t, criterion);
      return { f1_weighted: e.f1, auc: e.auc, nll: e.probability.nll, mean_sd: mean(e.perCase.sd) };
    }
    if (target.kind === 'categorical') {
      const e = evaluateCategorical(labels, sc, target.classes);
      return {
        accuracy: e.accuracy,
        f1_weighted: e.report.weighted.f1,
        nll: e.probability.nll,
        mean_sd: mean(Array.from(e.predictions, (k, i) => e.sdProbs[i * target.classes + k])),
      };
    }
    const u = inTargetUnits(prepared.standardization, labels, sc, likelihoodNoise(compiled, d, set));
    const e = evaluateReal(u.labels, u.mean, u.noise, rng.fork('predictive'));
    return { rmse: e.rmse, coverage95: e.coverage95, mean_sd: mean(e.perCase.sd) };
  };

  if (target.kind === 'binary') {
    const { t, rule, protocol } = chooseThreshold(draws);
    const e = evaluateBinary(labels, scores, t, criterion);
    threshold = e.threshold;
    Object.assign(out, {
      threshold: e.threshold,
      threshold_rule: rule,
      threshold_protocol: protocol,
      threshold_tuned_on_evaluated_set: t === 'maximize',
      f1_weighted: e.f1,
      f1_at_0_5: e.f1At05,
      accuracy: e.accuracy,
      auc: e.auc,
      nll: e.probability.nll,
      brier: e.probability.brier,
      ece: e.probability.ece,
    });
    Object.assign(top, {
      roc: { fpr: Array.from(e.roc.fpr), tpr: Array.from(e.roc.tpr) },
      f1_curve: { threshold: Array.from(e.f1Curve.thresholds), f1: Array.from(e.f1Curve.f1) },
      reliability: e.probability.reliability,
    });
    if (ev.confusion) out.confusion = e.confusion;
    if (ev.classification) out.classification = e.report;
    top.per_case = perCase(labels, e.perCase);
    if (ev.uncertainty) {
      out.uncertainty = uncertaintySummary(e.perCase.sd, labels, 2);
      top.predictive_uncertainty = predictiveUncertainty(scores, labels, e.predictions, 2);
    }
  } else if (target.kind === 'categorical') {
    const e = evaluateCategorical(labels, scores, target.classes);
    Object.assign(out, {
      accuracy: e.accuracy,
      f1_weighted: e.report.weighted.f1,
      nll: e.probability.nll,
      brier: e.probability.brier,
      ece: e.probability.ece,
    });
    top.reliability = e.probability.reliability;
    const K = target.classes;
    const rowsOf = (flat: Float64Array) =>
      Array.from({ length: set.n }, (_, i) => Array.from(flat.subarray(i * K, (i + 1) * K)));
    top.class_probabilities = {
      label: Array.from(labels),
      predicted: Array.from(e.predictions),
      mean: rowsOf(e.meanProbs),
      sd: rowsOf(e.sdProbs),
    };
    if (ev.confusion) out.confusion = { matrix: e.confusion };
    if (ev.classification) out.classification = e.report;
    if (ev.uncertainty) {
      // The sd of the probability of each case's predicted class.
      const sd = Array.from(e.predictions, (k, i) => e.sdProbs[i * target.classes + k]);
      out.uncertainty = uncertaintySummary(Float64Array.from(sd), labels, target.classes);
      top.predictive_uncertainty = predictiveUncertainty(scores, labels, e.predictions, target.classes);
    }
  } else {
    // In the target's units, when it is standardized for the fit.
    const u = inTargetUnits(prepared.standardization, labels, scores, likelihoodNoise(compiled, draws, set));
    const e = evaluateReal(u.labels, u.mean, u.noise, rng.fork('predictive'));
    inUnits = { labels: u.labels, scores: u.mean };
    out.regression = {
      rmse: e.rmse,
      mae: e.mae,
      r2: e.r2,
      coverage95: e.coverage95,
      coverage95_mean: e.coverage95Mean,
    };
    top.per_case = {
      ...perCase(u.labels, e.perCase),
      sigma: Array.from(e.sigma),
      predictive_sd: Array.from(e.predictive.sd),
      predictive_lo: Array.from(e.predictive.lo),
      predictive_hi: Array.from(e.predictive.hi),
    };
    if (ev.uncertainty) out.uncertainty = uncertaintySummary(e.perCase.sd, u.labels, 0);
  }

  // The chains' and the restarts' scores are of the headline set.
  if (headline && draws.chains > 1) {
    const cp = chainPredictive(
      inUnits.scores,
      draws.chains,
      inUnits.labels,
      target.kind === 'categorical' ? target.classes : target.kind === 'binary' ? 2 : 0,
    );
    top.chain_predictive = cp.predictive;
    if (summary?.method === 'nuts') {
      summary.diagnostics.scores = cp.mixing;
      summary.diagnostics.warnings.push(...cp.warnings);
      warnings.push(...cp.warnings);
    }
  }

  if (headline && restarts && summary?.method === 'vi' && summary.restarts) {
    // The same ε for every restart (common random numbers): the best one's scores are the run's.
    const perRestart = restarts.fits.map((f) => {
      const d = fitDraws(f, ev.draws, rng.fork('draws'));
      return fitScores(d, score(d, set));
    });
    addRestartScores(summary.restarts, perRestart, fitScores(draws, scores));
  }

  if (ev.importance && (target.kind === 'binary' || target.kind === 'categorical')) {
    const input = compiled.inputNames[0];
    const columns = ir.data.features.find((f) => f.name === input)?.columns ?? [];
    out.importance = await permutationImportance({
      x: set.features[input],
      width: set.widths[input],
      columns,
      labels,
      classes: target.kind === 'categorical' ? target.classes : 2,
      threshold: threshold ?? undefined,
      totalDraws: draws.S,
      repeats: ev.importance.repeats,
      rng: rng.fork('importance'),
      scoreFn: (x, idx) => score(subsetDraws(draws, idx), { ...set, features: { ...set.features, [input]: x } }),
    });
    if (!ev.importance.byClass) for (const f of out.importance.features) f.byClass = [];
  }

  if (headline) {
    results.evaluate = {
      set: out.set,
      cases: out.cases,
      draws: out.draws,
      target: {
        name: target.name,
        kind: target.kind,
        ...(target.kind === 'categorical' ? { classes: target.classes } : {}),
      },
    };
    // In the order results.json has always had them; only what this target has.
    const all: Partial<RunResults> = { ...out, ...top };
    for (const key of HEADLINE_KEYS) if (all[key] !== undefined) Object.assign(results, { [key]: all[key] });
  }
  return { scores: out, threshold };
}

/** Every score of an evaluation goes through here: corrected by the prior shift when asked. */
function shiftedScores(
  compiled: CompiledModel,
  d: PosteriorDraws,
  s: FeatureData,
  shift: PriorShift | undefined,
): Draws {
  return shift ? shiftDraws(scoreDraws(compiled, d, s), shift.ratios) : scoreDraws(compiled, d, s);
}

function scoreDraws(compiled: CompiledModel, draws: PosteriorDraws, set: FeatureData): Draws {
  const s = predictScores(compiled, draws, set);
  const per = s.values.length / draws.S;
  return Array.from({ length: draws.S }, (_, i) => s.values.subarray(i * per, (i + 1) * per));
}

function subsetDraws(d: PosteriorDraws, idx: Int32Array): PosteriorDraws {
  const z = new Float64Array(idx.length * d.dim);
  idx.forEach((s, k) => z.set(d.z.subarray(s * d.dim, (s + 1) * d.dim), k * d.dim));
  return { S: idx.length, dim: d.dim, z };
}

/** The one class all labels have, or undefined when there are several (or none). */
function singleClass(labels: ArrayLike<number>): number | undefined {
  for (let i = 1; i < labels.length; i++) if (labels[i] !== labels[0]) return undefined;
  return labels.length > 0 ? labels[0] : undefined;
}

function splitRows(flat: Float64Array, size: number): Float64Array[] {
  return Array.from({ length: flat.length / size }, (_, i) => flat.subarray(i * size, (i + 1) * size));
}

function perCase(
  labels: ArrayLike<number>,
  s: { mean: ArrayLike<number>; sd: ArrayLike<number>; lo: ArrayLike<number>; hi: ArrayLike<number> },
) {
  return {
    label: Array.from(labels),
    mean: Array.from(s.mean),
    sd: Array.from(s.sd),
    lo: Array.from(s.lo),
    hi: Array.from(s.hi),
  };
}

function uncertaintySummary(
  sd: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): NonNullable<RunResults['uncertainty']> {
  const sorted = Float64Array.from(sd).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  const out: NonNullable<RunResults['uncertainty']> = {
    mean_sd: mean,
    median_sd: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN,
    max_sd: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
  if (classes > 0) {
    const sum = new Array<number>(classes).fill(0);
    const count = new Array<number>(classes).fill(0);
    for (let i = 0; i < sd.length; i++) {
      sum[labels[i]] += sd[i];
      count[labels[i]]++;
    }
    out.mean_sd_by_class = sum.map((s, k) => (count[k] ? s / count[k] : NaN));
  }
  return out;
}

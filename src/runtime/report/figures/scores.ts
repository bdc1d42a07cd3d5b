// The test cases: how the posterior mean scores fall by true class, and how uncertain each is
// (the paper's Fig. 5); for a real target, predictions against observations.
import type { RunResults } from '../../results.js';
import { classNames, meanScoreTitle, type Figure, type ReportInput } from '../input.js';

type PerCase = NonNullable<RunResults['per_case']>;

function caseValues(input: ReportInput, c: PerCase) {
  const names = classNames(input);
  return c.mean.map((mean, i) => ({
    mean,
    sd: c.sd[i],
    lo: c.lo[i],
    hi: c.hi[i],
    plo: c.predictive_lo?.[i],
    phi: c.predictive_hi?.[i],
    observed: c.label[i],
    class: names[c.label[i]] ?? String(c.label[i]),
  }));
}

function classColour(input: ReportInput) {
  return { field: 'class', type: 'nominal' as const, title: 'true class', scale: { domain: classNames(input) } };
}

function thresholdRule(threshold: number) {
  return {
    data: { values: [{ threshold }] },
    mark: { type: 'rule' as const, strokeDash: [6, 4], color: '#333', strokeWidth: 1.5 },
    encoding: { x: { field: 'threshold', type: 'quantitative' as const } },
  };
}

export function scoreHistogramFigure(input: ReportInput, c: PerCase): Figure {
  const r = input.results;
  const binary = input.ir.data.target.kind === 'binary';
  const set = r.evaluate?.set ?? 'test';
  const bars = {
    data: { values: caseValues(input, c) },
    mark: { type: 'bar' as const, opacity: binary ? 0.5 : 1 },
    encoding: {
      x: {
        field: 'mean',
        type: 'quantitative' as const,
        bin: binary ? { extent: [0, 1], step: 0.05 } : { maxbins: 30 },
        title: meanScoreTitle(input),
      },
      // Overlaid, not stacked: each class's own histogram starts at zero.
      y: { aggregate: 'count' as const, type: 'quantitative' as const, title: `number of ${set} cases`, stack: null },
      ...(binary ? { color: classColour(input) } : {}),
    },
  };
  const threshold = binary && r.threshold !== undefined ? r.threshold : undefined;
  return {
    name: 'scores_histogram',
    section: 'scores',
    caption: binary
      ? `Posterior mean score of each of the ${c.mean.length} ${set} cases, one histogram per true class, overlaid; the dashed line is the threshold.`
      : `Posterior mean prediction of each of the ${c.mean.length} ${set} cases.`,
    spec: {
      title: {
        text: `Posterior mean ${binary ? 'score' : 'prediction'} of each ${set} case`,
        subtitle: binary
          ? 'one histogram per true class, overlaid; dashed line: the threshold'
          : `${c.mean.length} cases`,
      },
      width: 480,
      height: 240,
      layer: threshold === undefined ? [bars] : [bars, thresholdRule(threshold)],
    },
  };
}

export function scoreUncertaintyFigure(input: ReportInput, c: PerCase): Figure {
  const r = input.results;
  const binary = input.ir.data.target.kind === 'binary';
  const draws = r.evaluate?.draws ?? 0;
  const points = {
    data: { values: caseValues(input, c) },
    mark: { type: 'point' as const, filled: true, size: 28, opacity: 0.65 },
    encoding: {
      x: {
        field: 'mean',
        type: 'quantitative' as const,
        title: meanScoreTitle(input),
        ...(binary ? { scale: { domain: [0, 1] } } : {}),
      },
      y: {
        field: 'sd',
        type: 'quantitative' as const,
        title: `posterior sd of the ${binary ? 'score' : 'prediction'}`,
      },
      ...(binary ? { color: classColour(input) } : {}),
    },
  };
  const threshold = binary && r.threshold !== undefined ? r.threshold : undefined;
  return {
    name: 'scores_uncertainty',
    section: 'scores',
    caption: binary
      ? 'Each case’s uncertainty (sd of its score over posterior draws) against its mean score, by true class: cases near the threshold are the uncertain ones.'
      : 'Each case’s uncertainty (sd of its prediction over posterior draws) against its mean prediction.',
    spec: {
      title: {
        text: `Uncertainty against ${binary ? 'score' : 'prediction'}, one point per case`,
        subtitle: `sd over ${draws} posterior draws${binary ? '; coloured by true class; dashed line: the threshold' : ''}`,
      },
      width: 480,
      height: 300,
      layer: threshold === undefined ? [points] : [points, thresholdRule(threshold)],
    },
  };
}

export function predictedObservedFigure(input: ReportInput, c: PerCase): Figure {
  const col = input.ir.data.target.column;
  const values = caseValues(input, c);
  const predictive = c.predictive_lo !== undefined && c.predictive_hi !== undefined;
  const all = [...c.label, ...c.lo, ...c.hi, ...(c.predictive_lo ?? []), ...(c.predictive_hi ?? [])].filter(
    Number.isFinite,
  );
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  // One scale for both axes, so the diagonal is at 45° and a perfect prediction lies on it.
  const scale = { domain: [lo, hi], nice: false };
  const x = { field: 'observed', type: 'quantitative' as const, title: `observed ${col}`, scale };
  return {
    name: 'predicted_observed',
    section: 'scores',
    caption: predictive
      ? `Posterior mean prediction of each case against the observed ${col}, with its 95% predictive interval (light: the mean plus the likelihood's noise, which should hold about 95% of the cases) and the 95% interval of the mean alone (dark); the dashed line is a perfect prediction.`
      : `Posterior mean prediction of each case with the 95% interval of the mean against the observed ${col}; the dashed line is a perfect prediction.`,
    spec: {
      title: {
        text: `Predicted against observed ${col}`,
        subtitle: predictive
          ? 'points: posterior mean; light bars: 95% predictive interval; dark bars: 95% interval of the mean'
          : 'points: posterior mean; bars: 95% interval of the mean',
      },
      width: 420,
      height: 420,
      layer: [
        {
          data: {
            values: [
              { observed: lo, mean: lo },
              { observed: hi, mean: hi },
            ],
          },
          mark: { type: 'line', strokeDash: [6, 4], color: '#888' },
          encoding: { x, y: { field: 'mean', type: 'quantitative', scale } },
        },
        ...(predictive
          ? [
              {
                data: { values },
                mark: { type: 'rule' as const, opacity: 0.25, color: '#9ecae1', strokeWidth: 3 },
                encoding: { x, y: { field: 'plo', type: 'quantitative' as const }, y2: { field: 'phi' } },
              },
            ]
          : []),
        {
          data: { values },
          mark: { type: 'rule', opacity: 0.5, color: '#1f77b4' },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true, size: 24, color: '#1f77b4' },
          encoding: { x, y: { field: 'mean', type: 'quantitative', title: `predicted ${col} (posterior mean)` } },
        },
      ],
    },
  };
}

/** Categorical targets have no per-case scores in results.json, only the mean sd by class. */
export function uncertaintyByClassFigure(input: ReportInput, meanSdByClass: number[]): Figure {
  const names = classNames(input);
  const values = meanSdByClass.map((sd, k) => ({ class: names[k] ?? String(k), sd }));
  return {
    name: 'uncertainty_by_class',
    section: 'scores',
    caption:
      'Mean over cases of the sd (over posterior draws) of the probability of the predicted class, by true class.',
    spec: {
      title: {
        text: 'Uncertainty of the prediction, by true class',
        subtitle: 'mean sd of the predicted class’s probability',
      },
      width: 380,
      height: 220,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'class', type: 'nominal', title: 'true class', sort: names, axis: { labelAngle: 0 } },
        y: { field: 'sd', type: 'quantitative', title: 'mean posterior sd' },
        color: { field: 'class', type: 'nominal', legend: null, scale: { domain: names } },
      },
    },
  };
}

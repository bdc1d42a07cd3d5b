// Binary and categorical targets: how far the predicted probabilities are from the frequencies
// they predict (the reliability diagram), and whether the uncertain cases are the mistakes (the
// accuracy-rejection curve).
import type { Reliability } from '../../metrics/calibration.js';
import type { PredictiveUncertainty } from '../../metrics/uncertainty.js';
import type { RunResults } from '../../results.js';
import { formatNumber, type Figure } from '../input.js';

export function reliabilityFigure(r: RunResults, rel: Reliability): Figure {
  const binary = rel.of === 'y = 1';
  const values = rel.count
    .map((count, b) => ({
      count,
      confidence: rel.confidence[b],
      observed: rel.observed[b],
      bin: `${formatNumber(rel.lo[b], 1)}–${formatNumber(rel.hi[b], 1)}`,
    }))
    .filter((v) => v.count > 0);
  const x = {
    field: 'confidence',
    type: 'quantitative' as const,
    title: binary ? 'mean predicted P(y = 1) in the bin' : 'mean probability of the predicted class in the bin',
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'observed',
    type: 'quantitative' as const,
    title: binary ? 'fraction of the bin with y = 1' : 'fraction of the bin predicted right',
    scale: { domain: [0, 1] },
  };
  const set = r.evaluate?.set ?? 'test';
  return {
    name: 'reliability',
    section: 'calibration',
    caption: `Reliability diagram on '${set}': the cases binned by ${binary ? 'their predicted probability of y = 1' : 'the probability of their predicted class'} into 10 equal-width bins; each point is a bin's mean prediction against how often it came true, its size the number of cases. A calibrated model lies on the dashed diagonal; ECE is the case-weighted mean distance from it.`,
    spec: {
      title: {
        text: `Reliability diagram on '${set}'`,
        subtitle: `ECE ${formatNumber(r.ece, 3)}, log loss ${formatNumber(r.nll, 3)}, Brier ${formatNumber(r.brier, 3)}`,
      },
      width: 340,
      height: 340,
      layer: [
        {
          data: {
            values: [
              { confidence: 0, observed: 0 },
              { confidence: 1, observed: 1 },
            ],
          },
          mark: { type: 'line', strokeDash: [6, 4], color: '#999' },
          encoding: { x, y },
        },
        { data: { values }, mark: { type: 'line', color: '#1f77b4', strokeWidth: 1.5 }, encoding: { x, y } },
        {
          data: { values },
          mark: { type: 'point', filled: true, color: '#1f77b4', opacity: 0.9 },
          encoding: {
            x,
            y,
            size: { field: 'count', type: 'quantitative', title: 'cases in the bin', scale: { range: [20, 400] } },
          },
        },
      ],
    } as never,
  };
}

export function accuracyRejectionFigure(r: RunResults, u: PredictiveUncertainty): Figure {
  const rej = u.rejection;
  const series = [
    { name: 'total entropy', accuracy: rej.by_total },
    { name: 'epistemic (mutual information)', accuracy: rej.by_epistemic },
  ];
  const values = series.flatMap((s) =>
    rej.fraction.map((fraction, i) => ({ fraction, accuracy: s.accuracy[i], ranked: s.name })),
  );
  const x = {
    field: 'fraction',
    type: 'quantitative' as const,
    title: 'fraction of the cases set aside, most uncertain first',
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'accuracy',
    type: 'quantitative' as const,
    title: 'accuracy of the cases kept',
    scale: { zero: false },
  };
  const set = r.evaluate?.set ?? 'test';
  return {
    name: 'accuracy_rejection',
    section: 'calibration',
    caption: `Accuracy on '${set}' of the cases kept when the most uncertain are set aside, ranked by total predictive entropy or by its epistemic part; the dashed line is the accuracy with none set aside, what setting cases aside at random gives on average. A useful uncertainty rises above it.`,
    spec: {
      title: {
        text: `Accuracy as the most uncertain cases are set aside`,
        subtitle: `ROC AUC of the total entropy for finding the mistakes: ${formatNumber(u.by_correctness.auc_total, 3)}`,
      },
      width: 420,
      height: 280,
      layer: [
        {
          data: { values: [{ accuracy: rej.by_total[0] }] },
          mark: { type: 'rule', strokeDash: [6, 4], color: '#999' },
          encoding: { y: { field: 'accuracy', type: 'quantitative' } },
        },
        {
          data: { values },
          mark: { type: 'line', point: true, strokeWidth: 2 },
          encoding: {
            x,
            y,
            color: {
              field: 'ranked',
              type: 'nominal',
              title: 'ranked by',
              scale: { domain: series.map((s) => s.name) },
              legend: { labelLimit: 320 },
            },
          },
        },
      ],
    } as never,
  };
}

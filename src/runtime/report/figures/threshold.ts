// Binary targets: the ROC curve with the chosen operating point, and weighted F1 against the
// threshold with the chosen threshold marked.
import type { RunResults } from '../../results.js';
import { formatNumber, type Figure, type ReportInput } from '../input.js';

export function rocFigure(r: RunResults, roc: NonNullable<RunResults['roc']>): Figure {
  const curve = roc.fpr.map((fpr, i) => ({ i, fpr, tpr: roc.tpr[i] }));
  const axes = {
    x: {
      field: 'fpr',
      type: 'quantitative' as const,
      title: 'false positive rate (1 − specificity)',
      scale: { domain: [0, 1] },
    },
    y: { field: 'tpr', type: 'quantitative' as const, title: 'true positive rate (recall)', scale: { domain: [0, 1] } },
  };
  const layers: object[] = [
    {
      data: {
        values: [
          { fpr: 0, tpr: 0 },
          { fpr: 1, tpr: 1 },
        ],
      },
      mark: { type: 'line', strokeDash: [6, 4], color: '#999' },
      encoding: axes,
    },
    // The order channel keeps the curve in threshold order where the false positive rate ties.
    {
      data: { values: curve },
      mark: { type: 'line', strokeWidth: 2, color: '#1f77b4' },
      encoding: { ...axes, order: { field: 'i', type: 'quantitative' } },
    },
  ];
  const c = r.confusion;
  if (c && 'tp' in c && r.threshold !== undefined) {
    const point = {
      fpr: c.fp / Math.max(1, c.fp + c.tn),
      tpr: c.tp / Math.max(1, c.tp + c.fn),
      label: `threshold ${formatNumber(r.threshold, 2)}`,
    };
    layers.push(
      { data: { values: [point] }, mark: { type: 'point', filled: true, size: 80, color: '#d62728' }, encoding: axes },
      {
        data: { values: [point] },
        mark: { type: 'text', align: 'left', dx: 8, dy: 12, fontSize: 12, color: '#d62728' },
        encoding: { ...axes, text: { field: 'label' } },
      },
    );
  }
  return {
    name: 'roc',
    section: 'threshold',
    caption:
      'True against false positive rate as the threshold on the mean score runs from 1 to 0; the dashed diagonal is a model that guesses.',
    spec: {
      title: {
        text: `ROC curve on '${r.evaluate?.set ?? 'test'}'`,
        subtitle: `area under the curve ${formatNumber(r.auc, 3)}${c && 'tp' in c ? '; red: the chosen threshold' : ''}`,
      },
      width: 320,
      height: 320,
      layer: layers as never,
    },
  };
}

const HEIGHT = 260;

export function f1CurveFigure(input: ReportInput, curve: NonNullable<RunResults['f1_curve']>): Figure {
  const r = input.results;
  const values = curve.threshold.map((threshold, i) => ({ threshold, f1: curve.f1[i] }));
  const x = {
    field: 'threshold',
    type: 'quantitative' as const,
    title: 'threshold on the posterior mean score',
    scale: { domain: [0, 1] },
  };
  const layers: object[] = [
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 2, color: '#1f77b4' },
      encoding: { x, y: { field: 'f1', type: 'quantitative', title: 'weighted F1' } },
    },
  ];
  if (r.threshold !== undefined) {
    const chosen = {
      threshold: r.threshold,
      f1: r.f1_weighted ?? NaN,
      label: `chosen ${formatNumber(r.threshold, 2)}: F1 ${formatNumber(r.f1_weighted, 3)}`,
    };
    layers.push(
      {
        data: { values: [chosen] },
        mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { x },
      },
      {
        data: { values: [chosen] },
        mark: { type: 'point', filled: true, size: 80, color: '#d62728' },
        encoding: { x, y: { field: 'f1', type: 'quantitative' } },
      },
      // The label sits at the foot of the rule, clear of the curve.
      {
        data: { values: [chosen] },
        mark: {
          type: 'text',
          align: chosen.threshold > 0.6 ? 'right' : 'left',
          dx: chosen.threshold > 0.6 ? -6 : 6,
          fontSize: 12,
          color: '#d62728',
        },
        encoding: { x, y: { value: HEIGHT - 14 }, text: { field: 'label' } },
      },
    );
  }
  return {
    name: 'f1_threshold',
    section: 'threshold',
    caption: `Weighted F1 on '${r.evaluate?.set ?? 'test'}' at each threshold; the red line marks the threshold used (${r.threshold_rule ?? 'fixed'}).`,
    spec: {
      title: {
        text: 'Weighted F1 against threshold',
        subtitle: `red: the chosen threshold (${r.threshold_rule ?? 'fixed'})`,
      },
      width: 480,
      height: HEIGHT,
      layer: layers as never,
    },
  };
}

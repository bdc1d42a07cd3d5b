// Which figures a run gets follows from what its results hold: the evaluate block's queries and
// the target's kind (no ROC for a real or categorical target; predictions against observations
// only for a real one).
import type { Figure, ReportInput } from '../input.js';
import { parameterAxes } from '../parameter-axes.js';
import { accuracyRejectionFigure, reliabilityFigure } from './calibration.js';
import { elboFigure } from './fit.js';
import { chainLogDensityFigure, chainScoreFigure, mapTraceFigure } from './chains.js';
import { importanceByClassFigure, importanceFigure } from './importance.js';
import { priorPosteriorFigure, unitOfEntry, weightsFigure } from './parameters.js';
import {
  predictedObservedFigure,
  scoreHistogramFigure,
  scoreUncertaintyFigure,
  uncertaintyByClassFigure,
} from './scores.js';
import { f1CurveFigure, rocFigure } from './threshold.js';

export function reportFigures(input: ReportInput): Figure[] {
  const r = input.results;
  const figures: Figure[] = [];
  if (r.fit?.method === 'vi' && r.fit.elbo.step.length > 0) figures.push(elboFigure(r.fit.elbo));
  if (r.fit?.method === 'map' && r.fit.trace.step.length > 0) figures.push(mapTraceFigure(r.fit.trace));
  if (r.fit?.method === 'nuts') figures.push(chainLogDensityFigure(r.fit));
  if (r.chain_predictive) figures.push(chainScoreFigure(r.chain_predictive));
  if (r.per_case && r.per_case.mean.length > 0) {
    figures.push(scoreHistogramFigure(input, r.per_case));
    if (r.uncertainty) figures.push(scoreUncertaintyFigure(input, r.per_case));
    if (r.regression) figures.push(predictedObservedFigure(input, r.per_case));
  } else if (r.uncertainty?.mean_sd_by_class) {
    figures.push(uncertaintyByClassFigure(input, r.uncertainty.mean_sd_by_class));
  }
  if (r.reliability) figures.push(reliabilityFigure(r, r.reliability));
  if (r.predictive_uncertainty) figures.push(accuracyRejectionFigure(r, r.predictive_uncertainty));
  if (r.roc) figures.push(rocFigure(r, r.roc));
  if (r.f1_curve) figures.push(f1CurveFigure(input, r.f1_curve));
  if (r.importance) {
    figures.push(importanceFigure(r.importance));
    if (r.importance.features.some((f) => f.byClass.length > 0))
      figures.push(importanceByClassFigure(input, r.importance));
  }
  const pruned = unitsAtPriorByAxis(input);
  for (const [name, samples] of Object.entries(r.prior_posterior ?? {})) {
    const shape = input.ir.params.find((p) => p.name === name)?.shape ?? [];
    const axes = parameterAxes(input.ir, name);
    const unitAxis = shape.length === 2 && axes.columns.startsWith('unit of') ? axes.columns : axes.rows;
    figures.push(priorPosteriorFigure(name, shape, samples, unitOfEntry(shape, axes), pruned.get(unitAxis)));
  }
  for (const [name, summary] of Object.entries(r.weights ?? {})) {
    const axes = parameterAxes(input.ir, name);
    figures.push(
      weightsFigure(name, summary, axes, input.rowLabels[name], {
        rows: pruned.get(axes.rows),
        columns: pruned.get(axes.columns),
      }),
    );
  }
  return figures;
}

/**
 * The hidden units at their prior (VI health), by the axis name that stands for them ("unit of
 * h"): found as the columns of a weight matrix, marked wherever those units appear.
 */
function unitsAtPriorByAxis(input: ReportInput): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const fit = input.results.fit;
  if (fit?.method !== 'vi') return out;
  for (const u of fit.diagnostics?.units_at_prior ?? []) {
    const axis = parameterAxes(input.ir, u.name).columns;
    if (axis.startsWith('unit of') && u.columns && u.columns.length > 0) out.set(axis, u.columns);
  }
  return out;
}

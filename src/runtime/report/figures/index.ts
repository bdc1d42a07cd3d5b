// Which figures a run gets follows from what its results hold: the evaluate block's queries and
// the target's kind (no ROC for a real or categorical target; predictions against observations
// only for a real one).
import type { Figure, ReportInput } from '../input.js';
import { parameterAxes } from '../parameter-axes.js';
import { accuracyRejectionFigure, reliabilityFigure } from './calibration.js';
import { elboFigure } from './fit.js';
import { chainLogDensityFigure, chainScoreFigure, mapTraceFigure } from './chains.js';
import { importanceByClassFigure, importanceFigure } from './importance.js';
import { priorPosteriorFigure, weightsFigure } from './parameters.js';
import { predictedObservedFigure, scoreHistogramFigure, scoreUncertaintyFigure, uncertaintyByClassFigure } from './scores.js';
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
    if (r.importance.features.some((f) => f.byClass.length > 0)) figures.push(importanceByClassFigure(input, r.importance));
  }
  for (const [name, samples] of Object.entries(r.prior_posterior ?? {})) {
    const shape = input.ir.params.find((p) => p.name === name)?.shape ?? [];
    figures.push(priorPosteriorFigure(name, shape.reduce((a, b) => a * b, 1), samples));
  }
  for (const [name, summary] of Object.entries(r.weights ?? {})) {
    figures.push(weightsFigure(name, summary, parameterAxes(input.ir, name), input.rowLabels[name]));
  }
  return figures;
}

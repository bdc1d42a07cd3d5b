// The noise of a fitted model's likelihood at each draw and case, for predictive intervals: a
// Normal's sigma, a StudentT's sigma and nu, or none to read for a Poisson (its rate is the score).
import type { CompiledModel } from '../compiler/compiled.js';
import type { FeatureData } from '../compiler/data.js';
import { splitDraws } from './metrics/summary.js';
import type { Noise } from './metrics/predictive.js';
import { predictScores, type PosteriorDraws } from './vi/posterior.js';

export function likelihoodNoise(compiled: CompiledModel, draws: PosteriorDraws, set: FeatureData): Noise {
  const dist = compiled.ir.likelihood.dist;
  if (dist === 'Poisson') return { kind: 'poisson' };
  const sigma = splitDraws(predictScores(compiled, draws, set, { sigma: true }).values, set.n);
  if (dist === 'StudentT')
    return {
      kind: 'student_t',
      sigma,
      nu: splitDraws(predictScores(compiled, draws, set, { nu: true }).values, set.n),
    };
  return { kind: 'normal', sigma };
}

export {
  fitVI,
  type VIFit,
  type GuideParams,
  type VIParamInfo,
  type ElboParts,
  type ElboTrace,
  type FitOptions,
  type ProgressFn,
} from './fit.js';
export {
  posteriorDraws,
  predictScores,
  paramSamples,
  type PosteriorDraws,
  type Scores,
  type PredictOptions,
} from './posterior.js';
export { serializeFit, loadFit, VI_FIT_FORMAT, type VIFitJSON } from './serialize.js';
export { FitDivergedError } from './errors.js';
export { MeanFieldGuide, DEFAULT_GUIDE_INIT, type GuideInit } from './guide.js';
export { Adam } from './adam.js';
export { elboAndGrad, ElboWorkspace, type ElboValue } from './elbo.js';
export {
  viHealth,
  elboFlat,
  unitsAtPrior,
  logImportanceRatios,
  type VIHealth,
  type VIHealthOptions,
} from './health.js';
export { fitRestarts, restartRng, type Restarts } from './restarts.js';

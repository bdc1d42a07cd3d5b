export { compileModel, type CompiledModel, type CompileOptions, type LogLikelihoodResult } from './compile.js';
export { chooseBackend, DEFAULT_BACKEND, BackendUnavailableError, type BackendName } from './backend.js';
export { rewriteStableLikelihood } from './rewrite.js';
export { bindData, type BoundData, type FeatureData, type TrainingData, type TargetEncoding } from './data.js';
export { buildLayout, type ParamLayout, type ParamSlot } from './layout.js';
export { ModelShapeError } from './shapes.js';

// The data layer of the runtime: find, read, check and prepare the data a model names.
// See each module's header for its entry points.

export { loadDataSets, readTable, readDataFile, type ReadSpec, type LoadOptions } from './read.js';
export { prepareData, applyStandardization, type PreparedData, type PreparedSet, type PreparedFeatures } from './prepare.js';
export { type StandardizationStats, type FeatureStats, standardizeInPlace } from './standardize.js';
export { MinibatchSampler, gatherRows, gatherValues } from './batches.js';
export { upsampleIndices } from './balance.js';
export { DataError, type DataProblem, formatProblem } from './errors.js';
export type { RawTable } from './table.js';

// The runtime's side of the data: prepare (derive, standardize, balance, batch) what the data
// layer below (src/data: find, read and check files, TF-free) reads. See each module's header.

export { loadDataSets, readTable, readDataFile, type ReadSpec, type LoadOptions } from '../../data/read.js';
export {
  prepareData,
  applyStandardization,
  type PreparedData,
  type PreparedSet,
  type PreparedFeatures,
} from './prepare.js';
export { type StandardizationStats, type FeatureStats, standardizeInPlace } from './standardize.js';
export { MinibatchSampler, gatherRows, gatherValues } from './batches.js';
export { upsampleIndices } from './balance.js';
export { DataError, type DataProblem, formatProblem } from '../../data/errors.js';
export type { RawTable } from '../../data/table.js';
export { splitSets, dealRows, largestRemainder, concatTables } from './split.js';

// `bnnc predict`: the posterior predictive of a saved fit for new cases. See each module's header.

export {
  predict,
  predictionColumnNames,
  type Predictions,
  type PredictionColumn,
  type PredictOptions,
} from './predict.js';
export { predictionsCsv, predictionsJson, PREDICTIONS_FORMAT } from './output.js';
export { readCases, type Cases } from './input.js';
export { inputColumns, type InputColumns } from './columns.js';
export { PredictInputError } from './errors.js';

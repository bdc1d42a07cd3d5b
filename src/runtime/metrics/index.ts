// Evaluation metrics over posterior draws. See each module's header for its entry points.

export * from './summary.js';
export * from './classification.js';
export * from './roc.js';
export * from './threshold.js';
export * from './regression.js';
export * from './calibration.js';
export * from './predictive.js';
export * from './uncertainty.js';
export * from './evaluate.js';
export * from './importance.js';
export * from './prior-shift.js';

// Sampling diagnostics: pure functions on draws. Chains are one array per chain (equal lengths,
// draws in order), e.g. the draws of one scalar quantity from each of 4 NUTS chains.
export { rhat, rhatBulk, rhatTail, rhatBasic, potentialScaleReduction } from './rhat.js';
export { essBulk, essTail, essQuantile, essBasic, essOf } from './ess.js';
export { ebfmi, ebfmiByChain } from './ebfmi.js';
export { psis, gpdFit, gpdQuantile, type PsisResult } from './psis.js';
export { autocovariance } from './autocovariance.js';
export { summarizeMixing, type MixingStats } from './summary.js';
export type { Chains } from './draws.js';

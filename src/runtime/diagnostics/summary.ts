import { essBulk, essTail } from './ess.js';
import { rhat } from './rhat.js';
import type { Chains } from './draws.js';

export interface DrawsSummary {
  rhat: number;
  essBulk: number;
  essTail: number;
}

/** R-hat, bulk ESS and tail ESS of one quantity's chains. */
export function summarizeDraws(chains: Chains): DrawsSummary {
  return { rhat: rhat(chains), essBulk: essBulk(chains), essTail: essTail(chains) };
}

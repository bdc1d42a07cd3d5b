import { degenerate, rankNormalize, splitChains, type Chains } from './draws.js';
import { essOf, essTail } from './ess.js';
import { potentialScaleReduction, rhatTail } from './rhat.js';

export interface MixingStats {
  rhat: number;
  essBulk: number;
  essTail: number;
}

/** R-hat, bulk ESS and tail ESS of one quantity's chains (the bulk's rank normalization done once). */
export function summarizeMixing(chains: Chains): MixingStats {
  const split = splitChains(chains);
  if (degenerate(split)) return { rhat: NaN, essBulk: NaN, essTail: NaN };
  const z = rankNormalize(split);
  const tail = rhatTail(chains);
  return {
    rhat: Number.isNaN(tail) ? NaN : Math.max(potentialScaleReduction(z), tail),
    essBulk: essOf(z),
    essTail: essTail(chains),
  };
}

// Each chain's own predictions: what a sampler's chains say, one by one, about the evaluated cases
// (chains in different modes predict differently), the traces of the scores of the cases the
// chains agree on least, and the R-hat and ESS of every case's score.

import { mean } from './diagnostics/draws.js';
import { argmaxClasses, evaluateBinary, evaluateCategorical, meanSd, type Draws } from './metrics/index.js';
import { scoreMixing, scoreWarnings } from './nuts/summary.js';
import type { ChainPredictive, MixingSummary } from './results.js';

const TRACED_CASES = 4;

/**
 * scores: per draw, the scores of every case ([n], or [n, K] for K classes), draws chain after
 * chain in equal shares; classes: 2 (binary), K (categorical) or 0 (a real target's mean).
 */
export function chainPredictive(
  scores: Draws,
  chains: number,
  labels: ArrayLike<number>,
  classes: number,
): { predictive: ChainPredictive; mixing: MixingSummary; warnings: string[] } {
  const per = scores.length / chains;
  const n = labels.length;
  const caseScores = scoresOfCases(scores, n, classes);
  const perChain = Array.from({ length: chains }, (_, c) => {
    const part = scores.slice(c * per, (c + 1) * per);
    const sd = mean(meanSd(caseScores.slice(c * per, (c + 1) * per)).sd);
    if (classes === 2) {
      const e = evaluateBinary(labels, part, 0.5);
      return {
        chain: c + 1,
        draws: per,
        auc: e.auc,
        nll: e.probability.nll,
        f1_at_0_5: e.f1At05,
        accuracy: e.accuracy,
        mean_sd: sd,
      };
    }
    if (classes > 2) {
      const e = evaluateCategorical(labels, part, classes);
      return { chain: c + 1, draws: per, nll: e.probability.nll, accuracy: e.accuracy, mean_sd: sd };
    }
    let se = 0;
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (const d of part) m += d[i] / per;
      se += (m - labels[i]) ** 2;
    }
    return { chain: c + 1, draws: per, rmse: Math.sqrt(se / Math.max(1, n)), mean_sd: sd };
  });

  const { summary: mixing, rhats } = scoreMixing(caseScores, chains);
  const cases = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => (rhats[b] || 0) - (rhats[a] || 0))
    .slice(0, TRACED_CASES);
  return {
    predictive: {
      cases,
      score_traces: cases.map((i) =>
        Array.from({ length: chains }, (_, c) => Array.from({ length: per }, (_, k) => caseScores[c * per + k][i])),
      ),
      per_chain: perChain,
    },
    mixing,
    warnings: scoreWarnings(mixing, chains),
  };
}

/** One score per case per draw: the value itself, or the probability of the class the mean predicts. */
function scoresOfCases(scores: Draws, n: number, classes: number): Float64Array[] {
  if (classes <= 2) return scores.map((d) => Float64Array.from(d));
  const predicted = argmaxClasses(meanSd(scores).mean, n, classes);
  return scores.map((d) => Float64Array.from({ length: n }, (_, i) => d[i * classes + predicted[i]]));
}

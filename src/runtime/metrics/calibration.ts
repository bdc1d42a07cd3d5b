// Scores of probabilistic predictions (lower is better for all three), from each case's
// posterior mean probabilities. `probs` is P(y = 1) per case for a binary target (classes = 2)
// and row-major [n, K] class probabilities for a categorical one.
//
//   logLoss(labels, probs, classes)      → mean −log p(true class); probabilities clipped to
//                                          [1e-15, 1 − 1e-15] (and a categorical row
//                                          renormalized), as sklearn's log_loss(eps=1e-15)
//   brierScore(labels, probs, classes)   → binary: mean (p − y)², sklearn's brier_score_loss;
//                                          categorical: mean over cases of Σ_k (p_k − [y = k])²
//   reliability(labels, probs, classes, bins = 10) → equal-width bins of [0, 1] of the
//       confidence — P(y = 1) for a binary target, the predicted (most probable) class's
//       probability for a categorical one — with each bin's count, mean confidence and observed
//       frequency (of y = 1, or of the predicted class being right), and the expected
//       calibration error ECE = Σ_b (n_b / n)·|observed_b − confidence_b|. A value on an inner
//       edge goes to the bin below it, as sklearn's calibration_curve puts it.

export const LOG_LOSS_EPS = 1e-15;

export interface Reliability {
  /** What the confidence is the probability of. */
  of: 'y = 1' | 'the predicted class';
  /** Bin b is (lo[b], hi[b]] (the first includes 0). */
  lo: number[];
  hi: number[];
  count: number[];
  /** Mean confidence of the bin's cases; NaN for an empty bin. */
  confidence: number[];
  /** Fraction of the bin's cases with y = 1 (binary) or predicted right (categorical); NaN when empty. */
  observed: number[];
  ece: number;
}

export interface ProbabilityScores {
  nll: number;
  brier: number;
  ece: number;
  reliability: Reliability;
}

function rows(labels: ArrayLike<number>, probs: ArrayLike<number>, classes: number): number {
  const n = labels.length;
  const width = classes === 2 ? 1 : classes;
  if (probs.length !== n * width) throw new Error(`${n} labels but ${probs.length} probabilities (${width} per case)`);
  if (n === 0) throw new Error('no cases to score');
  return n;
}

const clip = (p: number) => Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, p));

export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, classes: number): number {
  const n = rows(labels, probs, classes);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (classes === 2) {
      // As sklearn: P(y = 1) is clipped, then its complement taken (which sums to 1 with it).
      const p = clip(probs[i]);
      s -= Math.log(labels[i] === 1 ? p : 1 - p);
      continue;
    }
    let total = 0;
    for (let k = 0; k < classes; k++) total += clip(probs[i * classes + k]);
    s -= Math.log(clip(probs[i * classes + labels[i]]) / total);
  }
  return s / n;
}

export function brierScore(labels: ArrayLike<number>, probs: ArrayLike<number>, classes: number): number {
  const n = rows(labels, probs, classes);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (classes === 2) s += (probs[i] - labels[i]) ** 2;
    else for (let k = 0; k < classes; k++) s += (probs[i * classes + k] - (labels[i] === k ? 1 : 0)) ** 2;
  }
  return s / n;
}

export function reliability(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  classes: number,
  bins = 10,
): Reliability {
  const n = rows(labels, probs, classes);
  const edges = Array.from({ length: bins + 1 }, (_, b) => b * (1 / bins));
  const count = new Array<number>(bins).fill(0);
  const sumConf = new Array<number>(bins).fill(0);
  const sumHit = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    let conf: number;
    let hit: number;
    if (classes === 2) {
      conf = probs[i];
      hit = labels[i] === 1 ? 1 : 0;
    } else {
      let best = 0;
      for (let k = 1; k < classes; k++) if (probs[i * classes + k] > probs[i * classes + best]) best = k;
      conf = probs[i * classes + best];
      hit = labels[i] === best ? 1 : 0;
    }
    let b = 0;
    while (b < bins - 1 && conf > edges[b + 1]) b++;
    count[b]++;
    sumConf[b] += conf;
    sumHit[b] += hit;
  }
  const confidence = count.map((c, b) => (c ? sumConf[b] / c : NaN));
  const observed = count.map((c, b) => (c ? sumHit[b] / c : NaN));
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += (count[b] / n) * Math.abs(observed[b] - confidence[b]);
  return {
    of: classes === 2 ? 'y = 1' : 'the predicted class',
    lo: edges.slice(0, -1),
    hi: edges.slice(1),
    count,
    confidence,
    observed,
    ece,
  };
}

export function probabilityScores(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  classes: number,
): ProbabilityScores {
  const r = reliability(labels, probs, classes);
  return {
    nll: logLoss(labels, probs, classes),
    brier: brierScore(labels, probs, classes),
    ece: r.ece,
    reliability: r,
  };
}

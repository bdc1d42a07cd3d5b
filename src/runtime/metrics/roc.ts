// ROC analysis of binary scores (label 1 = positive).
//
//   rocAuc(labels, scores)   → area under the ROC curve from ranks (Mann-Whitney U), tied
//                              scores sharing their average rank: equal to sklearn's
//                              roc_auc_score. NaN when only one class is present.
//   rocCurve(labels, scores) → { fpr, tpr, thresholds }: one point per distinct score, highest
//                              first, after the (0, 0) point at threshold +Infinity; a case counts
//                              as positive when its score ≥ the threshold. The same points as
//                              sklearn's roc_curve(..., drop_intermediate=False).
//
// A NaN score (a network whose output overflowed) does not stop them: the AUC is then NaN, and
// the curve's last point gathers the NaN cases at threshold NaN.

export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  if (labels.length !== scores.length) throw new Error(`${labels.length} labels but ${scores.length} scores`);
  const n = scores.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) return NaN;
  const order = sortedOrder(scores, true);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        pos++;
        rankSumPos += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  if (labels.length !== scores.length) throw new Error(`${labels.length} labels but ${scores.length} scores`);
  const n = scores.length;
  const order = sortedOrder(scores, false);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) P++;
  const N = n - P;
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n;) {
    const s = scores[order[i]];
    while (i < n && same(scores[order[i]], s)) {
      if (labels[order[i]] === 1) tp++;
      else fp++;
      i++;
    }
    curve.fpr.push(N === 0 ? NaN : fp / N);
    curve.tpr.push(P === 0 ? NaN : tp / P);
    curve.thresholds.push(s);
  }
  return curve;
}

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** NaN scores last, whatever the direction: a comparator that gives NaN would leave the order undefined. */
function sortedOrder(scores: ArrayLike<number>, ascending: boolean): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const key = (i: number) => (Number.isNaN(scores[i]) ? 1 : 0);
  return order.sort((a, b) => key(a) - key(b) || (ascending ? scores[a] - scores[b] : scores[b] - scores[a]));
}

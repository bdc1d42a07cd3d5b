// Metrics of a real-valued target: point predictions (e.g. the posterior predictive mean)
// against the observed values, and how often the observed value falls in a predictive interval.
//
//   rmse(y, pred), mae(y, pred)
//   r2(y, pred)                  → 1 - SS_res / SS_tot, as sklearn's r2_score (a constant y
//                                  gives 1 for a perfect prediction, else 0)
//   coverage(y, lo, hi)          → fraction of cases with lo ≤ y ≤ hi

function check(y: ArrayLike<number>, other: ArrayLike<number>): void {
  if (y.length !== other.length) throw new Error(`${y.length} values but ${other.length} predictions`);
  if (y.length === 0) throw new Error('no cases to score');
}

export function rmse(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(y, pred);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - pred[i]) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(y, pred);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - pred[i]);
  return s / y.length;
}

export function r2(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(y, pred);
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i] - pred[i]) ** 2;
    tot += (y[i] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

export function coverage(y: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  check(y, lo);
  check(y, hi);
  let inside = 0;
  for (let i = 0; i < y.length; i++) if (y[i] >= lo[i] && y[i] <= hi[i]) inside++;
  return inside / y.length;
}

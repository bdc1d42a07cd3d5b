// Classification metrics from labels and predicted classes (0..K-1), as sklearn computes them
// with labels = 0..K-1 and zero_division = 0: a class with no predictions has precision 0, one
// with no cases recall 0, and f1 = 2·tp / (2·tp + fp + fn), 0 when that is 0/0.
//
//   predictAtThreshold(scores, t)   → 1 where score ≥ t, else 0 (as sklearn's roc_curve counts)
//   argmaxClasses(probs, n, K)      → the most probable class of each case (row-major [n, K])
//   confusionMatrix(labels, pred, K) → K×K counts, rows true class, columns predicted
//   binaryConfusion(labels, pred)   → { tp, fp, fn, tn }
//   classificationReport(labels, pred, K) → per class precision/recall/f1/support, accuracy,
//                                     macro and weighted (by support) averages
//   accuracy(labels, pred), weightedF1(labels, pred, K), classF1(labels, pred, K)

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  /** Index = class. */
  classes: ClassScores[];
  accuracy: number;
  macro: ClassScores;
  weighted: ClassScores;
}

export interface BinaryConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function predictAtThreshold(scores: ArrayLike<number>, threshold: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] >= threshold ? 1 : 0;
  return out;
}

export function argmaxClasses(probs: ArrayLike<number>, n: number, classes: number): Uint8Array | Int32Array {
  if (probs.length !== n * classes) throw new Error(`expected ${n}×${classes} probabilities, got ${probs.length}`);
  const out = classes <= 256 ? new Uint8Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[i * classes + k] > probs[i * classes + best]) best = k;
    out[i] = best;
  }
  return out;
}

function checkLengths(labels: ArrayLike<number>, pred: ArrayLike<number>, classes?: number): void {
  if (labels.length !== pred.length) throw new Error(`${labels.length} labels but ${pred.length} predictions`);
  if (classes === undefined) return;
  const ok = (v: number) => Number.isInteger(v) && v >= 0 && v < classes;
  for (let i = 0; i < labels.length; i++) {
    if (!ok(labels[i]) || !ok(pred[i]))
      throw new Error(`case ${i}: label ${labels[i]} or prediction ${pred[i]} is not a class 0..${classes - 1}`);
  }
}

export function confusionMatrix(labels: ArrayLike<number>, pred: ArrayLike<number>, classes: number): number[][] {
  checkLengths(labels, pred, classes);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][pred[i]]++;
  return m;
}

export function binaryConfusion(labels: ArrayLike<number>, pred: ArrayLike<number>): BinaryConfusion {
  checkLengths(labels, pred, 2);
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      if (pred[i] === 1) c.tp++;
      else c.fn++;
    } else if (pred[i] === 1) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Per class: true positives, cases (support) and predictions. */
function classCounts(labels: ArrayLike<number>, pred: ArrayLike<number>, classes: number) {
  checkLengths(labels, pred, classes);
  const tp = new Float64Array(classes);
  const support = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    support[labels[i]]++;
    predicted[pred[i]]++;
    if (labels[i] === pred[i]) tp[labels[i]]++;
  }
  return { tp, support, predicted };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function classificationReport(
  labels: ArrayLike<number>,
  pred: ArrayLike<number>,
  classes: number,
): ClassificationReport {
  const { tp, support, predicted } = classCounts(labels, pred, classes);
  const rows: ClassScores[] = [];
  for (let k = 0; k < classes; k++) {
    rows.push({
      precision: ratio(tp[k], predicted[k]),
      recall: ratio(tp[k], support[k]),
      f1: ratio(2 * tp[k], support[k] + predicted[k]),
      support: support[k],
    });
  }
  const total = labels.length;
  const avg = (key: 'precision' | 'recall' | 'f1', weighted: boolean) =>
    weighted
      ? ratio(
          rows.reduce((s, r) => s + r[key] * r.support, 0),
          total,
        )
      : rows.reduce((s, r) => s + r[key], 0) / classes;
  const average = (weighted: boolean): ClassScores => ({
    precision: avg('precision', weighted),
    recall: avg('recall', weighted),
    f1: avg('f1', weighted),
    support: total,
  });
  return {
    classes: rows,
    accuracy: ratio(
      tp.reduce((a, b) => a + b, 0),
      total,
    ),
    macro: average(false),
    weighted: average(true),
  };
}

export function accuracy(labels: ArrayLike<number>, pred: ArrayLike<number>): number {
  checkLengths(labels, pred);
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === pred[i]) hit++;
  return ratio(hit, labels.length);
}

/** F1 of each class. */
export function classF1(labels: ArrayLike<number>, pred: ArrayLike<number>, classes: number): Float64Array {
  const { tp, support, predicted } = classCounts(labels, pred, classes);
  const f1 = new Float64Array(classes);
  for (let k = 0; k < classes; k++) f1[k] = ratio(2 * tp[k], support[k] + predicted[k]);
  return f1;
}

/** The F1 of each class averaged with weights = its support (sklearn's average='weighted'). */
export function weightedF1(labels: ArrayLike<number>, pred: ArrayLike<number>, classes: number): number {
  const { tp, support, predicted } = classCounts(labels, pred, classes);
  let s = 0;
  for (let k = 0; k < classes; k++) s += support[k] * ratio(2 * tp[k], support[k] + predicted[k]);
  return ratio(s, labels.length);
}

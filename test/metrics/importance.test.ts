import { describe, expect, it } from 'vitest';
import { drawSubset, permutationImportance, type ImportanceInput } from '../../src/runtime/metrics/importance.js';
import { Rng } from '../../src/runtime/rng.js';

// A toy posterior: draw d scores case i as sigmoid(w_d · (x_i0 + 0.2·x_i2)); column 1 is ignored.
// The weight differs between draws, so the drops differ between draws too.
const n = 200;
const width = 3;
function makeData(seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * width);
  rng.fillNormal(x);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = x[i * width] + 0.2 * x[i * width + 2] + 0.3 * rng.normal() > 0 ? 1 : 0;
  return { x, labels };
}
const weight = (d: number) => 0.5 + (d % 10) / 2;

function toyScore(calls: Int32Array[]) {
  return (x: Float32Array, draws: Int32Array) => {
    calls.push(draws);
    return Array.from(draws, (d) => {
      const s = new Float32Array(n);
      for (let i = 0; i < n; i++) s[i] = 1 / (1 + Math.exp(-weight(d) * (x[i * width] + 0.2 * x[i * width + 2])));
      return s;
    });
  };
}

function input(over: Partial<ImportanceInput> = {}, calls: Int32Array[] = []): ImportanceInput {
  const { x, labels } = makeData(5);
  return {
    x,
    width,
    columns: ['strong', 'unused', 'weak'],
    labels,
    classes: 2,
    threshold: 0.5,
    scoreFn: toyScore(calls),
    totalDraws: 1000,
    maxDraws: 40,
    repeats: 3,
    rng: new Rng(11),
    ...over,
  };
}

describe('permutation importance', () => {
  it('ranks the inputs the model uses, gives 0 to one it ignores, and leaves the matrix as it was', async () => {
    const inp = input();
    const before = Float32Array.from(inp.x);
    const r = await permutationImportance(inp);
    expect(Array.from(inp.x)).toEqual(Array.from(before));
    const [strong, unused, weak] = r.features;
    expect(strong.column).toBe('strong');
    expect(strong.drop.mean).toBeGreaterThan(0.3);
    expect(weak.drop.mean).toBeGreaterThan(0);
    expect(weak.drop.mean).toBeLessThan(strong.drop.mean);
    expect(unused.drop).toEqual({ mean: 0, sd: 0 });
    expect(unused.byClass).toEqual([
      { mean: 0, sd: 0 },
      { mean: 0, sd: 0 },
    ]);
    for (const c of strong.byClass) expect(c.mean).toBeGreaterThan(0.2);
    expect(r.baseline.f1.mean).toBeGreaterThan(0.8);
    expect(r.threshold).toBe(0.5);
  });

  it('computes the drop per draw: sd over draws is the spread of the per-draw drops', async () => {
    const r = await permutationImportance(input({ repeats: 1 }));
    expect(r.features[0].drop.sd).toBeGreaterThan(0);
    // With one draw there is no spread.
    const one = await permutationImportance(input({ totalDraws: 1, repeats: 1 }));
    expect(one.draws).toBe(1);
    expect(one.features[0].drop.sd).toBe(0);
  });

  it('scores a subset of evenly spaced draws, 1 + width × repeats times', async () => {
    const calls: Int32Array[] = [];
    const r = await permutationImportance(input({ maxDraws: 40, repeats: 3 }, calls));
    expect(r.draws).toBe(40);
    expect(calls).toHaveLength(1 + width * 3);
    expect(Array.from(calls[0].subarray(0, 3))).toEqual([0, 25, 50]);
    expect(Array.from(drawSubset(5, 100))).toEqual([0, 1, 2, 3, 4]);
  });

  it('is fixed by the seed', async () => {
    const a = await permutationImportance(input({ rng: new Rng(3) }));
    const b = await permutationImportance(input({ rng: new Rng(3) }));
    const c = await permutationImportance(input({ rng: new Rng(4) }));
    expect(a).toEqual(b);
    expect(a.features[0].drop.mean).not.toBe(c.features[0].drop.mean);
  });

  it('handles a categorical target with argmax predictions and an async scoreFn', async () => {
    const k = 3;
    const rows = 90;
    const x = new Float32Array(rows * 2);
    const labels = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      labels[i] = i % k;
      x[i * 2] = labels[i];
      x[i * 2 + 1] = (i * 7) % 5;
    }
    const scoreFn = async (m: Float32Array, draws: Int32Array) =>
      Array.from(draws, () => {
        const p = new Float32Array(rows * k);
        for (let i = 0; i < rows; i++) p[i * k + Math.round(m[i * 2])] = 1;
        return p;
      });
    const r = await permutationImportance({
      x,
      width: 2,
      columns: ['c', 'noise'],
      labels,
      classes: k,
      scoreFn,
      totalDraws: 10,
      repeats: 2,
      rng: new Rng(1),
    });
    expect(r.threshold).toBeNull();
    expect(r.baseline.f1).toEqual({ mean: 1, sd: 0 });
    expect(r.features[0].drop.mean).toBeGreaterThan(0.3);
    expect(r.features[0].byClass).toHaveLength(3);
    expect(r.features[1].drop).toEqual({ mean: 0, sd: 0 });
  });

  it('scores a subset of the draws: 100 of 1000 by default', async () => {
    const rows = 400;
    const w = 8;
    const rng = new Rng(9);
    const x = rng.fillNormal(new Float32Array(rows * w));
    const labels = Uint8Array.from({ length: rows }, (_, i) => (x[i * w] > 0 ? 1 : 0));
    // A linear model per draw, so the time measured is mostly permutationImportance's own.
    const params = Array.from({ length: 1000 }, () => rng.fillNormal(new Float32Array(w)));
    const scoreFn = (m: Float32Array, draws: Int32Array) =>
      Array.from(draws, (d) => {
        const p = params[d];
        const s = new Float32Array(rows);
        for (let i = 0; i < rows; i++) {
          let z = 0;
          for (let j = 0; j < w; j++) z += m[i * w + j] * p[j];
          s[i] = 1 / (1 + Math.exp(-z));
        }
        return s;
      });
    const r = await permutationImportance({
      x,
      width: w,
      columns: Array.from({ length: w }, (_, j) => `x${j}`),
      labels,
      classes: 2,
      scoreFn,
      totalDraws: 1000,
      repeats: 5,
      rng: new Rng(2),
    });
    expect(r.draws).toBe(100);
  });
});

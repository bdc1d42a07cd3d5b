// Fitting data generated from known parameters: the posterior should cover the truth within
// its own uncertainty (|mean − truth| < 3 sd + slack).

import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { fitVI } from '../../src/runtime/vi/fit.js';
import { posteriorDraws, predictScores } from '../../src/runtime/vi/posterior.js';
import { Rng } from '../../src/runtime/rng.js';
import { add, makeIR, mm, p, param, randomFeatures, x } from '../compiler/models.js';

function covers(name: string, mean: number, sd: number, truth: number, slack: number): void {
  expect(
    Math.abs(mean - truth),
    `${name}: posterior ${mean.toFixed(3)} ± ${sd.toFixed(3)}, truth ${truth}`,
  ).toBeLessThan(3 * sd + slack);
}

describe('posterior recovers known parameters', () => {
  it('logistic regression (Bernoulli logit), full batch and minibatches', async () => {
    const wTrue = [1.5, -2, 0.5];
    const bTrue = 0.5;
    const rng = new Rng(100);
    const n = 600;
    const f = randomFeatures(n, { x: 3 }, rng);
    const X = f.features.x;
    const target = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const z = bTrue + wTrue[0] * X[i * 3] + wTrue[1] * X[i * 3 + 1] + wTrue[2] * X[i * 3 + 2];
      target[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    const ir = makeIR({
      params: [param('w', [3]), param('b', [])],
      likelihood: { dist: 'Bernoulli', logit: add(mm(x(), p('w')), p('b')) },
      infer: { steps: 600, samples: 1, optimizer: { kind: 'adam', lr: 0.05, decay: 0.998 } },
    });
    const cm = await compileModel(ir);
    for (const batch of [null, 100]) {
      const fit = fitVI(cm, { ...f, target }, { ...ir.infer, batch }, new Rng(1));
      const truth = [...wTrue, bTrue];
      truth.forEach((t, i) => covers(`batch ${batch} θ[${i}]`, fit.loc[i], fit.scale[i], t, 0.1));
      // The posterior sd should be of the order of the sampling error, not the prior's.
      for (let i = 0; i < 4; i++) expect(fit.scale[i]).toBeLessThan(0.3);
    }
    cm.dispose();
  });

  it('softmax regression with 3 classes (Categorical logits)', async () => {
    // Class-contrast truth: only differences between class columns are identified.
    const W = [
      [0, 1.5, -1],
      [0, -1, 2],
    ];
    const b = [0, 0.5, -0.5];
    const rng = new Rng(200);
    const n = 900;
    const f = randomFeatures(n, { x: 2 }, rng);
    const X = f.features.x;
    const target = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const logits = [0, 1, 2].map((k) => b[k] + W[0][k] * X[i * 2] + W[1][k] * X[i * 2 + 1]);
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const s = e.reduce((a, c) => a + c, 0);
      let u = rng.next() * s;
      let k = 0;
      while (k < 2 && u >= e[k]) u -= e[k++];
      target[i] = k;
    }
    const ir = makeIR({
      widths: { x: 2 },
      params: [param('W', [2, 3]), param('b', [3])],
      likelihood: { dist: 'Categorical', classes: 3, logits: add(mm(x(), p('W')), p('b')) },
      infer: { steps: 700, samples: 1, optimizer: { kind: 'adam', lr: 0.05, decay: 0.998 } },
    });
    const cm = await compileModel(ir);
    const fit = fitVI(cm, { ...f, target }, ir.infer, new Rng(2));
    // Contrasts against class 0: W[j][k] − W[j][0] and b[k] − b[0].
    const at = (r: number, k: number) => r * 3 + k;
    for (let k = 1; k < 3; k++) {
      for (let r = 0; r < 2; r++) {
        const m = fit.loc[at(r, k)] - fit.loc[at(r, 0)];
        const sd = Math.hypot(fit.scale[at(r, k)], fit.scale[at(r, 0)]);
        covers(`W[${r}][${k}] − W[${r}][0]`, m, sd, W[r][k] - W[r][0], 0.15);
      }
      const m = fit.loc[6 + k] - fit.loc[6];
      covers(`b[${k}] − b[0]`, m, Math.hypot(fit.scale[6 + k], fit.scale[6]), b[k] - b[0], 0.15);
    }
    // Predicted class probabilities: [S, n, 3], rows summing to one.
    const draws = posteriorDraws(fit, 20, new Rng(3));
    const sc = predictScores(cm, draws, f);
    expect(sc.shape).toEqual([20, n, 3]);
    for (let i = 0; i < 5; i++)
      expect(sc.values[i * 3] + sc.values[i * 3 + 1] + sc.values[i * 3 + 2]).toBeCloseTo(1, 5);
    cm.dispose();
  });

  it('linear regression with known noise (Normal likelihood, HalfNormal sigma)', async () => {
    const wTrue = [1, -0.5, 2];
    const bTrue = 0.3;
    const sTrue = 0.5;
    const rng = new Rng(300);
    const n = 400;
    const f = randomFeatures(n, { x: 3 }, rng);
    const X = f.features.x;
    const target = Float32Array.from(
      { length: n },
      (_, i) => bTrue + wTrue[0] * X[i * 3] + wTrue[1] * X[i * 3 + 1] + wTrue[2] * X[i * 3 + 2] + sTrue * rng.normal(),
    );
    const ir = makeIR({
      params: [param('w', [3]), param('b', []), param('s', [], { dist: 'HalfNormal', sigma: 1 })],
      likelihood: { dist: 'Normal', mean: add(mm(x(), p('w')), p('b')), sigma: p('s') },
      infer: { steps: 700, samples: 1, optimizer: { kind: 'adam', lr: 0.05, decay: 0.998 } },
    });
    const cm = await compileModel(ir);
    const fit = fitVI(cm, { ...f, target }, ir.infer, new Rng(3));
    [...wTrue, bTrue].forEach((t, i) => covers(`θ[${i}]`, fit.loc[i], fit.scale[i], t, 0.03));
    // sigma is stored as log sigma.
    covers('log sigma', fit.loc[4], fit.scale[4], Math.log(sTrue), 0.05);
    // Predictions are the mean x·w + b.
    const draws = posteriorDraws(fit, 50, new Rng(4));
    const sc = predictScores(cm, draws, f);
    expect(sc.shape).toEqual([50, n]);
    let mean0 = 0;
    for (let s = 0; s < 50; s++) mean0 += sc.values[s * n] / 50;
    const want = fit.loc[3] + fit.loc[0] * X[0] + fit.loc[1] * X[1] + fit.loc[2] * X[2];
    expect(Math.abs(mean0 - want)).toBeLessThan(0.05);
    cm.dispose();
  });
});

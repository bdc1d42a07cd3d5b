// The VI health check: PSIS k̂ is small where a mean-field Normal guide can match the posterior
// and large where it cannot; the ELBO flatness rule; hidden units left at their prior.
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import type { TrainingData } from '../../src/compiler/data.js';
import { fitVI, type VIFit } from '../../src/runtime/vi/fit.js';
import { elboFlat, unitsAtPrior, viHealth } from '../../src/runtime/vi/health.js';
import { Rng } from '../../src/runtime/rng.js';
import { fitDiagnosticsLines } from '../../src/runtime/report/text.js';
import { add, c, makeIR, mm, p, param, x } from '../compiler/models.js';

/**
 * y = x·w + b + N(0, 1) noise, the noise sd known to the model: a Normal posterior. Orthogonal
 * design: the inputs are the ±1 columns of a 2² factorial, so X'X and the posterior precision
 * are diagonal and a mean-field guide can be the posterior. Collinear: x₂ = x₁ + 0.01 noise.
 */
function regression(n: number, design: 'orthogonal' | 'collinear', rng: Rng): TrainingData {
  const X = new Float32Array(n * 2);
  const target = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = design === 'orthogonal' ? (i % 2 ? 1 : -1) : rng.normal();
    const b = design === 'orthogonal' ? ((i >> 1) % 2 ? 1 : -1) : a + 0.01 * rng.normal();
    X[i * 2] = a;
    X[i * 2 + 1] = b;
    target[i] = 0.5 * a + 0.5 * b + 0.3 + rng.normal();
  }
  return { n, features: { x: X }, widths: { x: 2 }, target };
}

const IR = makeIR({
  widths: { x: 2 },
  params: [param('w', [2]), param('b', [])],
  likelihood: { dist: 'Normal', mean: add(mm(x(), p('w')), p('b')), sigma: c(1) },
  infer: { steps: 1500, samples: 8, optimizer: { kind: 'adam', lr: 0.02, decay: 0.998 } },
});

const logNormal = (v: number, mu: number, sd: number) =>
  -0.5 * ((v - mu) / sd) ** 2 - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);

/** The exact posterior of the orthogonal design (w₁, w₂, b all N(0, 1) a priori) and log p(y). */
function exactPosterior(d: TrainingData): { loc: Float64Array; scale: Float64Array; logEvidence: number } {
  const X = d.features.x;
  const y = d.target as Float32Array;
  const col = (j: number, i: number) => (j < 2 ? X[i * 2 + j] : 1);
  const loc = new Float64Array(3);
  const scale = new Float64Array(3);
  for (let j = 0; j < 3; j++) {
    let xy = 0;
    for (let i = 0; i < d.n; i++) xy += col(j, i) * y[i];
    loc[j] = xy / (d.n + 1);
    scale[j] = 1 / Math.sqrt(d.n + 1);
  }
  // log p(y) = log p(y | θ) + log p(θ) − log p(θ | y) at θ = the posterior mean.
  let logEvidence = 0;
  for (let i = 0; i < d.n; i++) logEvidence += logNormal(y[i], loc[0] * col(0, i) + loc[1] * col(1, i) + loc[2], 1);
  for (let j = 0; j < 3; j++) logEvidence += logNormal(loc[j], 0, 1) - logNormal(loc[j], loc[j], scale[j]);
  return { loc, scale, logEvidence };
}

describe('viHealth', () => {
  it('the exact posterior as the guide: equal weights (k̂ = −∞) and the ELBO is log p(y)', async () => {
    const cm = await compileModel(IR, { backend: 'js' });
    const data = regression(200, 'orthogonal', new Rng(1));
    const fit = fitVI(cm, data, { ...IR.infer, steps: 10 }, new Rng(2));
    const exact = exactPosterior(data);
    const h = viHealth(cm, data, { ...fit, loc: exact.loc, scale: exact.scale }, new Rng(3), { draws: 200 });
    expect(h.psis_khat).toBe(-Infinity);
    expect(h.final_elbo).toBeCloseTo(exact.logEvidence, 6);
    expect(h.final_elbo_se).toBeLessThan(1e-9);
    cm.dispose();
  });

  it('k̂ < 0.5 for a fitted guide where mean-field can match the posterior', async () => {
    const cm = await compileModel(IR, { backend: 'js' });
    const data = regression(200, 'orthogonal', new Rng(1));
    const fit = fitVI(cm, data, IR.infer, new Rng(2));
    const h = viHealth(cm, data, fit, new Rng(3).fork('health'));
    expect(h.psis_khat).toBeLessThan(0.5);
    expect(h.warning).toBeUndefined();
    expect(h.draws).toBe(1000);
    // The many-draw ELBO agrees with the trace's last values within their noise.
    const tail = fit.trace.elbo.slice(-100);
    const traceMean = tail.reduce((a, b) => a + b, 0) / tail.length;
    expect(Math.abs(h.final_elbo - traceMean)).toBeLessThan(1);
    expect(h.final_elbo_se).toBeGreaterThan(0);
    expect(h.final_elbo_se).toBeLessThan(0.2);
    expect(h.elbo_flat).toBe(true);
    cm.dispose();
  });

  it('k̂ > 0.7, with a warning, where it cannot (two almost collinear inputs)', async () => {
    const cm = await compileModel(IR, { backend: 'js' });
    const data = regression(200, 'collinear', new Rng(4));
    const fit = fitVI(cm, data, IR.infer, new Rng(5));
    const h = viHealth(cm, data, fit, new Rng(6));
    expect(h.psis_khat).toBeGreaterThan(0.7);
    expect(h.warning).toMatch(/not a usable approximation.*infer nuts/);
    cm.dispose();
  });

  it('the same seed gives the same diagnostics', async () => {
    const cm = await compileModel(IR, { backend: 'js' });
    const data = regression(100, 'orthogonal', new Rng(7));
    const fit = fitVI(cm, data, { ...IR.infer, steps: 300 }, new Rng(8));
    const a = viHealth(cm, data, fit, new Rng(9), { draws: 200 });
    const b = viHealth(cm, data, fit, new Rng(9), { draws: 200, chunk: 7 });
    expect(b.psis_khat).toBe(a.psis_khat);
    expect(b.final_elbo).toBeCloseTo(a.final_elbo, 9);
    cm.dispose();
  });
});

describe('elboFlat', () => {
  it('a rising trace is not flat; a noisy level one is', () => {
    const rng = new Rng(10);
    const rising = Array.from({ length: 1000 }, (_, i) => -1000 + i * 0.5 + rng.normal(0, 5));
    const level = Array.from({ length: 1000 }, () => -500 + rng.normal(0, 5));
    expect(elboFlat(rising).flat).toBe(false);
    expect(elboFlat(rising).change).toBeGreaterThan(0);
    expect(elboFlat(level).flat).toBe(true);
    expect(elboFlat([1, 2, 3]).flat).toBe(false);
  });
});

describe('unitsAtPrior', () => {
  it('counts the columns of a weight matrix whose guide is its prior', async () => {
    const ir = makeIR({
      widths: { x: 3 },
      params: [param('W', [3, 4]), param('v', [4])],
      likelihood: { dist: 'Bernoulli', logit: mm(mm(x(), p('W')), p('v')) },
    });
    const cm = await compileModel(ir, { backend: 'js' });
    const loc = new Float64Array(cm.dim);
    const scale = new Float64Array(cm.dim).fill(1);
    // W is [3, 4] row-major: columns 1 and 3 move away from the prior, 0 and 2 stay.
    for (let r = 0; r < 3; r++) {
      loc[r * 4 + 1] = 1.5;
      scale[r * 4 + 3] = 0.2;
    }
    loc[0] = 0.05; // a small move stays under the threshold
    const fit: Pick<VIFit, 'loc' | 'scale'> = { loc, scale };
    expect(unitsAtPrior(cm, fit)).toEqual([{ name: 'W', units: 4, at_prior: 2, columns: [0, 2] }]);
    cm.dispose();
  });
});

describe('the printed block', () => {
  it('says what k̂ means, the ELBO with its se, and the units at their prior', () => {
    const lines = fitDiagnosticsLines({
      psis_khat: 1.776,
      draws: 1000,
      final_elbo: -1142.48,
      final_elbo_se: 0.3,
      elbo_flat: false,
      elbo_last_change: { change: 4.2, se: 1.1 },
      units_at_prior: [{ name: 'W0', units: 12, at_prior: 9, columns: [0, 1, 2, 3, 4, 5, 6, 7, 8] }],
      seconds: 0.5,
    }).join('\n');
    expect(lines).toContain('PSIS k̂ 1.78 (above 0.7: the guide is not a usable approximation of the posterior)');
    expect(lines).toContain('ELBO -1142.48 ± 0.30');
    expect(lines).toContain('flat over the last 10% of the steps: no (changed by 4.20 ± 1.10)');
    expect(lines).toContain('W0 9 of 12');
  });
});

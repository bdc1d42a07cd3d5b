// fitVI's contract: determinism, no tensor leaks, divergence errors, progress and trace,
// minibatch scaling, checkpoints.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { IRViInfer } from '../../src/compiler/ir.js';
import { compileModel } from '../../src/compiler/compile.js';
import type { TrainingData } from '../../src/compiler/data.js';
import { fitVI } from '../../src/runtime/vi/fit.js';
import { FitDivergedError } from '../../src/runtime/vi/errors.js';
import { loadFit, serializeFit } from '../../src/runtime/vi/serialize.js';
import { paramSamples, posteriorDraws, predictScores } from '../../src/runtime/vi/posterior.js';
import { Rng } from '../../src/runtime/rng.js';
import { act, add, c, makeIR, mm, mul, node, p, param, randomFeatures, x, type ViIRModel } from '../compiler/models.js';
import { thrown } from '../data/helpers.js';

function mlp(infer: Partial<IRViInfer> = {}): ViIRModel {
  return makeIR({
    params: [
      param('W1', [3, 6]),
      param('b1', [6]),
      param('W2', [6, 1]),
      param('b2', [1]),
      param('t', [], { dist: 'Laplace', mu: 0, b: 1 }),
    ],
    nodes: [
      { name: 'h', expr: act('relu', add(mm(x(), p('W1')), p('b1'))) },
      { name: 'z', expr: add(mm(node('h'), p('W2')), p('b2')) },
    ],
    likelihood: { dist: 'Bernoulli', prob: act('sigmoid', add(node('z'), mul(p('t'), c(0.1)))) },
    infer: { steps: 30, samples: 2, optimizer: { kind: 'adam', lr: 0.05, decay: 0.99 }, ...infer },
  });
}

function binaryData(n: number, seed: number): TrainingData {
  const rng = new Rng(seed);
  const f = randomFeatures(n, { x: 3 }, rng);
  const X = f.features.x;
  return {
    ...f,
    target: Float32Array.from({ length: n }, (_, i) => (X[i * 3] * X[i * 3 + 1] + 0.3 * rng.normal() > 0 ? 1 : 0)),
  };
}

describe('fitVI', () => {
  it('gives identical numbers for the same seed, different ones for another', async () => {
    const ir = mlp({ batch: 32 });
    const data = binaryData(100, 1);
    const cm = await compileModel(ir);
    const a = fitVI(cm, data, ir.infer, new Rng(7));
    const b = fitVI(cm, data, ir.infer, new Rng(7));
    const other = fitVI(cm, data, ir.infer, new Rng(8));
    expect(Array.from(b.loc)).toEqual(Array.from(a.loc));
    expect(Array.from(b.scale)).toEqual(Array.from(a.scale));
    expect(b.trace).toEqual(a.trace);
    expect(Array.from(other.loc)).not.toEqual(Array.from(a.loc));
    const da = predictScores(cm, posteriorDraws(a, 10, new Rng(1)), data);
    const db = predictScores(cm, posteriorDraws(b, 10, new Rng(1)), data);
    expect(Array.from(db.values)).toEqual(Array.from(da.values));
    cm.dispose();
  });

  it('keeps the number of tensors constant across steps and releases everything', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      for (const batch of [null, 40]) {
        const ir = mlp({ batch });
        const data = binaryData(100, 2);
        const cm = await compileModel(ir, { backend });
        const before = tf.memory().numTensors;
        const counts: number[] = [];
        fitVI(cm, data, ir.infer, new Rng(1), () => counts.push(tf.memory().numTensors), { progressEvery: 5 });
        expect(counts.length).toBe(6);
        expect(new Set(counts).size, `${backend}, batch ${batch}: ${counts.join(' ')}`).toBe(1);
        expect(tf.memory().numTensors).toBe(before);
        const fit = fitVI(cm, data, ir.infer, new Rng(1));
        predictScores(cm, posteriorDraws(fit, 30, new Rng(2)), data);
        expect(tf.memory().numTensors).toBe(before);
        cm.dispose();
      }
    }
  });

  it('reports progress every k steps and returns a subsampled ELBO trace', async () => {
    const ir = mlp({ steps: 250, samples: 1 });
    const data = binaryData(30, 3);
    const cm = await compileModel(ir);
    const seen: [number, number, number, number][] = [];
    const fit = fitVI(
      cm,
      data,
      ir.infer,
      new Rng(1),
      (step, elbo, parts) => seen.push([step, elbo, parts.loglik, parts.kl]),
      {
        progressEvery: 60,
        maxTracePoints: 100,
      },
    );
    expect(seen.map((s) => s[0])).toEqual([60, 120, 180, 240, 250]);
    for (const [, elbo, ll, kl] of seen) {
      expect(elbo).toBeCloseTo(ll - kl, 6);
      expect(kl).toBeGreaterThan(0);
    }
    expect(fit.trace.step.length).toBeLessThanOrEqual(100);
    expect(fit.trace.step.length).toBeGreaterThanOrEqual(80);
    expect(fit.trace.step[fit.trace.step.length - 1]).toBe(250);
    expect(fit.trace.elbo.length).toBe(fit.trace.step.length);
    expect(fit.trace.loglik.length).toBe(fit.trace.step.length);
    expect(fit.trace.kl.length).toBe(fit.trace.step.length);
    // The ELBO improves.
    const head = fit.trace.elbo.slice(0, 10).reduce((a, b) => a + b) / 10;
    const tail = fit.trace.elbo.slice(-10).reduce((a, b) => a + b) / 10;
    expect(tail).toBeGreaterThan(head);
    cm.dispose();
  });

  it('stops with FitDivergedError naming the step when the ELBO is not finite', async () => {
    const data = binaryData(50, 4);
    // A NaN in the data: the first step's ELBO is NaN.
    const bad = { ...data, features: { x: Float32Array.from(data.features.x, (v, i) => (i === 7 ? Number.NaN : v)) } };
    const ir = mlp();
    const cm = await compileModel(ir);
    const err = thrown(() => fitVI(cm, bad, ir.infer, new Rng(1)), FitDivergedError);
    expect(err.step).toBe(1);
    expect(err.message).toMatch(/step 1.*smaller learning rate/);
    cm.dispose();

    // An absurd learning rate on an exponential mean overflows after a few steps.
    const reg = makeIR({
      params: [param('w', [3])],
      likelihood: { dist: 'Normal', mean: act('exp', mul(c(30), mm(x(), p('w')))), sigma: c(1) },
      infer: { steps: 200, optimizer: { kind: 'adam', lr: 50, decay: 1 } },
    });
    const real = { ...data, target: Float32Array.from({ length: 50 }, (_, i) => i % 3) };
    const cm2 = await compileModel(reg);
    let err2: unknown;
    const progress: number[] = [];
    try {
      fitVI(cm2, real, reg.infer, new Rng(1), (s) => progress.push(s), { progressEvery: 1 });
    } catch (e) {
      err2 = e;
    }
    expect(err2).toBeInstanceOf(FitDivergedError);
    const step = (err2 as FitDivergedError).step;
    expect(step).toBeGreaterThanOrEqual(1);
    expect(step).toBeLessThan(200);
    // Every step before the failing one completed.
    expect(progress.length).toBe(step - 1);
    expect((err2 as FitDivergedError).learningRate).toBe(50);
    cm2.dispose();
  });

  it('scales minibatch log-likelihoods by N / batch rows', async () => {
    const ir = mlp();
    const data = binaryData(120, 5);
    const cm = await compileModel(ir);
    const z = new Rng(3).fillNormal(new Float64Array(cm.dim)).map((v) => 0.5 * v);
    const full = cm.bind(data);
    const whole = cm.logLikelihood(z, 1, full, { grad: true });
    full.dispose();
    const perm = new Rng(4).permutation(120);
    let sum = 0;
    const gsum = new Float64Array(cm.dim);
    for (let k = 0; k < 4; k++) {
      const b = cm.bind(data, perm.subarray(k * 30, (k + 1) * 30));
      const r = cm.logLikelihood(z, 1, b, { grad: true, scale: 120 / 30 });
      b.dispose();
      sum += r.value[0] / 4;
      r.grad!.forEach((g, i) => (gsum[i] += g / 4));
    }
    // The average of the scaled batch estimates is the full-data value.
    expect(sum).toBeCloseTo(whole.value[0], 3);
    gsum.forEach((g, i) => expect(g).toBeCloseTo(whole.grad![i], 3));
    cm.dispose();
  });

  it('round-trips a fit through JSON and predicts the same from the checkpoint', async () => {
    const ir = makeIR({
      params: [param('w', [3]), param('s', [], { dist: 'HalfNormal', sigma: 1 })],
      likelihood: { dist: 'Normal', mean: mm(x(), p('w')), sigma: p('s') },
      infer: { steps: 50 },
    });
    const rng = new Rng(6);
    const f = randomFeatures(40, { x: 3 }, rng);
    const data = { ...f, target: Float32Array.from({ length: 40 }, () => rng.normal()) };
    const cm = await compileModel(ir);
    const fit = fitVI(cm, data, ir.infer, new Rng(1));
    const json = JSON.parse(JSON.stringify(serializeFit(fit)));
    expect(
      json.params.map((q: { name: string; shape: number[]; loc: number[] }) => [q.name, q.shape, q.loc.length]),
    ).toEqual([
      ['w', [3], 3],
      ['s', [], 1],
    ]);
    const back = loadFit(json);
    expect(Array.from(back.loc)).toEqual(Array.from(fit.loc));
    expect(Array.from(back.scale)).toEqual(Array.from(fit.scale));
    const a = predictScores(cm, posteriorDraws(fit, 25, new Rng(9)), f);
    const b = predictScores(cm, posteriorDraws(back, 25, new Rng(9)), f);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    // Positive parameters come back on their own scale.
    const sd = paramSamples(cm, posteriorDraws(back, 100, new Rng(1)), 's');
    expect(Math.min(...sd)).toBeGreaterThan(0);
    expect(() => loadFit({ ...json, format: 'x' })).toThrow(/not a bnnc VI checkpoint/);
    expect(() => loadFit({ ...json, params: [{ ...json.params[0], loc: [1] }] })).toThrow(/has 1 locs/);
    cm.dispose();
  });
});

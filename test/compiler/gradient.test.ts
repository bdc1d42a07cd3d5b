// The compiled log joint and its hand-written reverse-mode gradient, checked against an
// independent float64 evaluator and its central differences, on both backends, for every
// operation, activation, likelihood and prior kind; and S draws at once against one at a time.

import { describe, expect, it } from 'vitest';
import type { IRModel } from '../../src/compiler/ir.js';
import { compileModel } from '../../src/compiler/compile.js';
import { mergeDuplicateRows, selectRows, type TrainingData } from '../../src/compiler/data.js';
import { Rng } from '../../src/runtime/rng.js';
import { referenceGrad, referenceLogJoint } from './reference.js';
import {
  act,
  add,
  c,
  div,
  makeIR,
  mm,
  mul,
  neg,
  node,
  p,
  param,
  randomFeatures,
  randomFlat,
  sub,
  x,
} from './models.js';

const N = 16;

interface Case {
  name: string;
  ir: IRModel;
}

const HIERARCHICAL = makeIR({
  params: [
    param('tau', [], { dist: 'HalfNormal', sigma: 1 }),
    param('mu', []),
    { ...param('W', [3, 4]), noncentred: { loc: p('mu'), scale: p('tau') } },
    {
      ...param('v', [4, 1], { dist: 'HalfNormal', sigma: 1 }),
      noncentred: { loc: c(0), scale: act('sqrt', p('tau')) },
    },
    {
      ...param('s', [], { dist: 'LogNormal', mu: 0, sigma: 1 }),
      noncentred: { loc: p('mu'), scale: mul(c(2), p('tau')) },
    },
  ],
  nodes: [{ name: 'h', expr: act('tanh', mm(x(), p('W'))) }],
  likelihood: { dist: 'Normal', mean: mul(mm(node('h'), p('v')), p('s')), sigma: c(1) },
});

const cases: Case[] = [
  {
    name: 'relu MLP, Bernoulli(sigmoid) rewritten to a logit (fused path)',
    ir: makeIR({
      params: [param('W1', [3, 4]), param('b1', [4]), param('W2', [4, 1]), param('b2', [1])],
      nodes: [
        { name: 'h', expr: act('relu', add(mm(x(), p('W1')), p('b1'))) },
        { name: 'z', expr: add(mm(node('h'), p('W2')), p('b2')) },
      ],
      likelihood: { dist: 'Bernoulli', prob: act('sigmoid', node('z')) },
    }),
  },
  {
    name: 'tanh layer, vector weight, Bernoulli(prob) from constants',
    ir: makeIR({
      params: [param('W1', [3, 4]), param('b1', [4]), param('w2', [4])],
      nodes: [{ name: 'h', expr: act('tanh', add(p('b1'), mm(x(), p('W1')))) }],
      likelihood: { dist: 'Bernoulli', prob: mul(c(0.5), add(act('tanh', mm(node('h'), p('w2'))), c(1))) },
    }),
  },
  {
    name: 'elu, leaky_relu, softplus, exp, neg, sub, div by a positive scalar; Categorical(logits)',
    ir: makeIR({
      params: [
        param('W1', [3, 4]),
        param('b1', [4]),
        param('W2', [4, 3]),
        param('temp', [], { dist: 'HalfNormal', sigma: 2 }),
      ],
      nodes: [
        { name: 'h1', expr: act('elu', add(mm(x(), p('W1')), p('b1'))) },
        { name: 'h2', expr: act('leaky_relu', node('h1'), 0.1) },
        { name: 'h3', expr: sub(act('softplus', node('h2')), neg(act('exp', mul(node('h1'), c(0.1))))) },
      ],
      likelihood: { dist: 'Categorical', classes: 3, logits: div(mm(node('h3'), p('W2')), p('temp')) },
    }),
  },
  {
    name: 'Categorical(probs) that is not a bare softmax',
    ir: makeIR({
      params: [param('W', [3, 3]), param('b', [3])],
      likelihood: { dist: 'Categorical', classes: 3, probs: mul(c(1), act('softmax', add(mm(x(), p('W')), p('b')))) },
    }),
  },
  {
    name: 'Categorical(softmax) rewritten to logits through a node',
    ir: makeIR({
      params: [param('W', [3, 3]), param('b', [3])],
      nodes: [{ name: 'pr', expr: act('softmax', add(mm(x(), p('W')), p('b'))) }],
      likelihood: { dist: 'Categorical', classes: 3, probs: node('pr') },
    }),
  },
  {
    name: 'Normal regression: Laplace, StudentT, LogNormal and HalfNormal priors',
    ir: makeIR({
      params: [
        param('w', [3], { dist: 'Laplace', mu: 0, b: 1 }),
        param('b', [], { dist: 'StudentT', nu: 3, mu: 0, sigma: 2 }),
        param('a', [], { dist: 'LogNormal', mu: 0, sigma: 0.5 }),
        param('s', [], { dist: 'HalfNormal', sigma: 1 }),
      ],
      likelihood: { dist: 'Normal', mean: mul(p('a'), add(mm(x(), p('w')), p('b'))), sigma: p('s') },
    }),
  },
  {
    name: 'Normal with an [N, 1] mean from a sigmoid layer and a constant sigma',
    ir: makeIR({
      params: [param('W1', [3, 4]), param('b1', [4]), param('W2', [4, 1])],
      likelihood: { dist: 'Normal', mean: mm(act('sigmoid', add(mm(x(), p('W1')), p('b1'))), p('W2')), sigma: c(0.7) },
    }),
  },
  {
    name: 'two inputs, a vector-matrix bias and a hidden softmax',
    ir: makeIR({
      widths: { x1: 2, x2: 3 },
      params: [param('A', [2, 4]), param('B', [3, 4]), param('v', [2]), param('U', [2, 4]), param('o', [4])],
      nodes: [
        { name: 'h', expr: act('softmax', add(add(mm(x('x1'), p('A')), mm(x('x2'), p('B'))), mm(p('v'), p('U')))) },
      ],
      likelihood: { dist: 'Normal', mean: mm(node('h'), p('o')), sigma: c(0.5) },
    }),
  },
  {
    name: 'relu of a matmul plus a computed bias node',
    ir: makeIR({
      params: [param('W', [3, 4]), param('b', [4]), param('v', [4])],
      nodes: [
        { name: 'bb', expr: mul(p('b'), c(2)) },
        { name: 'h', expr: act('relu', add(mm(x(), p('W')), node('bb'))) },
      ],
      likelihood: { dist: 'Normal', mean: mm(node('h'), p('v')), sigma: c(1) },
    }),
  },
  {
    name: 'identity and relu without a bias, one-column output of a relu layer',
    ir: makeIR({
      params: [param('W1', [3, 5]), param('W2', [5, 1]), param('b2', [1])],
      nodes: [{ name: 'h', expr: act('relu', mm(x(), p('W1'))) }],
      likelihood: { dist: 'Bernoulli', logit: act('identity', add(mm(node('h'), p('W2')), p('b2'))) },
    }),
  },
  {
    name: 'hierarchical priors, non-centred: W ~ Normal(mu, tau), v ~ HalfNormal(sqrt(tau)), s ~ LogNormal(mu, 2 tau)',
    ir: HIERARCHICAL,
  },
  {
    name: 'StudentT likelihood with its degrees of freedom a parameter',
    ir: makeIR({
      params: [
        param('w', [3, 1]),
        param('nu', [], { dist: 'LogNormal', mu: 1, sigma: 0.5 }),
        param('s', [], { dist: 'HalfNormal', sigma: 1 }),
      ],
      likelihood: { dist: 'StudentT', nu: p('nu'), mean: mm(x(), p('w')), sigma: p('s') },
    }),
  },
  {
    name: 'Poisson likelihood, log-rate form',
    ir: makeIR({
      params: [param('w', [3, 1]), param('v', [3, 1])],
      likelihood: { dist: 'Poisson', logRate: add(mm(x(), p('w')), act('exp', mm(x(), p('v')))) },
    }),
  },
  {
    name: 'Poisson likelihood, rate form',
    ir: makeIR({
      params: [param('v', [3, 1])],
      likelihood: { dist: 'Poisson', rate: act('softplus', mm(x(), p('v'))) },
    }),
  },
];

function dataFor(ir: IRModel, rng: Rng): TrainingData {
  const widths = Object.fromEntries(ir.data.features.map((f) => [f.name, f.columns.length]));
  const f = randomFeatures(N, widths, rng);
  const l = ir.likelihood;
  const target =
    l.dist === 'Categorical'
      ? Int32Array.from({ length: N }, () => rng.int(l.classes))
      : l.dist === 'Bernoulli'
        ? Float32Array.from({ length: N }, () => rng.int(2))
        : l.dist === 'Poisson'
          ? Float32Array.from({ length: N }, () => rng.int(6))
          : Float32Array.from({ length: N }, () => rng.normal());
  return { ...f, target };
}

describe.each(['js', 'cpu', 'wasm'] as const)('compiled log joint on %s', (backend) => {
  it.each(cases)('$name', async ({ ir }) => {
    const rng = new Rng(11);
    const data = dataFor(ir, rng);
    // Blocks of 2 draws: the S = 3 check below runs one batched pass of 2 and one of 1.
    const cm = await compileModel(ir, { backend, drawBlock: 2, scoreBlock: 2 });
    try {
      for (let trial = 0; trial < 2; trial++) {
        const flat = randomFlat(cm.dim, rng, 0.6);
        const ref = referenceLogJoint(ir, flat, data);
        expect(Number.isFinite(ref)).toBe(true);
        expect(Math.abs(cm.logJoint(flat, data) - ref)).toBeLessThan(1e-4 * (1 + Math.abs(ref)));

        const { value, grad } = cm.logJointAndGrad(flat, data);
        expect(Math.abs(value - ref)).toBeLessThan(1e-4 * (1 + Math.abs(ref)));
        const fd = referenceGrad(ir, flat, data);
        const scale = Math.max(1, ...fd.map(Math.abs));
        for (let i = 0; i < cm.dim; i++) {
          expect(Math.abs(grad[i] - fd[i]), `d/dz[${i}]: ${grad[i]} vs ${fd[i]}`).toBeLessThan(
            1e-3 * (1 + Math.abs(fd[i])) + 1e-5 * scale,
          );
        }
      }

      // S draws in one batched pass, scaled by 2, equal twice S unscaled single-draw passes.
      const S = 3;
      const z = randomFlat(S * cm.dim, rng, 0.6);
      const bound = cm.bind(data);
      try {
        const all = cm.logLikelihood(z, S, bound, { grad: true, scale: 2 });
        for (let s = 0; s < S; s++) {
          const one = cm.logLikelihood(z.subarray(s * cm.dim, (s + 1) * cm.dim), 1, bound, { grad: true });
          expect(Math.abs(all.value[s] - 2 * one.value[0])).toBeLessThan(1e-4 * (1 + Math.abs(one.value[0])));
          for (let i = 0; i < cm.dim; i++) {
            const a = all.grad![s * cm.dim + i];
            const b = 2 * one.grad![i];
            expect(Math.abs(a - b), `draw ${s}, d/dz[${i}]`).toBeLessThan(1e-4 * (1 + Math.abs(b)));
          }
        }
        // Per-draw scores likewise.
        const sc = cm.scores(z, S, bound);
        const per = sc.values.length / S;
        for (let s = 0; s < S; s++) {
          const one = cm.scores(z.subarray(s * cm.dim, (s + 1) * cm.dim), 1, bound);
          expect(one.shape).toEqual([1, ...sc.shape.slice(1)]);
          one.values.forEach((v, i) =>
            expect(Math.abs(sc.values[s * per + i] - v)).toBeLessThan(1e-5 * (1 + Math.abs(v))),
          );
        }
      } finally {
        bound.dispose();
      }
    } finally {
      cm.dispose();
    }
  });
});

describe.each(['js', 'wasm'] as const)('weighted rows on %s', (backend) => {
  it('merging copies of rows into weights keeps the log joint and its gradient', async () => {
    const ir = cases[0].ir;
    const rng = new Rng(4);
    const base = dataFor(ir, rng);
    // Every row once, then some rows again: as upsampling makes them.
    const origin = Int32Array.from([...Array(N).keys(), 3, 5, 5, 0, 11]);
    const copies = { ...selectRows(base, origin), rows: origin };
    const merged = mergeDuplicateRows(copies);
    expect(merged.n).toBe(N);
    expect(Array.from(merged.weights!).reduce((a, b) => a + b, 0)).toBe(origin.length);
    const cm = await compileModel(ir, { backend });
    const flat = randomFlat(cm.dim, rng, 0.6);
    const a = cm.logJointAndGrad(flat, copies);
    const b = cm.logJointAndGrad(flat, merged);
    const tol = backend === 'js' ? 1e-10 : 1e-4;
    expect(Math.abs(a.value - b.value)).toBeLessThan(tol * (1 + Math.abs(a.value)));
    a.grad.forEach((g, i) => expect(Math.abs(g - b.grad[i])).toBeLessThan(tol * (1 + Math.abs(g))));
    cm.dispose();
  });
});

describe('the log density that samplers see', () => {
  it('gives the non-centred parameters as the model uses them, and unconstrain inverts it', async () => {
    const ir = HIERARCHICAL;
    const rng = new Rng(3);
    const cm = await compileModel(ir, { backend: 'js' });
    const d = cm.density(dataFor(ir, rng));
    const z = randomFlat(cm.dim, rng, 0.6);
    const theta = d.constrain(z);
    const at = (name: string, i = 0) => z[cm.layout.byName.get(name)!.offset + i];
    const tau = Math.exp(at('tau'));
    expect(theta.get('tau')![0]).toBeCloseTo(tau, 12);
    expect(theta.get('W')![5]).toBeCloseTo(at('mu') + tau * at('W', 5), 12);
    expect(theta.get('v')![2]).toBeCloseTo(Math.sqrt(tau) * Math.exp(at('v', 2)), 12);
    expect(theta.get('s')![0]).toBeCloseTo(Math.exp(at('mu') + 2 * tau * at('s')), 12);
    Array.from(d.unconstrain(theta)).forEach((x, i) => expect(x).toBeCloseTo(z[i], 10));
    // Draws of θ through the plan, as `weights` reports them.
    const two = Float64Array.from([...z, ...z]);
    expect(Array.from(cm.paramValues(two, 2, 'W')).slice(12)).toEqual(Array.from(theta.get('W')!));
    cm.dispose();
  });

  it('is the log joint with its gradient, and constrain / unconstrain are inverse', async () => {
    const ir = cases[5].ir;
    const rng = new Rng(9);
    const data = dataFor(ir, rng);
    const cm = await compileModel(ir, { backend: 'js' });
    const d = cm.density(data);
    const z = randomFlat(cm.dim, rng, 0.6);
    const g = new Float64Array(cm.dim);
    const v = d.logDensity(z, g);
    expect(v).toBeCloseTo(referenceLogJoint(ir, z, data), 8);
    expect(d.logDensity(z)).toBe(v);
    const fd = referenceGrad(ir, z, data);
    g.forEach((x, i) => expect(Math.abs(x - fd[i])).toBeLessThan(1e-5 * (1 + Math.abs(fd[i]))));
    const theta = d.constrain(z);
    expect(theta.get('s')![0]).toBeCloseTo(Math.exp(z[cm.layout.byName.get('s')!.offset]), 12);
    Array.from(d.unconstrain(theta)).forEach((x, i) => expect(x).toBeCloseTo(z[i], 12));
  });
});

import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/tf/compile.js';
import { rewriteStableLikelihood } from '../../src/compiler/tf/rewrite.js';
import { ModelShapeError } from '../../src/compiler/tf/shapes.js';
import { buildLayout } from '../../src/compiler/tf/layout.js';
import { Rng } from '../../src/runtime/rng.js';
import { referenceLogJoint } from './reference.js';
import { act, add, c, makeIR, mm, mul, node, p, param, randomFeatures, x } from './models.js';

describe('rewriteStableLikelihood', () => {
  it('turns Bernoulli(sigmoid(z)) into Bernoulli(logit = z), through node references', () => {
    const z = add(mm(x(), p('w')), p('b'));
    const ir = makeIR({
      params: [param('w', [3]), param('b', [])],
      nodes: [
        { name: 'z', expr: z },
        { name: 'pr', expr: act('sigmoid', node('z')) },
        { name: 'alias', expr: node('pr') },
      ],
      likelihood: { dist: 'Bernoulli', prob: node('alias') },
    });
    const before = JSON.stringify(ir);
    const out = rewriteStableLikelihood(ir);
    expect(out.likelihood).toEqual({ dist: 'Bernoulli', logit: node('z') });
    expect(JSON.stringify(ir)).toBe(before);
  });

  it('turns Categorical(softmax(z)) into Categorical(logits = z)', () => {
    const z = mm(x(), p('W'));
    const ir = makeIR({ params: [param('W', [3, 4])], likelihood: { dist: 'Categorical', classes: 4, probs: act('softmax', z) } });
    expect(rewriteStableLikelihood(ir).likelihood).toEqual({ dist: 'Categorical', classes: 4, logits: z });
  });

  it('leaves other probabilities alone', () => {
    const ir = makeIR({ params: [param('w', [3])], likelihood: { dist: 'Bernoulli', prob: mul(c(0.5), act('sigmoid', mm(x(), p('w')))) } });
    expect(rewriteStableLikelihood(ir)).toBe(ir);
  });

  it('keeps a saturated sigmoid finite and exact', async () => {
    // |logit| ≈ 200: log(sigmoid) in float32 would be log(0) without the rewrite.
    const ir = makeIR({ params: [param('w', [3])], likelihood: { dist: 'Bernoulli', prob: act('sigmoid', mul(c(200), mm(x(), p('w')))) } });
    const rng = new Rng(3);
    const f = randomFeatures(8, { x: 3 }, rng);
    const flat = Float64Array.of(1, 0.5, -0.3);
    const xs = f.features.x;
    // Every label is the unlikely one.
    const target = Float32Array.from({ length: 8 }, (_, i) => (xs[i * 3] + 0.5 * xs[i * 3 + 1] - 0.3 * xs[i * 3 + 2] > 0 ? 0 : 1));
    const data = { ...f, target };
    const cm = await compileModel(ir);
    const v = cm.logJoint(flat, data);
    const ref = referenceLogJoint(rewriteStableLikelihood(ir), flat, data);
    expect(ref).toBeLessThan(-100);
    expect(Math.abs(v - ref)).toBeLessThan(1e-4 * Math.abs(ref));
    cm.dispose();
  });
});

describe('shapes and layout', () => {
  it('rejects a matmul with mismatched inner dimensions when compiling', async () => {
    const ir = makeIR({ params: [param('W', [4, 2])], likelihood: { dist: 'Bernoulli', logit: mm(x(), p('W')) } });
    await expect(compileModel(ir)).rejects.toThrow(ModelShapeError);
    await expect(compileModel(ir)).rejects.toThrow(/inner dimensions/);
  });

  it('rejects operands that do not broadcast', async () => {
    const ir = makeIR({ params: [param('W', [3, 2]), param('b', [3])], likelihood: { dist: 'Bernoulli', logit: add(mm(x(), p('W')), p('b')) } });
    await expect(compileModel(ir)).rejects.toThrow(/broadcast/);
  });

  it('rejects a Bernoulli head with more than one column, and a Categorical head of the wrong width', async () => {
    const bern = makeIR({ params: [param('W', [3, 2])], likelihood: { dist: 'Bernoulli', logit: mm(x(), p('W')) } });
    await expect(compileModel(bern)).rejects.toThrow(/one value per row/);
    const cat = makeIR({ params: [param('W', [3, 2])], likelihood: { dist: 'Categorical', classes: 3, logits: mm(x(), p('W')) } });
    await expect(compileModel(cat)).rejects.toThrow(/must be \[N, 3\]/);
  });

  it('packs parameters in declaration order, positive ones flagged, with matmul fan-in', () => {
    const ir = makeIR({
      params: [param('W', [3, 4]), param('b', [4]), param('s', [], { dist: 'HalfNormal', sigma: 1 })],
      likelihood: { dist: 'Normal', mean: mm(act('tanh', add(mm(x(), p('W')), p('b'))), c(1)), sigma: p('s') },
    });
    const l = buildLayout(ir);
    expect(l.dim).toBe(17);
    expect(l.slots.map((s) => [s.name, s.offset, s.size, s.positive, s.fanIn])).toEqual([
      ['W', 0, 12, false, 3],
      ['b', 12, 4, false, null],
      ['s', 16, 1, true, null],
    ]);
  });
});

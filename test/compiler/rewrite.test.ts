import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { PlanShapeError } from '../../src/compiler/plan/plan.js';
import { planStages } from '../../src/compiler/programs.js';
import { buildLayout } from '../../src/compiler/layout.js';
import { Rng } from '../../src/runtime/rng.js';
import { referenceLogJoint } from './reference.js';
import { act, add, c, makeIR, mm, mul, node, p, param, randomFeatures, x } from './models.js';

/** The ops of the plan after the passes, in order. */
async function ops(ir: ReturnType<typeof makeIR>): Promise<string[]> {
  const cm = await compileModel(ir, { backend: 'js' });
  return cm.plan.instrs.map((i) => i.op);
}

describe('the stable-likelihood pass', () => {
  it('turns Bernoulli(sigmoid(z)) into the logit form, through node references', async () => {
    const ir = makeIR({
      params: [param('w', [3]), param('b', [])],
      nodes: [
        { name: 'z', expr: add(mm(x(), p('w')), p('b')) },
        { name: 'pr', expr: act('sigmoid', node('z')) },
        { name: 'alias', expr: node('pr') },
      ],
      likelihood: { dist: 'Bernoulli', prob: node('alias') },
    });
    const before = planStages(ir);
    expect(before[0].plan.instrs.map((i) => i.op)).toContain('bernoulli_lpmf');
    const after = await ops(ir);
    expect(after).toContain('bernoulli_logit_lpmf');
    expect(after).not.toContain('bernoulli_lpmf');
  });

  it('turns log(clip(softmax(z))) into z − logsumexp(z)', async () => {
    const ir = makeIR({
      params: [param('W', [3, 4])],
      likelihood: { dist: 'Categorical', classes: 4, probs: act('softmax', mm(x(), p('W'))) },
    });
    expect(planStages(ir)[0].plan.instrs.map((i) => i.op)).toContain('clip');
    const after = await ops(ir);
    expect(after).toContain('logsumexp_last');
    expect(after).not.toContain('log');
  });

  it('leaves other probabilities alone', async () => {
    const ir = makeIR({
      params: [param('w', [3])],
      likelihood: { dist: 'Bernoulli', prob: mul(c(0.5), act('sigmoid', mm(x(), p('w')))) },
    });
    expect(await ops(ir)).toContain('bernoulli_lpmf');
  });

  it.each(['js', 'wasm'] as const)('keeps a saturated sigmoid finite and exact (%s)', async (backend) => {
    // |logit| ≈ 200: log(sigmoid) in float32 would be log(0) without the rewrite.
    const head = mul(c(200), mm(x(), p('w')));
    const ir = makeIR({ params: [param('w', [3])], likelihood: { dist: 'Bernoulli', prob: act('sigmoid', head) } });
    const rng = new Rng(3);
    const f = randomFeatures(8, { x: 3 }, rng);
    const flat = Float64Array.of(1, 0.5, -0.3);
    const xs = f.features.x;
    // Every label is the unlikely one.
    const target = Float32Array.from({ length: 8 }, (_, i) =>
      xs[i * 3] + 0.5 * xs[i * 3 + 1] - 0.3 * xs[i * 3 + 2] > 0 ? 0 : 1,
    );
    const data = { ...f, target };
    const cm = await compileModel(ir, { backend });
    const v = cm.logJoint(flat, data);
    const ref = referenceLogJoint(
      makeIR({ params: [param('w', [3])], likelihood: { dist: 'Bernoulli', logit: head } }),
      flat,
      data,
    );
    expect(ref).toBeLessThan(-100);
    expect(Math.abs(v - ref)).toBeLessThan(1e-4 * Math.abs(ref));
    cm.dispose();
  });
});

describe('shapes and layout', () => {
  it('rejects a matmul with mismatched inner dimensions when compiling', async () => {
    const ir = makeIR({ params: [param('W', [4, 2])], likelihood: { dist: 'Bernoulli', logit: mm(x(), p('W')) } });
    await expect(compileModel(ir)).rejects.toThrow(PlanShapeError);
    await expect(compileModel(ir)).rejects.toThrow(/inner dimensions/);
  });

  it('rejects operands that do not broadcast', async () => {
    const ir = makeIR({
      params: [param('W', [3, 2]), param('b', [3])],
      likelihood: { dist: 'Bernoulli', logit: add(mm(x(), p('W')), p('b')) },
    });
    await expect(compileModel(ir)).rejects.toThrow(/broadcast/);
  });

  it('rejects a Bernoulli head with more than one column, and a Categorical head of the wrong width', async () => {
    const bern = makeIR({ params: [param('W', [3, 2])], likelihood: { dist: 'Bernoulli', logit: mm(x(), p('W')) } });
    await expect(compileModel(bern)).rejects.toThrow(/one value per row/);
    const cat = makeIR({
      params: [param('W', [3, 2])],
      likelihood: { dist: 'Categorical', classes: 3, logits: mm(x(), p('W')) },
    });
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

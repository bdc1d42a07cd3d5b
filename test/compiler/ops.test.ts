// The op table: every op has a backward rule (or is a leaf, a zero-gradient op or a derivative
// that backward rules emit), every backward rule agrees with central differences of the float64
// forward kernels, and every op has a TensorFlow.js kernel.

import { describe, expect, it } from 'vitest';
import { TF_KERNELS } from '../../src/compiler/exec/tf-kernels.js';
import { JsProgram } from '../../src/compiler/exec/js.js';
import { differentiate } from '../../src/compiler/plan/autodiff.js';
import { PlanBuilder } from '../../src/compiler/plan/builder.js';
import { OPS } from '../../src/compiler/plan/ops.js';
import {
  PlanShapeError,
  sizeOf,
  type Attrs,
  type Plan,
  type PlanSlot,
  type Shape,
} from '../../src/compiler/plan/plan.js';
import { Rng } from '../../src/runtime/rng.js';

const LEAVES = ['theta', 'const', 'input', 'target', 'weights'];

/** An argument: a parameter of this shape (values in `range`), a number, or the 0/1 target [N]. */
type Arg = { shape: number[]; range?: [number, number] } | { value: number } | 'target';

/** How to exercise each differentiable op: its arguments and settings. */
const SAMPLES: Record<string, { args: Arg[]; attrs?: Attrs }> = {
  neg: { args: [{ shape: [3, 2] }] },
  square: { args: [{ shape: [3, 2] }] },
  abs: { args: [{ shape: [3, 2] }] },
  log: { args: [{ shape: [3, 2], range: [0.5, 2] }] },
  exp: { args: [{ shape: [3, 2] }] },
  sqrt: { args: [{ shape: [3, 2], range: [0.5, 2] }] },
  relu: { args: [{ shape: [3, 2] }] },
  tanh: { args: [{ shape: [3, 2] }] },
  sigmoid: { args: [{ shape: [3, 2] }] },
  softplus: { args: [{ shape: [3, 2] }] },
  elu: { args: [{ shape: [3, 2] }] },
  leaky_relu: { args: [{ shape: [3, 2] }], attrs: { alpha: 0.1 } },
  clip: { args: [{ shape: [3, 2] }], attrs: { lo: -0.5, hi: 0.5 } },
  add: { args: [{ shape: [3, 2] }, { shape: [2] }] },
  sub: { args: [{ shape: [2] }, { shape: [3, 2] }] },
  mul: { args: [{ shape: [3, 2] }, { shape: [3, 1] }] },
  div: { args: [{ shape: [3, 2] }, { shape: [2], range: [0.5, 2] }] },
  normal_lpdf: { args: [{ shape: [3] }, { shape: [3] }, { shape: [1], range: [0.5, 2] }] },
  laplace_lpdf: { args: [{ shape: [3] }, { shape: [3] }, { shape: [], range: [0.5, 2] }] },
  student_t_lpdf: {
    args: [{ shape: [3] }, { shape: [], range: [1.5, 6] }, { shape: [3] }, { shape: [], range: [0.5, 2] }],
  },
  poisson_log_lpmf: { args: ['target', { shape: [1] }] },
  half_normal_lpdf: {
    args: [
      { shape: [3], range: [0.1, 2] },
      { shape: [], range: [0.5, 2] },
    ],
  },
  bernoulli_logit_lpmf: { args: ['target', { shape: [1] }] },
  bernoulli_lpmf: { args: ['target', { shape: [1], range: [0.2, 0.8] }] },
  matmul: { args: [{ shape: [3, 4] }, { shape: [4, 2] }] },
  dense: { args: [{ shape: [3, 4] }, { shape: [4, 2] }, { shape: [2] }], attrs: { act: 'relu' } },
  sum: { args: [{ shape: [3, 2] }] },
  sum_to: { args: [{ shape: [3, 2] }], attrs: { shape: [2] } },
  broadcast_to: { args: [{ shape: [2] }], attrs: { shape: [3, 2] } },
  reshape: { args: [{ shape: [3, 2] }], attrs: { shape: [6] } },
  sum_last: { args: [{ shape: [3, 2] }] },
  logsumexp_last: { args: [{ shape: [3, 2] }] },
  softmax: { args: [{ shape: [3, 2] }] },
};

const N = 4;
const TARGET = [0, 1, 1, 0];

/** sum(y) + sum(y²) of the op's result y, as a plan with each parameter argument a slot. */
function planOf(op: string, rng: Rng): { plan: Plan; theta: Float64Array } {
  const spec = SAMPLES[op];
  const b = new PlanBuilder();
  const slots: PlanSlot[] = [];
  const values: number[] = [];
  const args = spec.args.map((a) => {
    if (a === 'target') return b.emit('target', [], { shape: ['N'] as Shape });
    if ('value' in a) return b.constant(a.value);
    const size = sizeOf(a.shape);
    const slot = { name: `a${slots.length}`, shape: a.shape, size, offset: values.length, positive: false };
    slots.push(slot);
    const [lo, hi] = a.range ?? [-1.5, 1.5];
    for (let i = 0; i < size; i++) values.push(lo + (hi - lo) * rng.next());
    return b.emit('theta', [], { offset: slot.offset, size, shape: a.shape });
  });
  const y = b.emit(op, args, spec.attrs ?? {});
  const out = b.emit('add', [b.emit('sum', [y]), b.emit('sum', [b.emit('square', [y])])]);
  const plan: Plan = { instrs: b.instrs, slots, dim: values.length, outputs: new Map([['f', out]]) };
  return { plan, theta: Float64Array.from(values) };
}

describe('the op table', () => {
  it('gives every op a backward rule, or says why it needs none', () => {
    for (const [name, spec] of Object.entries(OPS)) {
      if (typeof spec.backward === 'function') continue;
      if (spec.backward === 'leaf') expect(LEAVES, name).toContain(name);
      else if (spec.backward === 'zero') expect(name).toBe('step');
      else expect(name, `${name} is a derivative op`).toMatch(/^(d\d?_|mask$)/);
    }
  });

  it('has a sample here for every differentiable op, so a new op is checked', () => {
    const differentiable = Object.entries(OPS)
      .filter(([, s]) => typeof s.backward === 'function')
      .map(([k]) => k);
    expect(differentiable.filter((k) => !SAMPLES[k])).toEqual([]);
  });

  it('has a TensorFlow.js kernel for every op that is not a leaf', () => {
    expect(Object.keys(OPS).filter((k) => !LEAVES.includes(k) && !TF_KERNELS[k])).toEqual([]);
  });

  it.each(Object.keys(SAMPLES))('%s: the backward rule agrees with central differences', (op) => {
    const rng = new Rng(7);
    const { plan, theta } = planOf(op, rng);
    const grad = differentiate(plan, 'f');
    const gp = new JsProgram(grad);
    const gs = gp.bind({ n: N, features: {}, widths: {}, target: TARGET });
    gp.run(gs, theta);
    const fp = new JsProgram(plan);
    const fs = fp.bind({ n: N, features: {}, widths: {}, target: TARGET });
    const f = (t: Float64Array) => {
      fp.run(fs, t);
      return fp.output(fs, 'f')[0];
    };
    expect(gp.output(gs, 'value')[0]).toBeCloseTo(f(theta), 10);
    const h = 1e-6;
    for (const slot of plan.slots) {
      const g = gp.output(gs, `grad:${slot.name}`);
      for (let i = 0; i < slot.size; i++) {
        const t = Float64Array.from(theta);
        t[slot.offset + i] += h;
        const up = f(t);
        t[slot.offset + i] -= 2 * h;
        const fd = (up - f(t)) / (2 * h);
        expect(Math.abs(g[i] - fd), `${op} d/d${slot.name}[${i}]: ${g[i]} vs ${fd}`).toBeLessThan(
          1e-6 * (1 + Math.abs(fd)),
        );
      }
    }
  });

  it('refuses to differentiate through an op without a backward rule', () => {
    const b = new PlanBuilder();
    const t = b.emit('theta', [], { offset: 0, size: 2, shape: [2] });
    const out = b.emit('sum', [b.emit('d_tanh', [t])]);
    const plan: Plan = {
      instrs: b.instrs,
      slots: [{ name: 't', shape: [2], size: 2, offset: 0, positive: false }],
      dim: 2,
      outputs: new Map([['f', out]]),
    };
    expect(() => differentiate(plan, 'f')).toThrow(PlanShapeError);
    expect(() => differentiate(plan, 'f')).toThrow(/'d_tanh' has no backward rule/);
  });

  it('refuses to differentiate a density in an argument it is not differentiable in', () => {
    const b = new PlanBuilder();
    const t = b.emit('theta', [], { offset: 0, size: 1, shape: [] });
    // The count of a Poisson is data: a count that depends on the parameters has no gradient.
    const out = b.emit('sum', [b.emit('poisson_log_lpmf', [t, b.constant(0.3)])]);
    const plan: Plan = {
      instrs: b.instrs,
      slots: [{ name: 'k', shape: [], size: 1, offset: 0, positive: false }],
      dim: 1,
      outputs: new Map([['f', out]]),
    };
    expect(() => differentiate(plan, 'f')).toThrow(/not differentiable in its argument 1/);
  });
});

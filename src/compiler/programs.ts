// A model's plan and the plans derived from it, made once per compiled model and shared by the
// executors: the forward plan after the passes, and on request the gradient plans of the log
// likelihood, of the log joint, and of the log prior of a set of parameters.

import type { IRModel } from './ir.js';
import { differentiate, withSum } from './plan/autodiff.js';
import { lowerToPlan } from './plan/lower.js';
import { fuse, pruneTo, stableLikelihood } from './plan/passes.js';
import type { Plan } from './plan/plan.js';

/** The stages of compilation, in order, for --emit plan. */
export function planStages(ir: IRModel): { name: string; plan: Plan }[] {
  const lowered = lowerToPlan(ir);
  const stable = stableLikelihood(lowered);
  const fused = fuse(stable);
  return [
    { name: 'lowered', plan: lowered },
    { name: 'after stableLikelihood', plan: stable },
    { name: 'after fuse', plan: fused },
  ];
}

export class Programs {
  readonly plan: Plan;
  private readonly made = new Map<string, Plan>();

  constructor(ir: IRModel) {
    this.plan = fuse(stableLikelihood(lowerToPlan(ir)));
  }

  get priorNames(): string[] {
    return this.plan.slots.map((s) => `prior:${s.name}`);
  }

  private memo(key: string, make: () => Plan): Plan {
    let p = this.made.get(key);
    if (!p) {
      p = make();
      this.made.set(key, p);
    }
    return p;
  }

  /** Outputs 'value' (Σ weight · log p(y | θ)) and 'grad:NAME'. */
  loglikGrad(): Plan {
    return this.memo('loglik-grad', () => differentiate(this.plan, 'loglik'));
  }

  /** Outputs 'value' (the log joint, Jacobians included) and 'grad:NAME'. */
  jointGrad(): Plan {
    return this.memo('joint-grad', () => differentiate(withSum(this.plan, ['loglik', ...this.priorNames]), 'total'));
  }

  /** Outputs 'value' (Σ of the named parameters' log priors) and 'grad:NAME'. */
  priorGrad(names: string[]): Plan {
    return this.memo(`prior-grad:${names.join(',')}`, () =>
      differentiate(
        withSum(
          this.plan,
          names.map((n) => `prior:${n}`),
        ),
        'total',
      ),
    );
  }

  /** Only the named outputs, e.g. ['score'] or ['loglik']. */
  only(names: string[]): Plan {
    return this.memo(`only:${names.join(',')}`, () => {
      const outputs = new Map(names.filter((n) => this.plan.outputs.has(n)).map((n) => [n, this.plan.outputs.get(n)!]));
      return { ...this.plan, instrs: pruneTo(this.plan.instrs, [...outputs.values()], outputs), outputs };
    });
  }
}

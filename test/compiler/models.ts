// Small hand-built IRModels and seeded data for the engine's tests.

import type { IRExpr, IRLikelihood, IRModel, IRNode, IRParam, IRPrior, IRViInfer } from '../../src/compiler/ir.js';
import type { TrainingData } from '../../src/compiler/data.js';
import { Rng } from '../../src/runtime/rng.js';

export const N01: IRPrior = { dist: 'Normal', mu: 0, sigma: 1 };

export const x = (name = 'x'): IRExpr => ({ op: 'input', name });
export const p = (name: string): IRExpr => ({ op: 'param', name });
export const node = (name: string): IRExpr => ({ op: 'node', name });
export const c = (value: number): IRExpr => ({ op: 'const', value });
export const mm = (a: IRExpr, b: IRExpr): IRExpr => ({ op: 'matmul', a, b });
export const add = (a: IRExpr, b: IRExpr): IRExpr => ({ op: 'add', a, b });
export const sub = (a: IRExpr, b: IRExpr): IRExpr => ({ op: 'sub', a, b });
export const mul = (a: IRExpr, b: IRExpr): IRExpr => ({ op: 'mul', a, b });
export const div = (a: IRExpr, b: IRExpr): IRExpr => ({ op: 'div', a, b });
export const neg = (a: IRExpr): IRExpr => ({ op: 'neg', a });
export const act = (fn: Extract<IRExpr, { op: 'act' }>['fn'], a: IRExpr, alpha?: number): IRExpr => ({
  op: 'act',
  fn,
  a,
  alpha,
});

export function param(name: string, shape: number[], prior: IRPrior = N01): IRParam {
  return { name, shape, prior, positive: prior.dist === 'HalfNormal' || prior.dist === 'LogNormal' };
}

/** A model fitted with VI, as every hand-built model is. */
export type ViIRModel = IRModel & { infer: IRViInfer };

export const DEFAULT_INFER: IRViInfer = {
  method: 'vi',
  guide: 'meanfield',
  optimizer: { kind: 'adam', lr: 0.05, decay: 1 },
  steps: 500,
  samples: 1,
  batch: null,
  seed: 1,
  restarts: 1,
  keep: 'best',
};

export function makeIR(opts: {
  params: IRParam[];
  nodes?: { name: string; expr: IRExpr }[];
  likelihood: IRLikelihood;
  widths?: Record<string, number>;
  infer?: Partial<IRViInfer>;
}): ViIRModel {
  const widths = opts.widths ?? { x: 3 };
  const l = opts.likelihood;
  const target =
    l.dist === 'Bernoulli'
      ? { name: 'y', column: 'y', kind: 'binary' as const }
      : l.dist === 'Categorical'
        ? { name: 'y', column: 'y', kind: 'categorical' as const, classes: l.classes }
        : l.dist === 'Poisson'
          ? { name: 'y', column: 'y', kind: 'count' as const }
          : { name: 'y', column: 'y', kind: 'real' as const };
  const nodes: IRNode[] = (opts.nodes ?? []).map((n) => ({ name: n.name, expr: n.expr, shape: [] }));
  return {
    name: 'test',
    sourceHash: 'test',
    modelHash: 'test',
    meaning: [],
    data: {
      columns: [],
      sets: [],
      splits: [],
      sources: [],
      derived: [],
      features: Object.entries(widths).map(([name, w]) => ({
        name,
        columns: Array.from({ length: w }, (_, i) => `${name}${i}`),
        standardize: false,
      })),
      target,
      trainSet: 'train',
      balance: [],
    },
    params: opts.params,
    nodes,
    likelihood: l,
    infer: { ...DEFAULT_INFER, ...opts.infer },
    evaluate: [],
  };
}

/** Standard normal features for every input of the widths map. */
export function randomFeatures(
  n: number,
  widths: Record<string, number>,
  rng: Rng,
): Pick<TrainingData, 'features' | 'widths' | 'n'> {
  const features: Record<string, Float32Array> = {};
  for (const [k, w] of Object.entries(widths)) features[k] = Float32Array.from({ length: n * w }, () => rng.normal());
  return { features, widths: { ...widths }, n };
}

/** A flat parameter vector of moderate size, seeded. */
export function randomFlat(dim: number, rng: Rng, sd = 0.5): Float64Array {
  return Float64Array.from({ length: dim }, () => sd * rng.normal());
}

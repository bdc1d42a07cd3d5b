// Draws from the fitted guide and batched prediction with them.
//
//   posteriorDraws(fit, S, rng) -> PosteriorDraws        S flat unconstrained vectors
//   predictScores(compiled, draws, features, opts?) -> Scores
//       per-draw P(y = 1) [S, n] (Bernoulli), class probabilities [S, n, K] (Categorical) or
//       mean [S, n] (Normal), evaluated in chunks of draws to bound memory; with { sigma: true },
//       the Normal likelihood's sigma [S, n]
//   paramSamples(compiled, draws, name) -> Float64Array [S, size] of θ (e^z for positive
//       parameters; loc + scale · base for non-centred ones)

import type { CompiledModel } from '../../compiler/compiled.js';
import type { FeatureData } from '../../compiler/data.js';
import type { Rng } from '../rng.js';
import type { VIFit } from './fit.js';

export interface PosteriorDraws {
  S: number;
  dim: number;
  /** Row-major [S, dim], unconstrained. */
  z: Float64Array;
}

export interface Scores {
  /** Row-major values of the given shape. */
  values: Float32Array;
  /** [S, n] or [S, n, K]. */
  shape: number[];
}

/** S draws of the guide; of a mixture of K guides, draws split evenly, in blocks, guide after guide. */
export function posteriorDraws(
  fit: Pick<VIFit, 'dim' | 'loc' | 'scale' | 'mixture'>,
  S: number,
  rng: Rng,
): PosteriorDraws {
  const D = fit.dim;
  const parts = fit.mixture ?? [fit];
  const z = new Float64Array(S * D);
  rng.fillNormal(z);
  for (let s = 0; s < S; s++) {
    const { loc, scale } = parts[Math.floor((s * parts.length) / S)];
    const o = s * D;
    for (let i = 0; i < D; i++) z[o + i] = loc[i] + scale[i] * z[o + i];
  }
  return { S, dim: D, z };
}

export interface PredictOptions {
  /** Draws per batched evaluation; default keeps about 4M activation values per chunk. */
  chunk?: number;
  /** The likelihood's noise scale sigma [S, n] instead of the scores (Normal, StudentT). */
  sigma?: boolean;
  /** StudentT's degrees of freedom [S, n] instead of the scores. */
  nu?: boolean;
}

export function predictScores(
  compiled: CompiledModel,
  draws: PosteriorDraws,
  features: FeatureData,
  opts: PredictOptions = {},
): Scores {
  if (draws.dim !== compiled.dim) throw new Error(`the draws have ${draws.dim} parameters, the model ${compiled.dim}`);
  const n = features.n;
  const widest = Math.max(
    1,
    ...compiled.inputNames.map((k) => features.widths[k] ?? 1),
    ...compiled.layout.slots.map((s) => s.shape[s.shape.length - 1] ?? 1),
  );
  const chunk = Math.max(1, Math.min(draws.S, opts.chunk ?? Math.floor(4_000_000 / Math.max(1, n * widest))));
  const bound = compiled.bind(features);
  try {
    let values: Float32Array | null = null;
    let shape: number[] = [];
    for (let s0 = 0; s0 < draws.S; s0 += chunk) {
      const s1 = Math.min(draws.S, s0 + chunk);
      const part = compiled.scores(draws.z.subarray(s0 * draws.dim, s1 * draws.dim), s1 - s0, bound, {
        sigma: opts.sigma,
        nu: opts.nu,
      });
      if (!values) {
        shape = [draws.S, ...part.shape.slice(1)];
        values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      }
      values.set(part.values, (values.length / draws.S) * s0);
    }
    return { values: values ?? new Float32Array(0), shape };
  } finally {
    bound.dispose();
  }
}

/** θ of one parameter at every draw, as the model uses it (through the plan for a non-centred one). */
export function paramSamples(
  compiled: Pick<CompiledModel, 'paramValues'>,
  draws: PosteriorDraws,
  name: string,
): Float64Array {
  return compiled.paramValues(draws.z, draws.S, name);
}

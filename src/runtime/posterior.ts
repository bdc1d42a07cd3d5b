// What a fit leaves to evaluate and predict with, whatever the method: a variational guide to
// draw from (VI), or the draws themselves (NUTS, chain after chain; MAP, one point).
//
//   fitDraws(fit, S, rng) -> PosteriorDraws     S draws of the guide; for a sample, S evenly
//                                               spaced draws of each chain's share (all when
//                                               S is at least the number kept), chain order kept

import { FitFormatError } from './fit-format-error.js';
import type { Rng } from './rng.js';
import { posteriorDraws, type PosteriorDraws, type VIFit, type VIParamInfo } from './vi/index.js';

export interface SampleFit {
  method: 'nuts' | 'map';
  modelName: string;
  sourceHash: string;
  dim: number;
  params: VIParamInfo[];
  /** Row-major [chains × perChain, dim], unconstrained, chain after chain. */
  draws: Float64Array;
  chains: number;
  perChain: number;
}

export type Fit = VIFit | SampleFit;

export function isSampleFit(fit: Fit): fit is SampleFit {
  return 'draws' in fit;
}

/** Draws to evaluate with; for a sample, `chains` says how they split into chains (equal shares). */
export function fitDraws(fit: Fit, S: number, rng: Rng): PosteriorDraws & { chains: number } {
  if (!isSampleFit(fit)) return { ...posteriorDraws(fit, S, rng), chains: 1 };
  const per = Math.max(1, Math.min(fit.perChain, Math.floor(S / fit.chains)));
  const z = new Float64Array(fit.chains * per * fit.dim);
  for (let c = 0; c < fit.chains; c++) {
    for (let k = 0; k < per; k++) {
      const src = c * fit.perChain + Math.floor((k * fit.perChain) / per);
      z.set(fit.draws.subarray(src * fit.dim, (src + 1) * fit.dim), (c * per + k) * fit.dim);
    }
  }
  return { S: fit.chains * per, dim: fit.dim, z, chains: fit.chains };
}

export const SAMPLE_FIT_FORMAT = 'bnnc-draws/1';

/** posterior.json's `fit` for NUTS and MAP: the draws, unconstrained, [chains × perChain, dim]. */
export interface SampleFitJSON {
  format: typeof SAMPLE_FIT_FORMAT;
  method: SampleFit['method'];
  modelName: string;
  sourceHash: string;
  params: { name: string; shape: number[]; positive: boolean }[];
  chains: number;
  perChain: number;
  draws: number[];
}

export function serializeSample(fit: SampleFit): SampleFitJSON {
  return {
    format: SAMPLE_FIT_FORMAT,
    method: fit.method,
    modelName: fit.modelName,
    sourceHash: fit.sourceHash,
    params: fit.params.map((p) => ({ name: p.name, shape: p.shape.slice(), positive: p.positive })),
    chains: fit.chains,
    perChain: fit.perChain,
    draws: Array.from(fit.draws),
  };
}

/** Throws a FitFormatError saying what is wrong with a tampered or truncated fit. */
export function loadSample(json: SampleFitJSON): SampleFit {
  if (json.method !== 'nuts' && json.method !== 'map')
    throw new FitFormatError({ kind: 'method', method: JSON.stringify(json.method) });
  let offset = 0;
  const params = json.params.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const info = { name: p.name, shape: p.shape.slice(), offset, size, positive: p.positive === true };
    offset += size;
    return info;
  });
  const { chains, perChain } = json;
  if (!Number.isInteger(chains) || chains < 1 || !Number.isInteger(perChain) || perChain < 1)
    throw new FitFormatError({ kind: 'chains' });
  if (!Array.isArray(json.draws) || json.draws.length !== chains * perChain * offset) {
    throw new FitFormatError({
      kind: 'drawCount',
      chains,
      perChain,
      values: offset,
      held: Array.isArray(json.draws) ? String(json.draws.length) : 'no',
    });
  }
  if (!json.draws.every((x) => typeof x === 'number' && Number.isFinite(x)))
    throw new FitFormatError({ kind: 'drawNotFinite' });
  return {
    method: json.method,
    modelName: json.modelName,
    sourceHash: json.sourceHash,
    dim: offset,
    params,
    draws: Float64Array.from(json.draws),
    chains,
    perChain,
  };
}

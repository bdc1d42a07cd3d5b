// A fitted guide as plain JSON-able data, and back.
//
//   serializeFit(fit) -> VIFitJSON     per parameter: name, shape, positive, loc[], scale[]
//   loadFit(json) -> VIFit

import { FitFormatError } from '../fit-format-error.js';
import type { ElboTrace, VIFit } from './fit.js';

export const VI_FIT_FORMAT = 'bnnc-vi-meanfield/1';

export interface VIFitJSON {
  format: typeof VI_FIT_FORMAT;
  modelName: string;
  sourceHash: string;
  /** On the unconstrained space (log θ for positive parameters). */
  params: { name: string; shape: number[]; positive: boolean; loc: number[]; scale: number[] }[];
  /** `keep ensemble`: every restart's guide, loc and scale as flat vectors in the order of params. */
  mixture?: { loc: number[]; scale: number[] }[];
  trace: ElboTrace;
  settings: VIFit['settings'];
  seconds: number;
}

export function serializeFit(fit: VIFit): VIFitJSON {
  return {
    format: VI_FIT_FORMAT,
    modelName: fit.modelName,
    sourceHash: fit.sourceHash,
    params: fit.params.map((p) => ({
      name: p.name,
      shape: p.shape.slice(),
      positive: p.positive,
      loc: Array.from(fit.loc.subarray(p.offset, p.offset + p.size)),
      scale: Array.from(fit.scale.subarray(p.offset, p.offset + p.size)),
    })),
    ...(fit.mixture
      ? { mixture: fit.mixture.map((g) => ({ loc: Array.from(g.loc), scale: Array.from(g.scale) })) }
      : {}),
    trace: {
      step: fit.trace.step.slice(),
      elbo: fit.trace.elbo.slice(),
      loglik: fit.trace.loglik.slice(),
      kl: fit.trace.kl.slice(),
    },
    settings: { ...fit.settings },
    seconds: fit.seconds,
  };
}

export function loadFit(json: VIFitJSON): VIFit {
  if (json.format !== VI_FIT_FORMAT) throw new FitFormatError({ kind: 'format', format: String(json.format) });
  let offset = 0;
  const params = json.params.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (p.loc.length !== size || p.scale.length !== size) {
      throw new FitFormatError({
        kind: 'paramSizes',
        name: p.name,
        locs: p.loc.length,
        scales: p.scale.length,
        shape: p.shape.join(', '),
      });
    }
    const info = { name: p.name, shape: p.shape.slice(), offset, size, positive: p.positive };
    offset += size;
    return info;
  });
  const loc = new Float64Array(offset);
  const scale = new Float64Array(offset);
  json.params.forEach((p, k) => {
    loc.set(p.loc, params[k].offset);
    scale.set(p.scale, params[k].offset);
  });
  let mixture: VIFit['mixture'];
  if (json.mixture !== undefined) {
    const ok =
      Array.isArray(json.mixture) &&
      json.mixture.length > 0 &&
      json.mixture.every(
        (g) =>
          g &&
          Array.isArray(g.loc) &&
          Array.isArray(g.scale) &&
          g.loc.length === offset &&
          g.scale.length === offset &&
          [...g.loc, ...g.scale].every((x) => typeof x === 'number'),
      );
    if (!ok) throw new FitFormatError({ kind: 'mixture', values: offset });
    mixture = json.mixture.map((g) => ({ loc: Float64Array.from(g.loc), scale: Float64Array.from(g.scale) }));
  }
  return {
    modelName: json.modelName,
    sourceHash: json.sourceHash,
    dim: offset,
    params,
    loc,
    scale,
    ...(mixture ? { mixture } : {}),
    trace: json.trace,
    settings: json.settings,
    seconds: json.seconds,
  };
}

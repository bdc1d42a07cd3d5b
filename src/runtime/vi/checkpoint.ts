// A fitted guide as plain JSON-able data, and back.
//
//   serializeFit(fit) -> VIFitJSON     per parameter: name, shape, positive, loc[], scale[]
//   loadFit(json) -> VIFit

import type { ElboTrace, VIFit } from './fit.js';

export const VI_FIT_FORMAT = 'bnnc-vi-meanfield/1';

export interface VIFitJSON {
  format: typeof VI_FIT_FORMAT;
  modelName: string;
  sourceHash: string;
  /** On the unconstrained space (log θ for positive parameters). */
  params: { name: string; shape: number[]; positive: boolean; loc: number[]; scale: number[] }[];
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
    trace: { step: fit.trace.step.slice(), elbo: fit.trace.elbo.slice(), loglik: fit.trace.loglik.slice(), kl: fit.trace.kl.slice() },
    settings: { ...fit.settings },
    seconds: fit.seconds,
  };
}

export function loadFit(json: VIFitJSON): VIFit {
  if (json.format !== VI_FIT_FORMAT) throw new Error(`not a bnnc VI checkpoint (format '${String(json.format)}')`);
  let offset = 0;
  const params = json.params.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (p.loc.length !== size || p.scale.length !== size) {
      throw new Error(`checkpoint parameter '${p.name}' has ${p.loc.length} locs and ${p.scale.length} scales for shape [${p.shape.join(', ')}]`);
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
  return {
    modelName: json.modelName,
    sourceHash: json.sourceHash,
    dim: offset,
    params,
    loc,
    scale,
    trace: json.trace,
    settings: json.settings,
    seconds: json.seconds,
  };
}

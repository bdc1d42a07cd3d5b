// NUTS on a compiled model: the chains, run in parallel, and the draws they leave.
//
//   fitNUTS(compiled, data, settings, opts?) -> Promise<NutsFit>
//
// Chain c draws from the stream Rng(seed, 'fit/chain/c'): the same seed gives the same draws
// whatever the number of workers, in or out of process.

import type { CompiledModel } from '../../compiler/compiled.js';
import { mergeDuplicateRows, type TrainingData } from '../../compiler/data.js';
import { Rng } from '../rng.js';
import type { VIParamInfo } from '../vi/index.js';
import { runChain, type ChainProgress, type ChainResult, type ChainSettings } from './chain.js';
import { runChainsInWorkers } from './parallel.js';
import type { ChainJob } from './worker.js';

/** The chains' settings (the infer block's NutsSettings has them all). */
export interface NutsFitSettings extends ChainSettings {
  chains: number;
  seed: number;
}

export interface NutsFit {
  method: 'nuts';
  modelName: string;
  sourceHash: string;
  dim: number;
  params: VIParamInfo[];
  settings: NutsFitSettings;
  chains: ChainResult[];
  /** Wall time of all chains, seconds. */
  seconds: number;
}

export interface NutsOptions {
  /** Worker threads; 0 runs the chains one after another in this thread. Default: one per core. */
  workers?: number;
  onProgress?: (chain: number, p: ChainProgress) => void;
}

export function paramInfo(compiled: CompiledModel): VIParamInfo[] {
  return compiled.layout.slots.map((s) => ({
    name: s.name,
    shape: s.shape.slice(),
    offset: s.offset,
    size: s.size,
    positive: s.positive,
  }));
}

export async function fitNUTS(
  compiled: CompiledModel,
  given: TrainingData,
  settings: NutsFitSettings,
  opts: NutsOptions = {},
): Promise<NutsFit> {
  const t0 = performance.now();
  const data = mergeDuplicateRows(given);
  const jobs: ChainJob[] = Array.from({ length: settings.chains }, (_, c) => ({
    chain: c,
    seed: settings.seed,
    label: `fit/chain/${c}`,
    settings,
  }));
  let chains: ChainResult[];
  if (opts.workers === 0 || (opts.workers === undefined && settings.chains === 1)) {
    const density = compiled.density(data);
    chains = jobs.map((j) =>
      runChain(
        (q, g) => density.logDensity(q, g),
        compiled.dim,
        j.settings,
        new Rng(j.seed, j.label),
        (p) => opts.onProgress?.(j.chain, p),
      ),
    );
  } else {
    chains = await runChainsInWorkers(compiled.ir, data, jobs, { workers: opts.workers, onProgress: opts.onProgress });
  }
  return {
    method: 'nuts',
    modelName: compiled.ir.name,
    sourceHash: compiled.ir.sourceHash,
    dim: compiled.dim,
    params: paramInfo(compiled),
    settings,
    chains,
    seconds: (performance.now() - t0) / 1000,
  };
}

// Runs the chains of one model on worker threads, at most one per core; a chain's draws depend
// only on its seed and label, so the number of workers never changes them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TrainingData } from '../../compiler/data.js';
import type { IRModel } from '../../compiler/ir.js';
import { ChainInitError, type ChainProgress, type ChainResult } from './chain.js';
import type { ChainJob, WorkerReply, WorkerRequest } from './worker.js';

export interface ParallelOptions {
  /** Worker threads to use; default: one per core, at most one per chain. */
  workers?: number;
  onProgress?: (chain: number, p: ChainProgress) => void;
}

export function defaultWorkers(chains: number): number {
  return Math.max(1, Math.min(chains, availableParallelism()));
}

export async function runChainsInWorkers(
  ir: IRModel,
  data: TrainingData,
  jobs: ChainJob[],
  opts: ParallelOptions = {},
): Promise<ChainResult[]> {
  const W = Math.max(1, Math.min(jobs.length, opts.workers ?? defaultWorkers(jobs.length)));
  const results: ChainResult[] = new Array(jobs.length);
  const queue = jobs.slice();
  const workers = Array.from({ length: W }, () => spawn());
  try {
    await Promise.all(
      workers.map(async (w) => {
        w.postMessage({ kind: 'model', ir, data } satisfies WorkerRequest);
        for (let job = queue.shift(); job; job = queue.shift()) {
          results[jobs.indexOf(job)] = await runOne(w, job, opts.onProgress);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function runOne(w: Worker, job: ChainJob, onProgress: ParallelOptions['onProgress']): Promise<ChainResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: WorkerReply): void => {
      if (msg.chain !== job.chain) return;
      if (msg.kind === 'progress') onProgress?.(job.chain, msg.progress);
      else {
        w.off('message', onMessage);
        w.off('error', onError);
        if (msg.kind === 'done') resolve(msg.result);
        else
          reject(
            msg.code
              ? new ChainInitError({ code: msg.code, message: msg.message })
              : new Error(`chain ${job.chain + 1}: ${msg.message}`),
          );
      }
    };
    const onError = (e: Error): void => reject(e);
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage({ kind: 'chain', job } satisfies WorkerRequest);
  });
}

/**
 * The worker's module beside this one: .js when built; .ts when run from source (tests, tsx),
 * which a worker loads only after registering tsx's loader in its own thread.
 */
function spawn(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const entry = JSON.stringify(new URL('./worker.ts', here).href);
  return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${entry}); });`, { eval: true });
}

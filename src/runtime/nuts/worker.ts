// A worker thread that runs NUTS chains of one model: it compiles the model's plan on the float64
// executor, then runs each chain it is sent and posts progress and the result back.
import { RunError } from '../../lang/diagnostics/run-messages.js';
import { parentPort } from 'node:worker_threads';
import { compileModel } from '../../compiler/compile.js';
import type { TrainingData } from '../../compiler/data.js';
import type { IRModel } from '../../compiler/ir.js';
import { Rng } from '../rng.js';
import { runChain, type ChainProgress, type ChainResult, type ChainSettings } from './chain.js';

export interface ChainJob {
  chain: number;
  seed: number;
  /** The fork label of the chain's random stream. */
  label: string;
  settings: ChainSettings;
}

export type WorkerRequest =
  { kind: 'model'; ir: IRModel; data: TrainingData } | { kind: 'chain'; job: ChainJob } | { kind: 'close' };

export type WorkerReply =
  | { kind: 'progress'; chain: number; progress: ChainProgress }
  | { kind: 'done'; chain: number; result: ChainResult }
  | {
      kind: 'error';
      chain: number;
      message: string;
      /** The run-time code of a user's error; none for a bug. */ code?: string;
    };

const PROGRESS_MS = 100;

if (parentPort) {
  const port = parentPort;
  let density: ((q: Float64Array, g: Float64Array) => number) | null = null;
  let dim = 0;
  let ready: Promise<void> = Promise.resolve();
  port.on('message', (msg: WorkerRequest) => {
    if (msg.kind === 'model') {
      ready = compileModel(msg.ir, { backend: 'js' }).then((compiled) => {
        const d = compiled.density(msg.data);
        dim = d.dim;
        density = (q, g) => d.logDensity(q, g);
      });
    } else if (msg.kind === 'chain') {
      const { job } = msg;
      void ready.then(() => {
        try {
          let last = 0;
          const result = runChain(density!, dim, job.settings, new Rng(job.seed, job.label), (progress) => {
            const now = performance.now();
            if (now - last < PROGRESS_MS && progress.iteration < progress.total) return;
            last = now;
            port.postMessage({ kind: 'progress', chain: job.chain, progress } satisfies WorkerReply);
          });
          port.postMessage({ kind: 'done', chain: job.chain, result } satisfies WorkerReply, [
            result.draws.buffer as ArrayBuffer,
          ]);
        } catch (e) {
          const err = e as Error;
          port.postMessage({
            kind: 'error',
            chain: job.chain,
            message: err.message,
            code: err instanceof RunError ? err.code : undefined,
          } satisfies WorkerReply);
        }
      });
    } else port.close();
  });
}

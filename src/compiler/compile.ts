// compileModel(ir, opts) → CompiledModel on the chosen executor.
//
//   backend 'js'                       float64 JavaScript executor (exec/js-model.ts)
//   backend 'wasm' | 'cpu' | 'tensorflow'   TensorFlow.js executor (exec/tf-model.ts), float32
//   undefined                          DEFAULT_BACKEND, the faster on the reference model (bench/vi.ts)

import type { CompiledModel } from './compiled.js';
import type { IRModel } from './ir.js';
import { JsCompiledModel } from './exec/js-model.js';

export { BackendUnavailableError } from './backend-error.js';

export type BackendName = 'js' | 'wasm' | 'cpu' | 'tensorflow';
export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'cpu', 'tensorflow'];

/** Measured with `npm run bench` on the rupture model: see the README. */
export const DEFAULT_BACKEND: BackendName = 'js';

export interface CompileOptions {
  backend?: BackendName;
  /**
   * TensorFlow.js only. Draws evaluated per batched pass. Default: 1 on wasm and cpu, all at
   * once on tensorflow: tfjs-backend-wasm sends batched matmuls to a naive loop (only
   * single-batch products reach XNNPACK), and on both JS backends broadcasting elementwise ops
   * are several times slower than same-shape ones and matmul + bias + relu fuses only for one draw.
   */
  drawBlock?: number;
  /** TensorFlow.js only. Draws per pass when predicting: default 64 on wasm, 1 on cpu, all on tensorflow. */
  scoreBlock?: number;
}

export async function compileModel(ir: IRModel, opts: CompileOptions = {}): Promise<CompiledModel> {
  const backend = opts.backend ?? DEFAULT_BACKEND;
  if (backend === 'js') return new JsCompiledModel(ir);
  const { chooseBackend } = await import('./exec/tf-backend.js');
  const { TfCompiledModel } = await import('./exec/tf-model.js');
  await chooseBackend(backend);
  const drawBlock = opts.drawBlock ?? (backend === 'tensorflow' ? Number.POSITIVE_INFINITY : 1);
  const scoreBlock =
    opts.scoreBlock ?? (backend === 'tensorflow' ? Number.POSITIVE_INFINITY : backend === 'wasm' ? 64 : 1);
  for (const [k, v] of [
    ['drawBlock', drawBlock],
    ['scoreBlock', scoreBlock],
  ] as const) {
    if (!(v >= 1)) throw new Error(`${k} must be at least 1, got ${v}`);
  }
  return new TfCompiledModel(ir, backend, Math.floor(drawBlock), Math.floor(scoreBlock));
}

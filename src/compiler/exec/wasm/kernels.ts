// The WebAssembly SIMD matrix products (kernels.wat), instantiated on one linear memory per
// bound data set. The float64 executor keeps its buffers in that memory and calls these for what
// dominates a network's gradient (the products, the relu mask, sums over rows); the rest stays
// in JavaScript.

import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

export interface WasmKernels {
  memory: WebAssembly.Memory;
  mm_cols(
    out: number,
    a: number,
    b: number,
    rows: number,
    inner: number,
    cols: number,
    aK: number,
    bK: number,
    bC: number,
    oC: number,
    bias: number,
    relu: number,
    accum: number,
  ): void;
  mm_dots(
    out: number,
    a: number,
    b: number,
    rows: number,
    cols: number,
    inner: number,
    aR: number,
    bC: number,
    oR: number,
    oC: number,
    accum: number,
  ): void;
  mask(out: number, g: number, y: number, count: number): void;
  sum_rows(out: number, x: number, rows: number, cols: number, xC: number): void;
}

let module: WebAssembly.Module | null | undefined;

function compiled(): WebAssembly.Module | null {
  if (module === undefined) {
    try {
      module = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    } catch {
      // A runtime without WebAssembly SIMD: the JavaScript kernels do all the work.
      module = null;
    }
  }
  return module;
}

/** Kernels on a fresh memory of at least `bytes`; null where WebAssembly SIMD is unavailable. */
export function wasmKernels(bytes: number): WasmKernels | null {
  const m = compiled();
  if (!m) return null;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const inst = new WebAssembly.Instance(m, { env: { memory } });
  return { memory, ...(inst.exports as unknown as Omit<WasmKernels, 'memory'>) };
}

/** True when every array lives in the kernels' memory. */
export function inMemory(w: WasmKernels, ...arrays: Float64Array[]): boolean {
  const buf = w.memory.buffer;
  for (const a of arrays) if (a.buffer !== buf) return false;
  return true;
}

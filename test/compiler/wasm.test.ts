// The WebAssembly kernels: the committed bytes are what kernels.wat assembles to, and each
// kernel agrees with the JavaScript loops it stands in for, on odd sizes (the scalar tails).

import { describe, expect, it } from 'vitest';
import { KERNELS_WASM_BASE64 } from '../../src/compiler/exec/wasm/kernels-wasm.js';
import { wasmKernels } from '../../src/compiler/exec/wasm/kernels.js';
import { matmulInto, sumToInto, type KernelInfo } from '../../src/compiler/plan/kernels.js';
import { sizeOf, stridesOf, type Shape } from '../../src/compiler/plan/plan.js';
import { Rng } from '../../src/runtime/rng.js';

// @ts-expect-error: a plain .mjs script without types
import { assembleKernels } from '../../scripts/build-wasm.mjs';

const rng = new Rng(5);

/** Fills a view in place (map would make a copy outside the wasm memory). */
function fillNormal(v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return v;
}

function info(
  n: number,
  out: Shape,
  ins: Shape[],
  attrs: Record<string, unknown> = {},
  wasm: KernelInfo['wasm'] = null,
): KernelInfo {
  const f = (s: Shape) => {
    const shape = s.map((d) => (d === 'N' ? n : d));
    return { shape, strides: stridesOf(s, n), size: sizeOf(shape) };
  };
  return { n, out: f(out), ins: ins.map(f), attrs, wasm };
}

describe('WebAssembly kernels', () => {
  it('are the assembly of kernels.wat (npm run build:wasm after editing it)', async () => {
    expect(await assembleKernels()).toBe(KERNELS_WASM_BASE64);
  });

  it.each([
    ['rows of columns: X @ W', ['N', 5] as Shape, [5, 3] as Shape, {}, ['N', 3] as Shape],
    ['dot products: Xᵀ @ G', ['N', 5] as Shape, ['N', 3] as Shape, { ta: true }, [5, 3] as Shape],
    ['G @ Wᵀ', ['N', 3] as Shape, [5, 3] as Shape, { tb: true }, ['N', 5] as Shape],
  ])('%s agrees with the JavaScript product', (_name, a, b, attrs, out) => {
    for (const n of [1, 6, 7, 33]) {
      const w = wasmKernels(1 << 16)!;
      expect(w).not.toBeNull();
      const k = info(n, out, [a, b], attrs, w);
      let off = 0;
      const alloc = (size: number) => {
        const v = new Float64Array(w.memory.buffer, off, size);
        off += Math.ceil((size * 8) / 16) * 16;
        return v;
      };
      const A = fillNormal(alloc(k.ins[0].size));
      const B = fillNormal(alloc(k.ins[1].size));
      const got = alloc(k.out.size);
      const calls: string[] = [];
      const spy = {
        ...k,
        wasm: {
          ...w,
          mm_cols: (...a: Parameters<typeof w.mm_cols>) => (calls.push('cols'), w.mm_cols(...a)),
          mm_dots: (...a: Parameters<typeof w.mm_dots>) => (calls.push('dots'), w.mm_dots(...a)),
        },
      };
      matmulInto(got, A, B, spy);
      expect(calls, 'the product ran in WebAssembly').toHaveLength(1);
      const want = new Float64Array(k.out.size);
      matmulInto(want, Float64Array.from(A), Float64Array.from(B), { ...k, wasm: null });
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    }
  });

  it('mask and sums over rows agree with JavaScript', () => {
    const n = 9;
    const w = wasmKernels(1 << 16)!;
    const g = fillNormal(new Float64Array(w.memory.buffer, 0, n * 3));
    const y = fillNormal(new Float64Array(w.memory.buffer, 256, n * 3));
    const out = new Float64Array(w.memory.buffer, 512, n * 3);
    w.mask(out.byteOffset, g.byteOffset, y.byteOffset, n * 3);
    out.forEach((v, i) => expect(v).toBe(y[i] > 0 ? g[i] : 0));
    const sums = new Float64Array(w.memory.buffer, 1024, 3);
    sumToInto(sums, g, info(n, [3], [['N', 3]], {}, w));
    const want = new Float64Array(3);
    sumToInto(want, Float64Array.from(g), info(n, [3], [['N', 3]]));
    sums.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });
});

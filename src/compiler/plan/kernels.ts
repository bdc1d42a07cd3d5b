// Float64 kernels of the JavaScript executor. Elementwise kernels are generated from a scalar
// expression (new Function), so each op's inner loop is monomorphic with its expression inlined;
// a shared loop calling a closure per element measured several times slower. The matrix
// products go to WebAssembly SIMD (exec/wasm) when the buffers live in its memory.

import { inMemory, type WasmKernels } from '../exec/wasm/kernels.js';

export interface KernelInfo {
  n: number;
  /** The WebAssembly products, when the buffers live in their memory. */
  wasm?: WasmKernels | null;
  /** Resolved shapes and storage strides (see stridesOf) of the output and each input. */
  out: { shape: number[]; strides: number[]; size: number };
  ins: { shape: number[]; strides: number[]; size: number }[];
  attrs: Record<string, unknown>;
  /** Kernels keep what they work out once per binding here (loop plans). */
  memo?: unknown;
}

export type JsKernel = (out: Float64Array, ins: Float64Array[], k: KernelInfo) => void;

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Probabilities are clipped to [PROB_EPS, 1 − PROB_EPS] before their log is taken. */
export const PROB_EPS = 1e-6;

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x) = d log Γ(x) / dx for x > 0: shifted above 6, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

function clipP(p: number): number {
  return p < PROB_EPS ? PROB_EPS : p > 1 - PROB_EPS ? 1 - PROB_EPS : p;
}

const HELPERS = { sigmoid, softplus, lgamma, digamma, clipP, EPS: PROB_EPS };

/** Input strides aligned to the output's axes (0 on broadcast axes), right-aligned as in numpy. */
function aligned(outRank: number, shape: number[], strides: number[]): number[] {
  const lead = outRank - shape.length;
  const s = new Array<number>(outRank).fill(0);
  for (let i = 0; i < shape.length; i++) s[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return s;
}

/**
 * A kernel out = EXPR over `arity` inputs named a, b, c, d with broadcasting; `p` is the attrs
 * object (for constants such as alpha), `h` the helpers (h.sigmoid, h.softplus).
 */
export function elementwise(arity: number, expr: string): JsKernel {
  const names = ['a', 'b', 'c', 'd'].slice(0, arity);
  const decl = names.map((v, j) => `const X${j} = ins[${j}];`).join('');
  const read = names.map((v, j) => `const ${v} = X${j}[i${j}];`).join('');
  const stepFlat = names.map((_, j) => `i${j} += s${j};`).join('');
  const flatInit = names.map((_, j) => `let i${j} = 0; const s${j} = st[${j}];`).join('');
  const flat = new Function(
    'out',
    'ins',
    'st',
    'size',
    'p',
    'h',
    `${decl}${flatInit} for (let o = 0; o < size; o++) { ${read} out[o] = ${expr}; ${stepFlat} }`,
  ) as (out: Float64Array, ins: Float64Array[], st: number[], size: number, p: unknown, h: typeof HELPERS) => void;
  const strided = new Function(
    'out',
    'ins',
    'plan',
    'p',
    'h',
    `${decl}
     const { outer, len, so, si, base } = plan;
     for (let q = 0; q < outer.length; q++) {
       let o = outer[q][0]; ${names.map((_, j) => `let i${j} = outer[q][${j + 1}]; const s${j} = si[${j}];`).join('')}
       for (let t = 0; t < len; t++) { ${read} out[o] = ${expr}; o += so; ${stepFlat} }
     }`,
  ) as (out: Float64Array, ins: Float64Array[], plan: StridedPlan, p: unknown, h: typeof HELPERS) => void;

  return (out, ins, k) => {
    let how = k.memo as ReturnType<typeof planLoops> | undefined;
    if (!how) {
      how = planLoops(k);
      k.memo = how;
    }
    if (how.kind === 'flat') flat(out, ins, how.st, k.out.size, k.attrs, HELPERS);
    else strided(out, ins, how.plan, k.attrs, HELPERS);
  };
}

interface StridedPlan {
  /** Start offsets [out, in0, in1, …] of each inner run. */
  outer: number[][];
  len: number;
  so: number;
  si: number[];
  base: number;
}

function planLoops(k: KernelInfo): { kind: 'flat'; st: number[] } | { kind: 'strided'; plan: StridedPlan } {
  const r = k.out.shape.length;
  const ins = k.ins.map((x) => aligned(r, x.shape, x.strides));
  // Flat: every input is laid out like the output, or is one value.
  const flatOk = k.ins.every(
    (x, j) =>
      x.size === 1 || (x.size === k.out.size && ins[j].every((s, d) => s === k.out.strides[d] || k.out.shape[d] === 1)),
  );
  if (flatOk) return { kind: 'flat', st: k.ins.map((x) => (x.size === 1 ? 0 : 1)) };
  // Strided: the inner loop runs along the output's contiguous axis; the rest are enumerated.
  let inner = 0;
  for (let d = 0; d < r; d++) if (k.out.strides[d] === 1 && k.out.shape[d] > 1) inner = d;
  const outerDims = [...Array(r).keys()].filter((d) => d !== inner);
  const outer: number[][] = [];
  const idx = new Array<number>(r).fill(0);
  const total = outerDims.reduce((a, d) => a * k.out.shape[d], 1);
  for (let q = 0; q < total; q++) {
    let rem = q;
    for (let j = outerDims.length - 1; j >= 0; j--) {
      const d = outerDims[j];
      idx[d] = rem % k.out.shape[d];
      rem = Math.floor(rem / k.out.shape[d]);
    }
    const row = [outerDims.reduce((a, d) => a + idx[d] * k.out.strides[d], 0)];
    for (const s of ins) row.push(outerDims.reduce((a, d) => a + idx[d] * s[d], 0));
    outer.push(row);
  }
  return {
    kind: 'strided',
    plan: {
      outer,
      len: r === 0 ? 1 : k.out.shape[inner],
      so: r === 0 ? 0 : k.out.strides[inner],
      si: ins.map((s) => (r === 0 ? 0 : s[inner])),
      base: 0,
    },
  };
}

/**
 * out = op(A) @ op(B) for matrices (op: transpose when ta / tb), any storage strides. Three loop
 * orders, picked by layout: columns of rows (both row axes contiguous: the N-major layers),
 * dot products (both inner axes contiguous: Aᵀ @ G over rows), or plain.
 */
export function matmulInto(
  out: Float64Array,
  A: Float64Array,
  B: Float64Array,
  k: KernelInfo,
  accumulate = false,
): void {
  const ta = !!k.attrs.ta;
  const tb = !!k.attrs.tb;
  const [as, bs] = [k.ins[0], k.ins[1]];
  const rows = k.out.shape[0];
  const cols = k.out.shape[1];
  const inner = ta ? as.shape[0] : as.shape[1];
  const aR = ta ? as.strides[1] : as.strides[0];
  const aK = ta ? as.strides[0] : as.strides[1];
  const bK = tb ? bs.strides[1] : bs.strides[0];
  const bC = tb ? bs.strides[0] : bs.strides[1];
  const oR = k.out.strides[0];
  const oC = k.out.strides[1];
  const w = k.wasm;
  if (w && inMemory(w, out, A, B)) {
    if (oR === 1 && aR === 1)
      return w.mm_cols(
        out.byteOffset,
        A.byteOffset,
        B.byteOffset,
        rows,
        inner,
        cols,
        aK,
        bK,
        bC,
        oC,
        -1,
        0,
        accumulate ? 1 : 0,
      );
    if (aK === 1 && bK === 1)
      return w.mm_dots(
        out.byteOffset,
        A.byteOffset,
        B.byteOffset,
        rows,
        cols,
        inner,
        aR,
        bC,
        oR,
        oC,
        accumulate ? 1 : 0,
      );
  }
  if (!accumulate) out.fill(0, 0, k.out.size);
  if (oR === 1 && aR === 1) {
    for (let c = 0; c < cols; c++) {
      const oc = c * oC;
      for (let q = 0; q < inner; q++) {
        const bv = B[q * bK + c * bC];
        if (bv === 0) continue;
        const aq = q * aK;
        for (let r = 0; r < rows; r++) out[oc + r] += bv * A[aq + r];
      }
    }
    return;
  }
  if (aK === 1 && bK === 1) {
    for (let r = 0; r < rows; r++) {
      const ar = r * aR;
      for (let c = 0; c < cols; c++) {
        const bc = c * bC;
        let s = 0;
        for (let q = 0; q < inner; q++) s += A[ar + q] * B[bc + q];
        out[r * oR + c * oC] += s;
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let q = 0; q < inner; q++) s += A[r * aR + q * aK] * B[q * bK + c * bC];
      out[r * oR + c * oC] += s;
    }
  }
}

/** Sums x (input 0) down to the output's shape (right-aligned broadcasting in reverse). */
export function sumToInto(out: Float64Array, x: Float64Array, k: KernelInfo): void {
  const xs = k.ins[0];
  const w = k.wasm;
  // [N, m] (rows innermost) → [m]: contiguous sums.
  if (
    w &&
    xs.shape.length === 2 &&
    xs.strides[0] === 1 &&
    k.out.shape.length === 1 &&
    k.out.shape[0] === xs.shape[1] &&
    inMemory(w, out, x)
  ) {
    return w.sum_rows(out.byteOffset, x.byteOffset, xs.shape[0], xs.shape[1], xs.strides[1]);
  }
  out.fill(0, 0, k.out.size);
  const r = xs.shape.length;
  const os = aligned(r, k.out.shape, k.out.strides);
  if (k.out.size === 1) {
    let s = 0;
    for (let i = 0; i < xs.size; i++) s += x[i];
    out[0] = s;
    return;
  }
  // Walk x in storage order; find each element's output offset.
  const order = [...Array(r).keys()].sort((p, q) => xs.strides[q] - xs.strides[p]);
  const idx = new Array<number>(r).fill(0);
  const inner = order[r - 1];
  const len = xs.shape[inner];
  const si = xs.strides[inner];
  const so = os[inner];
  const outerCount = xs.size / len;
  for (let q = 0; q < outerCount; q++) {
    let rem = q;
    for (let j = r - 2; j >= 0; j--) {
      const d = order[j];
      idx[d] = rem % xs.shape[d];
      rem = Math.floor(rem / xs.shape[d]);
    }
    let ix = 0;
    let io = 0;
    for (let j = 0; j < r - 1; j++) {
      const d = order[j];
      ix += idx[d] * xs.strides[d];
      io += idx[d] * os[d];
    }
    if (so === 0) {
      let s = 0;
      for (let t = 0; t < len; t++, ix += si) s += x[ix];
      out[io] += s;
    } else for (let t = 0; t < len; t++, ix += si, io += so) out[io] += x[ix];
  }
}

/** Along the last axis: for each row vector v of x, f(v) into the output's [..., 1] or [..., K]. */
export function lastAxis(
  out: Float64Array,
  x: Float64Array,
  k: KernelInfo,
  kind: 'sum' | 'logsumexp' | 'softmax',
): void {
  const xs = k.ins[0];
  const r = xs.shape.length;
  const K = xs.shape[r - 1];
  const sK = xs.strides[r - 1];
  const groups = xs.size / K;
  // The start offset of group g: enumerate the leading axes.
  const lead = xs.shape.slice(0, r - 1);
  const leadStrides = xs.strides.slice(0, r - 1);
  const outStrides = k.out.strides.slice(0, r - 1);
  const oK = k.out.strides[r - 1];
  for (let g = 0; g < groups; g++) {
    let rem = g;
    let ix = 0;
    let io = 0;
    for (let d = lead.length - 1; d >= 0; d--) {
      const v = rem % lead[d];
      rem = Math.floor(rem / lead[d]);
      ix += v * leadStrides[d];
      io += v * outStrides[d];
    }
    if (kind === 'sum') {
      let s = 0;
      for (let j = 0; j < K; j++) s += x[ix + j * sK];
      out[io] = s;
      continue;
    }
    let m = -Infinity;
    for (let j = 0; j < K; j++) m = Math.max(m, x[ix + j * sK]);
    let s = 0;
    for (let j = 0; j < K; j++) s += Math.exp(x[ix + j * sK] - m);
    if (kind === 'logsumexp') out[io] = m + Math.log(s);
    else for (let j = 0; j < K; j++) out[io + j * oK] = Math.exp(x[ix + j * sK] - m) / s;
  }
}

// The float64 JavaScript executor of a plan: one preallocated buffer per instruction, kernels
// from the op table, rows innermost (stridesOf). Binding a data set fills the data leaves and
// computes, once, every instruction that does not depend on the parameters; run() computes the
// rest at one parameter vector without allocating.

import type { KernelInfo } from '../plan/kernels.js';
import { opSpec } from '../plan/ops.js';
import { wasmKernels } from './wasm/kernels.js';
import { resolve, sizeOf, stridesOf, type Instr, type Plan } from '../plan/plan.js';

/** Rows of a data set as the executors read them. */
export interface RowData {
  n: number;
  /** Row-major [n, width] per feature matrix. */
  features: Record<string, ArrayLike<number>>;
  widths: Record<string, number>;
  /** The value, 0/1 or the class index of each row; absent for features only. */
  target?: ArrayLike<number>;
  /** How many times each row counts; absent: once. */
  weights?: ArrayLike<number>;
}

export interface JsState {
  n: number;
  bufs: Float64Array[];
  /** Each instruction's argument buffers. */
  ins: Float64Array[][];
  infos: KernelInfo[];
}

export class JsProgram {
  readonly plan: Plan;
  private readonly thetaIds: number[];
  private readonly runIds: number[];
  private readonly specs;

  constructor(plan: Plan) {
    this.plan = plan;
    this.specs = plan.instrs.map((x) => opSpec(x.op));
    this.thetaIds = plan.instrs.filter((x) => x.op === 'theta').map((x) => x.id);
    this.runIds = plan.instrs.filter((x) => x.param && x.op !== 'theta' && !this.specs[x.id].view).map((x) => x.id);
  }

  bind(data: RowData): JsState {
    const n = data.n;
    const { instrs } = this.plan;
    const bufs: Float64Array[] = new Array(instrs.length);
    const infos: KernelInfo[] = new Array(instrs.length);
    // Every buffer in one WebAssembly memory, 16-byte aligned, so the products run there.
    const sizes = instrs.map((x) => (this.specs[x.id].view ? 0 : sizeOf(resolve(x.shape, n))));
    const wasm = wasmKernels(sizes.reduce((a, s) => a + align16(s * 8), 0) + 16);
    let offset = 0;
    for (const x of instrs) {
      const shape = resolve(x.shape, n);
      infos[x.id] = {
        n,
        wasm,
        out: { shape, strides: stridesOf(x.shape, n), size: sizeOf(shape) },
        ins: x.args.map((a) => infos[a].out),
        attrs: x.attrs,
      };
      if (this.specs[x.id].view) bufs[x.id] = bufs[x.args[0]];
      else if (wasm) {
        bufs[x.id] = new Float64Array(wasm.memory.buffer, offset, sizes[x.id]);
        offset += align16(sizes[x.id] * 8);
      } else bufs[x.id] = new Float64Array(sizes[x.id]);
      if (x.op === 'theta') continue;
      if (x.args.length === 0) fillLeaf(x, bufs[x.id], data);
      else if (!x.param && !this.specs[x.id].view)
        this.specs[x.id].js(
          bufs[x.id],
          x.args.map((a) => bufs[a]),
          infos[x.id],
        );
    }
    return { n, bufs, infos, ins: instrs.map((x) => x.args.map((a) => bufs[a])) };
  }

  /** Evaluates the plan at theta[off … off + dim). */
  run(state: JsState, theta: ArrayLike<number>, off = 0): void {
    const { bufs, infos, ins } = state;
    const instrs = this.plan.instrs;
    for (const id of this.thetaIds) {
      const x = instrs[id];
      const b = bufs[id];
      const o = off + (x.attrs.offset as number);
      for (let i = 0; i < b.length; i++) b[i] = theta[o + i];
    }
    const specs = this.specs;
    for (const id of this.runIds) specs[id].js(bufs[id], ins[id], infos[id]);
  }

  output(state: JsState, name: string): Float64Array {
    const id = this.plan.outputs.get(name);
    if (id === undefined) throw new Error(`internal: the plan has no output '${name}'`);
    return state.bufs[id];
  }
}

function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

function fillLeaf(x: Instr, buf: Float64Array, data: RowData): void {
  const n = data.n;
  switch (x.op) {
    case 'const':
      buf[0] = x.attrs.value as number;
      return;
    case 'input': {
      const name = x.attrs.name as string;
      const m = data.features[name];
      const w = data.widths[name];
      if (!m || w === undefined) throw new Error(`the data has no feature matrix '${name}'`);
      if (w !== x.shape[1])
        throw new Error(`feature '${name}' has ${w} columns in the data but ${String(x.shape[1])} in the model`);
      if (m.length !== n * w) throw new Error(`feature '${name}' has ${m.length} values, expected ${n} rows × ${w}`);
      for (let i = 0; i < n; i++) for (let c = 0; c < w; c++) buf[c * n + i] = m[i * w + c];
      return;
    }
    case 'target': {
      const y = data.target;
      if (!y) throw new Error('this needs data with a target');
      if (y.length !== n) throw new Error(`the target has ${y.length} values, expected ${n}`);
      const k = x.shape.length === 2 ? (x.shape[1] as number) : 1;
      if (x.shape.length === 2 && k > 1) {
        for (let i = 0; i < n; i++) {
          const c = y[i];
          if (!Number.isInteger(c) || c < 0 || c >= k)
            throw new Error(`class label ${c} in row ${i} is not in 0..${k - 1}`);
          buf[c * n + i] = 1;
        }
      } else for (let i = 0; i < n; i++) buf[i] = y[i];
      return;
    }
    case 'weights': {
      const w = data.weights;
      if (!w) buf.fill(1);
      else for (let i = 0; i < n; i++) buf[i] = w[i];
      return;
    }
    default:
      throw new Error(`internal: no leaf '${x.op}'`);
  }
}

// Building a plan: each emitted op gets its shape from the op table's rule, whether it depends on
// the parameters, and is shared when the same op on the same arguments was emitted before.
// Ops on numbers alone are folded to a number.

import { opSpec, type Emitter } from './ops.js';
import { sizeOf, stridesOf, type Attrs, type Instr, type Shape } from './plan.js';

export class PlanBuilder implements Emitter {
  readonly instrs: Instr[];
  private readonly memo = new Map<string, number>();

  constructor(instrs: Instr[] = []) {
    this.instrs = instrs;
    for (const x of instrs) this.memo.set(keyOf(x.op, x.args, x.attrs), x.id);
  }

  shape(id: number): Shape {
    return this.instrs[id].shape;
  }

  constant(value: number): number {
    return this.emit('const', [], { value });
  }

  emit(op: string, args: number[], attrs: Attrs = {}, label?: string): number {
    const spec = opSpec(op);
    if (args.length !== spec.arity)
      throw new Error(`internal: ${op} takes ${spec.arity} arguments, got ${args.length}`);
    if (
      (op === 'reshape' || op === 'broadcast_to' || op === 'sum_to') &&
      sameShape(this.shape(args[0]), attrs.shape as Shape)
    )
      return args[0];
    const unit = this.identity(op, args);
    if (unit !== undefined) return unit;
    const folded = this.fold(op, args, attrs);
    if (folded !== undefined) return this.constant(folded);
    const key = keyOf(op, args, attrs);
    const seen = this.memo.get(key);
    if (seen !== undefined) {
      if (label && !this.instrs[seen].label) this.instrs[seen].label = label;
      return seen;
    }
    const shape = spec.shape(
      args.map((a) => this.instrs[a].shape),
      attrs,
    );
    const param = op === 'theta' || args.some((a) => this.instrs[a].param);
    const id = this.instrs.length;
    const x: Instr = { id, op, args: args.slice(), attrs: { ...attrs }, shape, param };
    if (label) x.label = label;
    this.instrs.push(x);
    this.memo.set(key, id);
    return id;
  }

  /** Names a value for the reader (the first name given wins). */
  label(id: number, name: string): number {
    if (!this.instrs[id].label) this.instrs[id].label = name;
    return id;
  }

  sumTo(g: number, shape: Shape): number {
    const from = this.shape(g);
    if (sameShape(from, shape)) return g;
    return this.emit('sum_to', [g], { shape });
  }

  /** x + 0, 0 + x, x − 0, x · 1 and 1 · x are x (where x has the result's shape). */
  private identity(op: string, args: number[]): number | undefined {
    const is = (id: number, v: number) => {
      const x = this.instrs[id];
      if (x.op === 'broadcast_to')
        return (
          this.instrs[x.args[0]].op === 'const' &&
          this.instrs[x.args[0]].attrs.value === v &&
          sameShape(x.shape, this.shape(args[args[0] === id ? 1 : 0]))
        );
      return x.op === 'const' && x.attrs.value === v;
    };
    if (op === 'add' || op === 'sub') {
      if (is(args[1], 0)) return args[0];
      if (op === 'add' && is(args[0], 0)) return args[1];
    }
    if (op === 'mul') {
      if (is(args[1], 1)) return args[0];
      if (is(args[0], 1)) return args[1];
    }
    return undefined;
  }

  /** Elementwise ops of numbers are computed now. */
  private fold(op: string, args: number[], attrs: Attrs): number | undefined {
    if (args.length === 0 || !args.every((a) => this.instrs[a].op === 'const')) return undefined;
    const spec = opSpec(op);
    if (
      spec.view ||
      spec.shape(
        args.map(() => []),
        attrs,
      ).length !== 0
    )
      return undefined;
    const out = new Float64Array(1);
    const info = {
      n: 1,
      out: { shape: [], strides: stridesOf([], 1), size: 1 },
      ins: args.map(() => ({ shape: [], strides: [], size: sizeOf([]) })),
      attrs,
    };
    spec.js(
      out,
      args.map((a) => Float64Array.of(this.instrs[a].attrs.value as number)),
      info,
    );
    return out[0];
  }
}

function keyOf(op: string, args: number[], attrs: Attrs): string {
  return `${op}(${args.join(',')})${JSON.stringify(attrs)}`;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

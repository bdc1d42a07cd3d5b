// Binding a call's arguments to a signature: positional first, then named; reports arity,
// unknown names, repeats, and positional-after-named.
import type * as A from '../syntax/ast.js';
import type { ArgSpec } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { CheckContext } from './context.js';

export function signature(name: string, args: ArgSpec[], oneOf?: string[]): string {
  if (oneOf)
    return `one argument: ${oneOf.map((a, i) => (i === 0 ? `${name}(${a})` : `${name}(${a} = …)`)).join(' or ')}`;
  return `${args.length} argument${args.length === 1 ? '' : 's'}: ${name}(${args.map((a) => a.name).join(', ')})`;
}

/** Returns the bound arguments by name, or undefined when the call does not fit. */
export function bindArgs(
  ctx: CheckContext,
  call: A.CallExpr,
  args: ArgSpec[],
  oneOf?: string[],
): Map<string, A.Arg> | undefined {
  const name = call.callee.name;
  const bound = new Map<string, A.Arg>();
  let ok = true;
  let sawNamed = false;
  let position = 0;
  for (const a of call.args) {
    if (a.name) {
      sawNamed = true;
      if (!args.some((s) => s.name === a.name!.name)) {
        ctx.report(M.unknownNamedArg, a.name.span, [a.name.name, name, args.map((s) => s.name)]);
        ok = false;
        continue;
      }
      if (bound.has(a.name.name)) {
        ctx.report(M.duplicateArg, a.span, [a.name.name, name]);
        ok = false;
        continue;
      }
      bound.set(a.name.name, a);
      continue;
    }
    if (sawNamed) {
      ctx.report(M.mixedArgs, a.span, [name]);
      ok = false;
      continue;
    }
    // A oneOf signature takes its first alternative positionally.
    const slot = oneOf ? (position === 0 ? oneOf[0] : undefined) : args[position]?.name;
    position++;
    if (!slot) continue;
    if (bound.has(slot)) {
      ctx.report(M.duplicateArg, a.span, [slot, name]);
      ok = false;
      continue;
    }
    bound.set(slot, a);
  }
  const given = call.args.length;
  if (oneOf) {
    if (position > 1 || bound.size !== 1) {
      if (ok) ctx.report(M.arity, call.span, [name, signature(name, args, oneOf), given]);
      return undefined;
    }
  } else if (position > args.length || (ok && bound.size !== args.length)) {
    ctx.report(M.arity, call.span, [name, signature(name, args), given]);
    return undefined;
  }
  return ok ? bound : undefined;
}

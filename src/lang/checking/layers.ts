// The layer shorthand: `h = dense(x, 12, relu)` declares the parameters h_W : [inputs, 12] and
// h_b : [12], each ~ Normal(0, 1) (the paper's prior), and makes h = relu(x @ h_W + h_b). The
// explicit form stays the reference; the shorthand's parameters have names the user can query.
import type * as A from '../syntax/ast.js';
import { MODEL_FUNCTIONS } from '../builtins.js';
export { LAYER_FUNCTIONS } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { Range, Shape } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import { formatShape, type CheckContext } from './context.js';

/** What a layer expands to: its parameters (with shapes) and its activation. */
export interface LayerFacts {
  W: { name: string; shape: number[] };
  b: { name: string; shape: number[] };
  act: string;
}

/** The activations a layer takes: the one-argument model functions without settings. */
const ACTIVATIONS = Object.values(MODEL_FUNCTIONS)
  .filter((f) => f.arity === 1 && !f.options && f.name !== 'softmax')
  .map((f) => f.name);

/**
 * Checks `node = dense(input, units, act)` given the input's type; declares the layer's
 * parameters and returns the node's type and the expansion, or undefined after an error.
 */
export function checkLayer(
  ctx: CheckContext,
  node: A.Ident,
  call: A.CallExpr,
  input: { shape?: Shape },
): { type: { shape?: Shape; range: Range }; layer?: LayerFacts } {
  const fail = { type: { range: 'any' as Range } };
  const args = call.args;
  if (args.length !== 3 || args.some((a) => a.name)) {
    ctx.report(M.arity, call.span, [
      'dense',
      '3 arguments: dense(x, UNITS, ACTIVATION), as in dense(x, 12, relu)',
      args.length,
    ]);
    return fail;
  }
  const [, unitsArg, actArg] = args.map((a) => a.value);
  let ok = true;
  if (unitsArg.kind !== 'number' || !Number.isInteger(unitsArg.value) || unitsArg.value < 1) {
    if (!(unitsArg.kind === 'number' && unitsArg.missing)) ctx.report(M.badLayer, unitsArg.span, [{ kind: 'units' }]);
    ok = false;
  }
  const act = actArg.kind === 'name' ? actArg.ident.name : undefined;
  if (!act || !ACTIVATIONS.includes(act)) {
    const sg = act ? suggest(act, ACTIVATIONS) : undefined;
    ctx.report(M.badLayer, actArg.span, [{ kind: 'activation', allowed: ACTIVATIONS, suggestion: sg }], {
      fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: actArg.span, newText: sg }] }] : [],
    });
    ok = false;
  }
  const s = input.shape;
  if (s && !(s.length === 2 && typeof s[1] === 'number')) {
    ctx.report(M.badLayer, args[0].value.span, [{ kind: 'input', shape: formatShape(s) }]);
    ok = false;
  }
  if (!ok || !s || node.missing) return fail;
  const units = (unitsArg as A.NumberLit).value;
  const W = { name: `${node.name}_W`, shape: [s[1] as number, units] };
  const b = { name: `${node.name}_b`, shape: [units] };
  for (const p of [W, b]) {
    const sym = ctx.declare(
      { name: p.name, span: call.callee.span },
      'param',
      call.span,
      `parameter ${formatShape(p.shape)} ~ Normal(0, 1), declared by ${node.name} = dense(…)`,
      { shape: p.shape },
    );
    if (!sym) return fail;
    sym.refs.push(call.callee.span);
  }
  const range = MODEL_FUNCTIONS[act!]?.range;
  return {
    type: { shape: [s[0], units], range: range === 'positive' || range === 'probability' ? range : 'any' },
    layer: { W, b, act: act! },
  };
}

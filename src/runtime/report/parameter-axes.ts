// What the rows and columns of a weight matrix stand for, read from the model: in `x @ W0` inside
// `h = …` the rows of W0 are the inputs and its columns the units of h; in `h @ W1` inside the
// likelihood its rows are the units of h and its columns the outputs.
import type { IRExpr, IRModel } from '../../compiler/ir.js';

export interface MatrixAxes {
  rows: string;
  columns: string;
}

export function parameterAxes(ir: IRModel, param: string): MatrixAxes {
  const found: MatrixAxes = { rows: 'row', columns: 'column' };
  const visit = (e: IRExpr, owner: string): void => {
    if (e.op === 'matmul' && e.b.op === 'param' && e.b.name === param) {
      if (e.a.op === 'input') found.rows = 'input';
      else if (e.a.op === 'node') found.rows = `unit of ${e.a.name}`;
      found.columns = owner;
    }
    if ('a' in e) visit(e.a, owner);
    if ('b' in e) visit(e.b, owner);
  };
  for (const n of ir.nodes) visit(n.expr, `unit of ${n.name}`);
  for (const e of Object.values(ir.likelihood)) if (typeof e === 'object') visit(e, 'output');
  return found;
}

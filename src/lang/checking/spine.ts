import type * as A from '../syntax/ast.js';

/**
 * A long chain (a + b + c + …) is a left-deep tree: its binary nodes from the top down, and the
 * leftmost operand, so it can be walked without recursion (20,000 terms must not overflow).
 */
export function leftSpine(e: A.BinaryExpr): { spine: A.BinaryExpr[]; leftmost: A.Expr } {
  const spine: A.BinaryExpr[] = [];
  let leftmost: A.Expr = e;
  while (leftmost.kind === 'binary') {
    spine.push(leftmost);
    leftmost = leftmost.left;
  }
  return { spine, leftmost };
}

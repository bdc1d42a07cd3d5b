// The CST's types (src/lang/syntax/cst.ts) are generated from the grammar, and the CST → AST
// visitor is typed against them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CST_TYPES_FILE, cstTypes } from '../../scripts/build-cst.js';
import type { BlockCstNode, ParameterDeclarationCstNode, ParametersBlockCstNode } from '../../src/lang/syntax/cst.js';
import { parser } from '../../src/lang/syntax/grammar.js';
import { tokenize } from '../../src/lang/syntax/lexer.js';

describe('the CST types', () => {
  it('are those the grammar generates (npm run build:cst after editing grammar.ts)', () => {
    expect(
      readFileSync(CST_TYPES_FILE, 'utf8'),
      'src/lang/syntax/cst.ts is out of date with grammar.ts: run npm run build:cst',
    ).toBe(cstTypes());
  });

  // Why the visitor reads every child as optional (Partial<…CstChildren>): a node the parser
  // recovered lacks whatever followed the error, required or not.
  it('call children required that a recovered node lacks', () => {
    const text = 'parameters { W }';
    const { cst, errors } = parser.parseAll(parser.program, tokenize(text).tokens, text);
    expect(errors).toHaveLength(1);
    const block = (cst.children.block[0] as BlockCstNode).children.parametersBlock?.[0] as ParametersBlockCstNode;
    const declaration = block.children.parameterDeclaration?.[0] as ParameterDeclarationCstNode;
    expect(declaration.recoveredNode).toBe(true);
    expect(declaration.children.name.map((t) => t.image)).toEqual(['W']);
    expect(declaration.children.Tilde).toBeUndefined();
    expect(declaration.children.call).toBeUndefined();
  });
});

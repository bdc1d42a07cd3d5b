// The statement marks the parser notes for reparsing (incremental/statement-recording-parser.ts):
// each block's opening brace, where each statement begins, and the errors met by then.
import { describe, expect, it } from 'vitest';
import { parser } from '../../src/lang/syntax/grammar.js';
import { tokenize } from '../../src/lang/syntax/lexer.js';
import { parse } from '../../src/lang/syntax/parse.js';

function outline(text: string) {
  return parser.parseAll(parser.program, tokenize(text).tokens, text).outline;
}

describe('statement marks', () => {
  it('note the opening brace, each statement and the end of the statements', () => {
    const text = 'data {\n  x = 1\n  y = 2\n}';
    expect(outline(text)).toEqual([
      {
        open: text.indexOf('{'),
        errorsAtOpen: 0,
        statements: [
          { start: text.indexOf('x'), errorsBefore: 0 },
          { start: text.indexOf('y'), errorsBefore: 0 },
        ],
        end: { start: text.indexOf('}'), errorsBefore: 0 },
      },
    ]);
  });

  it('have no brace offset where the parser invented the brace', () => {
    const [block] = outline('data\n  x = 1\n}');
    expect(block.open).toBeNaN();
    expect(block.errorsAtOpen).toBe(1);
    expect(block.statements).toEqual([{ start: 7, errorsBefore: 1 }]);
  });

  it("take the brace after an invented name as the block's", () => {
    const text = 'infer vi on {\n  steps 5\n}';
    const [block] = outline(text);
    expect(block.open).toBe(text.indexOf('{'));
    expect(block.errorsAtOpen).toBe(1);
  });

  it('give a block cut short before its brace an outline too, so that outlines and blocks pair up', () => {
    const text = 'data ( }\nmodel { y = 1 }';
    const blocks = outline(text);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toEqual({ open: NaN, errorsAtOpen: NaN, statements: [] });
    expect(blocks[1].open).toBe(text.lastIndexOf('{'));
    const parsed = parse(text);
    expect(parsed.program.blocks).toHaveLength(2);
    expect(parsed.outline?.blocks).toHaveLength(2);
  });
});

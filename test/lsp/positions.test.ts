import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceText } from '../../src/lang/source.js';
import { toOffset, toPosition, toRange } from '../../lsp/positions.js';

const text = fc
  .array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '😀', 'é', '\t'), { maxLength: 30 })
  .map((xs) => xs.join(''));

describe('offsets and LSP positions', () => {
  it('agree with vscode-languageserver-textdocument on every offset and position, for \\n, \\r\\n, \\r and surrogate pairs', () => {
    fc.assert(
      fc.property(text, fc.nat(40), fc.nat(40), (t, line, character) => {
        const source = new SourceText(t, 'x.bnn');
        const doc = TextDocument.create('file:///x.bnn', 'bnn', 1, t);
        for (let o = 0; o <= t.length; o++) {
          // An offset between \r and \n is the end of its line, for both.
          expect(toPosition(source, o)).toEqual(doc.positionAt(o));
        }
        expect(toOffset(source, { line, character })).toBe(doc.offsetAt({ line, character }));
      }),
      { numRuns: 300 },
    );
  });

  it('turns spans into ranges, an empty span into an empty range', () => {
    const source = new SourceText('model m\r\ndata {}', 'x.bnn');
    expect(toRange(source, { start: 9, end: 13 })).toEqual({
      start: { line: 1, character: 0 },
      end: { line: 1, character: 4 },
    });
    expect(toRange(source, { start: 7, end: 7 })).toEqual({
      start: { line: 0, character: 7 },
      end: { line: 0, character: 7 },
    });
    expect(toOffset(source, { line: -1, character: 3 })).toBe(0);
  });
});

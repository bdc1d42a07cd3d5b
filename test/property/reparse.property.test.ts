// Reparsing after an edit (src/lang/incremental/reparse.ts) must give exactly what parsing the edited text
// whole gives: the tree, the tokens, the comments, the diagnostics and the outline that the next
// reparse starts from. Edits: random splices, the property suite's mutations, and chains of
// keystrokes, each reparsed from the one before. The window path must also be the one taken for
// most edits inside statements, or the comparison would prove nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/front-end.js';
import { parse, type ParsedDocument } from '../../src/lang/syntax/parse.js';
import { reparse, textChange } from '../../src/lang/incremental/reparse.js';
import { goodModels, mutate, mutations, rupture, skeleton, tokenSoup, VOCABULARY } from './arbitraries.js';

const bases = [rupture, ...goodModels];

const SEED = 20191125;

/** What must agree between a reparse and a whole parse. */
function comparable(doc: ParsedDocument) {
  return {
    text: doc.text,
    program: doc.program,
    tokens: doc.tokens.map((t) => [t.image, t.startOffset, t.endOffset, t.tokenType.name]),
    comments: doc.comments.map((t) => [t.image, t.startOffset, t.endOffset, t.tokenType.name]),
    diagnostics: doc.diagnostics,
    outline: doc.outline && {
      lexical: doc.outline.lexical,
      issues: doc.outline.issues,
      blocks: doc.outline.blocks.map(({ spans: _spans, ...b }) => b),
    },
  };
}

/** Reparses `after` from a fresh parse of `before`, checks it against a whole parse, and says which way it went. */
function agree(before: string, after: string): ParsedDocument['how'] {
  const re = reparse(parse(before), after);
  expect(comparable(re)).toEqual(comparable(parse(after)));
  return re.how;
}

interface Splice {
  at: number;
  remove: number;
  insert: string;
}

const splice: fc.Arbitrary<Splice> = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.constant(1), fc.nat({ max: 30 })),
  insert: fc.oneof(
    fc.constant(''),
    fc.constantFrom(...VOCABULARY),
    fc.string({ unit: 'binary-ascii', maxLength: 3 }),
    fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 6 }).map((ws) => ws.join(' ')),
  ),
});

function apply(text: string, s: Splice): string {
  const at = s.at % (text.length + 1);
  return text.slice(0, at) + s.insert + text.slice(Math.min(text.length, at + s.remove));
}

describe('a reparse is a whole parse', () => {
  it('after a random splice of a real model', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), splice, (base, s) => void agree(base, apply(base, s))),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('after random mutations of a real model', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), mutations, (base, ms) => void agree(base, ms.reduce(mutate, base))),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('on broken text: splices of token soup and block skeletons, broken before and after', () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoup, skeleton), splice, (base, s) => void agree(base, apply(base, s))),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('along a chain of edits, each reparsed from the one before', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(splice, { minLength: 1, maxLength: 12 }), (base, edits) => {
        let doc = parse(base);
        let text = base;
        for (const s of edits) {
          text = apply(text, s);
          doc = reparse(doc, text);
          expect(comparable(doc)).toEqual(comparable(parse(text)));
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('along a chain of edits of a model with long blocks', () => {
    const layers = Array.from({ length: 40 }, (_, i) => i + 1);
    const long = [
      'model long',
      'data {\n  columns a, b, label\n  train = read("t.txt")\n  x = standardize(a .. b)\n  y = label : binary\n}',
      `parameters {\n  W0 : [2, 4] ~ Normal(0, 1)\n${layers.map((i) => `  W${i} : [4, 4] ~ Normal(0, 1) // layer ${i}\n  b${i} : [4] ~ Laplace(0, 0.5)`).join('\n')}\n  Wout : [4, 1] ~ Normal(0, 1)\n}`,
      `model {\n  h0 = relu(x @ W0)\n${layers.map((i) => `  h${i} = tanh(h${i - 1} @ W${i} + b${i})`).join('\n')}\n  y ~ Bernoulli(logit = h40 @ Wout)\n}`,
      'evaluate train {\n  threshold 0.5\n  confusion\n}\n',
    ].join('\n\n');
    const ways = { window: 0, full: 0 };
    fc.assert(
      fc.property(fc.array(splice, { minLength: 1, maxLength: 10 }), (edits) => {
        let doc = parse(long);
        let text = long;
        for (const s of edits) {
          text = apply(text, s);
          doc = reparse(doc, text);
          ways[doc.how]++;
          expect(comparable(doc)).toEqual(comparable(parse(text)));
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
    expect(ways.window).toBeGreaterThan(ways.full);
  });

  it('typing a statement one character at a time, then deleting it, stays in step', () => {
    const line = '  Wx : [12, 1] ~ Normal(0, 1)\n';
    const at = rupture.indexOf('parameters {') + 'parameters {\n'.length;
    let doc = parse(rupture);
    const ways: string[] = [];
    const step = (text: string) => {
      doc = reparse(doc, text);
      ways.push(doc.how);
      expect(comparable(doc)).toEqual(comparable(parse(text)));
    };
    for (let i = 1; i <= line.length; i++) step(rupture.slice(0, at) + line.slice(0, i) + rupture.slice(at));
    for (let i = line.length - 1; i >= 0; i--) step(rupture.slice(0, at) + line.slice(0, i) + rupture.slice(at));
    expect(doc.text).toBe(rupture);
    // Every keystroke inside the parameters block is reparsed as a window.
    expect(ways.every((w) => w === 'window')).toBe(true);
  });
});

describe('the window path is the one taken', () => {
  it('for most one-character edits inside the statements of the reference model', () => {
    const ways = { window: 0, full: 0 };
    for (let i = 0; i < rupture.length; i += 7) {
      const edited = rupture.slice(0, i) + 'x' + rupture.slice(i);
      ways[agree(rupture, edited)]++;
    }
    // Edits in the header, between blocks, or on a block's keyword or braces are parsed whole.
    expect(ways.window / (ways.window + ways.full)).toBeGreaterThan(0.7);
  });

  it('for an edit in the middle of a long block, whose tokens after the edit move', () => {
    const params = Array.from({ length: 300 }, (_, i) => `  W${i} : [4, 4] ~ Normal(0, 1) // layer ${i}`).join('\n');
    const text = `model m\nparameters {\n${params}\n}\nmodel {\n  h = x @ W0\n}\n`;
    const at = text.indexOf('W150 :');
    expect(agree(text, text.slice(0, at) + 'V' + text.slice(at))).toBe('window');
    expect(agree(text, text.slice(0, at) + text.slice(at + 30))).toBe('window');
  });

  it('not for a text with nothing in common: then the whole is parsed', () => {
    expect(agree(rupture, 'model m\n')).toBe('full');
  });
});

describe('checkSource with the previous version', () => {
  it('gives the diagnostics and symbols of a whole check', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(splice, { minLength: 1, maxLength: 4 }), (base, edits) => {
        let doc = checkSource(base, 'm.bnn');
        let text = base;
        for (const s of edits) {
          text = apply(text, s);
          doc = checkSource(text, 'm.bnn', doc);
          const whole = checkSource(text, 'm.bnn');
          expect(doc.diagnostics).toEqual(whole.diagnostics);
          expect([...doc.symbols.values()]).toEqual([...whole.symbols.values()]);
          expect(doc.model).toEqual(whole.model);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('textChange', () => {
  it('finds the changed part of two texts', () => {
    expect(textChange('abcdef', 'abXdef')).toEqual({ start: 2, oldEnd: 3, newEnd: 3 });
    expect(textChange('abc', 'abc')).toEqual({ start: 3, oldEnd: 3, newEnd: 3 });
    expect(textChange('aaa', 'aaaa')).toEqual({ start: 3, oldEnd: 3, newEnd: 4 });
    expect(textChange('', 'x')).toEqual({ start: 0, oldEnd: 0, newEnd: 1 });
  });

  it('is exact on long texts (it compares in chunks)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 5000 }), splice, (base, s) => {
        const text = base.repeat(3);
        const after = apply(text, s);
        const c = textChange(text, after);
        expect(text.slice(0, c.start) + after.slice(c.start, c.newEnd) + text.slice(c.oldEnd)).toBe(after);
        expect(text.slice(0, c.start)).toBe(after.slice(0, c.start));
        expect(text.slice(c.oldEnd)).toBe(after.slice(c.newEnd));
        // Maximal: the first and last changed characters differ.
        if (c.start < c.oldEnd && c.start < c.newEnd) expect(text[c.start]).not.toBe(after[c.start]);
        if (c.oldEnd > c.start && c.newEnd > c.start) expect(text[c.oldEnd - 1]).not.toBe(after[c.newEnd - 1]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

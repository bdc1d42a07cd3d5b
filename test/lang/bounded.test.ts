// The front end's work is bounded: a string literal of millions of characters is lexed
// without recursion, and thousands of syntax errors are filtered in linear time.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnostic, M } from '../../src/lang/diagnostics/catalog.js';
import { checkSource } from '../../src/lang/front-end.js';
import { dropCascades } from '../../src/lang/checking/checker.js';
import { SourceText } from '../../src/lang/source.js';
import { formatSource } from '../../src/lang/format/format.js';
import { parse } from '../../src/lang/syntax/parse.js';
import { CstParser } from 'chevrotain';

const RUPTURE = fs.readFileSync(new URL('../../models/rupture.bnn', import.meta.url), 'utf8');

describe('a bounded front end', () => {
  it('checks and formats a string of 9 million characters without overflowing the stack', () => {
    const text = RUPTURE.replaceAll('rupture/rupturemodel_test.txt', 'r'.repeat(9_000_000));
    const doc = checkSource(text, 'long.bnn');
    expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(formatSource(text).text).toBeDefined();
    const unterminated = RUPTURE.replace('"rupture/rupturemodel_test.txt")', `"${' '.repeat(9_000_000)}x`);
    const t0 = performance.now();
    const bad = checkSource(unterminated, 'unterminated.bnn');
    expect(bad.diagnostics.map((d) => d.code)).toContain('BNN0002');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('reports, never throws on, a prior argument thousands of operators long (and thousands of stray @)', () => {
    const long = RUPTURE.replace(
      'W0 : [8, 12] ~ Normal(0, 1)',
      'W0 : [8, 12] ~ Normal(0' + ' + 1'.repeat(6000) + ', 1)',
    );
    const stray = RUPTURE.replace('W0 : [8, 12] ~ Normal(0, 1)', 'W0 : [8, 12] ~ Normal(0, ' + '@@@\n'.repeat(3000));
    for (const text of [long, stray]) {
      const doc = checkSource(text, 'long.bnn');
      const error = doc.diagnostics.find((d) => d.code === 'BNN0101');
      expect(error, doc.diagnostics.map((d) => d.message).join('; ')).toBeDefined();
      expect(error!.span.end).toBeLessThanOrEqual(text.length);
      expect(doc.model).toBeUndefined();
    }
    expect(checkSource(long).diagnostics.map((d) => d.message)).toEqual([
      'expected a shorter expression (split it into named steps), found a statement too long to check.',
    ]);
  });

  it('keeps the escape rules of string literals', () => {
    const doc = checkSource(RUPTURE.replaceAll('rupture/rupturemodel_test.txt', 'a\\\\b\\"c\\u0041\\q'), 'esc.bnn');
    expect(doc.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['BNN0004', expect.stringContaining("'\\q'")],
      ['BNN0004', expect.stringContaining("'\\q'")],
    ]);
    const data = doc.program.blocks.find((b) => b.kind === 'data');
    expect(JSON.stringify(data)).toContain(JSON.stringify('a\\b"cAq'));
  });

  it('filters cascades without comparing every diagnostic with every syntax error', () => {
    // 120,000 lines: a syntax error on each even one, a name error on each odd one.
    const n = 60_000;
    const text = 'ab cd\n'.repeat(2 * n);
    const ds = [];
    for (let i = 0; i < n; i++) {
      ds.push(diagnostic(M.syntax, { start: 12 * i + 3, end: 12 * i + 5 }, ["'='", "'cd'"]));
      ds.push(diagnostic(M.undefinedName, { start: 12 * i + 6, end: 12 * i + 8 }, ['ab', 'name']));
    }
    const t0 = performance.now();
    const kept = dropCascades(ds, [], new SourceText(text, 'many.bnn'));
    // Comparing every pair took several seconds here; linear, a few tens of milliseconds.
    expect(performance.now() - t0).toBeLessThan(1_500);
    // No name error contains a syntax error or follows one on its line: all are kept.
    expect(kept).toHaveLength(2 * n);
  });

  it('checks 40,000 pasted words in a few seconds', () => {
    const lorem = 'the quick brown fox jumps over lazy dog and then some more words follow here'.split(' ');
    const words = Array.from({ length: 40_000 }, (_, i) => lorem[i % lorem.length] + (i % 5 === 4 ? '\n' : ''));
    const text = RUPTURE.replace('model {', `model {\n${words.join(' ')}\n`);
    const t0 = performance.now();
    const doc = checkSource(text, 'pasted.bnn');
    // Quadratic filtering took about 13 s here; linear, about 1 s.
    expect(performance.now() - t0).toBeLessThan(6_000);
    expect(doc.diagnostics).toHaveLength(201);
  }, 30_000);
});

describe("recovery's look-ahead", () => {
  // Chevrotain looks ahead for the point to resynchronize at before each in-repetition recovery;
  // without syntax/linear-recovery-parser.ts that look-ahead runs to the block's end after every
  // broken statement, so the tokens looked at grow with the square of the statements.
  const lookedAt = (lines: number): number => {
    const text = 'model m\ndata {\n' + '  columns c 1, c2, c3, visits\n'.repeat(lines) + '}\n';
    const proto = Object.getPrototypeOf(CstParser.prototype) as { LA(k: number): unknown };
    const la = proto.LA;
    let calls = 0;
    proto.LA = function (this: unknown, k: number) {
      calls++;
      return la.call(this, k);
    };
    try {
      parse(text);
    } finally {
      proto.LA = la;
    }
    return calls;
  };

  it('looks at tokens in proportion to the broken statements, not their square', () => {
    const small = lookedAt(250);
    const large = lookedAt(1000);
    expect(large / small).toBeLessThan(5);
  });
});

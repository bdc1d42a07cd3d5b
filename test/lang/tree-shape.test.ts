// The syntax tree is a tree: no object, not even a span, is reachable from two places. A reparse
// (src/lang/incremental/reparse.ts) moves the spans of the statements it takes over in place, once each; a
// span shared by two nodes would move twice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/lang/syntax/parse.js';
import { mutate, mutations, skeleton, tokenSoup } from '../property/arbitraries.js';
import { root, rupture } from './helpers.js';

/** The paths at which an object already seen is reached again. */
function sharedObjects(tree: unknown): string[] {
  const seen = new Set<object>();
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (v === null || typeof v !== 'object') return;
    if (seen.has(v)) {
      out.push(at);
      return;
    }
    seen.add(v);
    for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  walk(tree, '');
  return out;
}

function bnnFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? bnnFiles(p) : p.endsWith('.bnn') ? [p] : [];
  });
}

describe('the AST shares no object between two places', () => {
  const files = [
    ...bnnFiles(path.join(root, 'test/golden')),
    ...bnnFiles(path.join(root, 'models')),
    ...bnnFiles(path.join(root, 'docs')),
  ];

  it('in every golden, reference and documented model', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect([f, sharedObjects(parse(fs.readFileSync(f, 'utf8')).program)]).toEqual([f, []]);
  });

  it('in broken text, where the parser invents missing pieces', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          tokenSoup,
          skeleton,
          mutations.map((ms) => ms.reduce(mutate, rupture)),
        ),
        (text) => {
          expect(sharedObjects(parse(text).program)).toEqual([]);
        },
      ),
      { seed: 7, numRuns: 400 },
    );
  });

  it('and the test can see sharing', () => {
    const span = { start: 0, end: 1 };
    expect(sharedObjects({ a: { span }, b: { span } })).toEqual(['.b.span']);
  });
});

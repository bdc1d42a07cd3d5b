// Properties of the formatter over the repository's models and over random re-spellings of them:
// idempotent, meaning-preserving, every comment kept in its place, canonical layout.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/lang/format/format.js';
import { parse } from '../../src/lang/syntax/parse.js';
import { commentPlaces, layoutProblems, meaning, readModel, repositoryModels, tokenImages } from './helpers.js';
import { edits as editsArb, occurrences, respell, withoutComments } from './respell.js';

const RUNS = 100;

/** What must hold between a source without syntax errors and its formatted text. */
function expectFaithful(source: string, formatted: string): void {
  expect(formatSource(formatted).text).toBe(formatted);
  expect(meaning(formatted)).toEqual(meaning(source));
  expect(tokenImages(formatted)).toEqual(tokenImages(source));
  expect(commentPlaces(formatted)).toEqual(commentPlaces(source));
  expect(layoutProblems(formatted)).toEqual([]);
}

const rupture = readModel('models/rupture.bnn');
const models = repositoryModels();

describe('the formatter on the repository models', () => {
  it.each(models)('%s', (file) => {
    const source = readModel(file);
    const result = formatSource(source);
    if (result.text === undefined) {
      expect(result.diagnostics).toEqual(parse(source).diagnostics);
      expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      return;
    }
    expectFaithful(source, result.text);
  });
});

describe('the formatter on random re-spellings', () => {
  it('of the reference model: faithful, and laid out whatever the whitespace was', () => {
    const canonicalCode = formatSource(withoutComments(rupture)).text!.replace(/\n\n+/g, '\n');
    fc.assert(
      fc.property(editsArb, (edits) => {
        const { text: source, added } = respell(rupture, edits);
        const result = formatSource(source);
        expect(result.diagnostics).toEqual([]);
        expectFaithful(source, result.text!);
        for (const id of added) expect(occurrences(result.text!, id)).toBe(occurrences(source, id));
        expect(formatSource(withoutComments(source)).text!.replace(/\n\n+/g, '\n')).toBe(canonicalCode);
      }),
      { numRuns: RUNS },
    );
  });

  // A `// bnnc: allow` comment applies to the line after it, so joining a statement's lines can
  // change what it silences: such files are left to the plain-file test above.
  const respellable = models.filter((f) => {
    const text = readModel(f);
    return !text.includes('bnnc:') && formatSource(text).text !== undefined;
  });

  it.skipIf(respellable.length === 0)('of every model file: faithful', () => {
    fc.assert(
      fc.property(fc.constantFrom(...respellable), editsArb, (file, edits) => {
        const { text: source } = respell(readModel(file), edits);
        const result = formatSource(source);
        expect(result.text).toBeDefined();
        expectFaithful(source, result.text!);
      }),
      { numRuns: RUNS },
    );
  });
});

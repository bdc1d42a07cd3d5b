// Property tests of the front end: on any input, checkSource never throws, every span it returns
// lies inside the text, diagnostics come sorted and the renderers never throw (see
// checkInvariants). Inputs: arbitrary strings, sequences of the language's tokens, block
// skeletons, and random mutations of the reference model and the golden good models.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/front-end.js';
import {
  anyUnicode,
  checkInvariants,
  goodModels,
  mutate,
  mutation,
  mutations,
  pieces,
  rupture,
  skeleton,
  tokenSoup,
} from './arbitraries.js';

/** Fixed seeds: a failure is reproducible, and the suite does not flicker. */
const SEED = 20190701;

describe('arbitrary text', () => {
  it('ASCII strings (fc.string)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => void checkInvariants(s)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('ASCII with control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 300 }), (s) => void checkInvariants(s)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('full Unicode, lone surrogates included', () => {
    fc.assert(
      fc.property(anyUnicode, (s) => void checkInvariants(s)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("sequences of the language's own tokens", () => {
    fc.assert(
      fc.property(tokenSoup, (s) => void checkInvariants(s)),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('block skeletons with random statements', () => {
    fc.assert(
      fc.property(skeleton, (s) => void checkInvariants(s)),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a valid model with arbitrary text inserted anywhere', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string({ unit: 'binary-ascii', maxLength: 40 }), (at, junk) => {
        const i = at % (rupture.length + 1);
        checkInvariants(rupture.slice(0, i) + junk + rupture.slice(i));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('mutations of real models', () => {
  it('60 random mutations of models/rupture.bnn never crash the checker', () => {
    let runs = 0;
    fc.assert(
      fc.property(mutation, (m) => {
        runs++;
        checkInvariants(mutate(rupture, m));
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(runs).toBe(60);
  });

  it('several mutations at once, of every good golden model', () => {
    fc.assert(
      fc.property(fc.constantFrom(...goodModels), mutations, (model, ms) => {
        checkInvariants(ms.reduce(mutate, model));
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it('deleting any one token of the reference model never throws, and always gives an error or a clean model', () => {
    const ps = pieces(rupture);
    const tokenIndexes = ps.map((p, i) => (p.token ? i : -1)).filter((i) => i >= 0);
    for (const i of tokenIndexes) {
      const text = ps
        .filter((_, k) => k !== i)
        .map((p) => p.text)
        .join('');
      checkInvariants(text);
    }
    expect(tokenIndexes.length).toBeGreaterThan(150);
  });

  it('checking is deterministic', () => {
    fc.assert(
      fc.property(mutations, (ms) => {
        const text = ms.reduce(mutate, rupture);
        expect(checkSource(text).diagnostics).toEqual(checkSource(text).diagnostics);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

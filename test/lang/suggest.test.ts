// "Did you mean": the bounded edit distance against a plain one, and what suggest offers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/lang/diagnostics/suggest.js';

/** Optimal string alignment distance, case-blind, written the plain way. */
function plainDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'W', 'w', '0', '1', '_'), maxLength: 12 });

describe('editDistance', () => {
  it('is the plain distance, and past a bound some number above the bound', () => {
    fc.assert(
      fc.property(word, word, fc.nat({ max: 6 }), (a, b, bound) => {
        const exact = plainDistance(a, b);
        expect(editDistance(a, b)).toBe(exact);
        const bounded = editDistance(a, b, bound);
        if (exact <= bound) expect(bounded).toBe(exact);
        else expect(bounded).toBeGreaterThan(bound);
      }),
      { seed: 3, numRuns: 2000 },
    );
  });

  it('counts a swap of neighbours as one edit, and ignores case', () => {
    expect(editDistance('W0', '0W')).toBe(1);
    expect(editDistance('relu', 'RELU')).toBe(0);
    expect(editDistance('Normal', 'Nromal')).toBe(1);
    expect(editDistance('a'.repeat(100), 'b'.repeat(100))).toBe(100);
  });
});

describe('suggest', () => {
  it('offers the closest candidate within a third of the word, the first in order on a tie', () => {
    expect(suggest('Nromal', ['Normal', 'Laplace'])).toBe('Normal');
    expect(suggest('W2', ['W0', 'W1', 'b2'])).toBe('W0');
    expect(suggest('relux', ['relu', 'tanh'])).toBe('relu');
    expect(suggest('zzzzzz', ['relu', 'tanh'])).toBeUndefined();
    expect(suggest('W1', ['W1'])).toBeUndefined();
  });

  it('agrees with a plain search over many candidates', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 40 }), (w, candidates) => {
        const limit = Math.max(1, Math.floor(w.length / 3));
        let best: string | undefined;
        let bestD = Infinity;
        for (const c of candidates) {
          if (c === w) continue;
          const d = plainDistance(w, c);
          if (d < bestD || (d === bestD && best !== undefined && c < best)) [best, bestD] = [c, d];
        }
        expect(suggest(w, candidates)).toBe(w && bestD <= limit ? best : undefined);
      }),
      { seed: 4, numRuns: 1000 },
    );
  });
});

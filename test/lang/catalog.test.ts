// The one catalog of diagnostics: each code once, well formed, in its stage's range; and no new
// entry that only passes a message through (its wording belongs in the catalog).
import { describe, expect, it } from 'vitest';
import { catalog, M } from '../../src/lang/diagnostics/catalog.js';

/** Entries whose message is still worded at the call site (the issue asks for none); do not add. */
const PASS_THROUGH = new Set<string>([]);

describe('the diagnostic catalog', () => {
  it('gives every entry its own code, of the form BNNdddd', () => {
    const codes = catalog.map((e) => e.code);
    const seen = new Map<string, number>();
    for (const c of codes) seen.set(c, (seen.get(c) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([c]) => c), 'codes used twice').toEqual([]);
    expect(codes.filter((c) => !/^BNN\d{4}$/.test(c)), 'malformed codes').toEqual([]);
  });

  it('gives every entry a severity and a title', () => {
    for (const e of catalog) {
      expect(['error', 'warning'], e.code).toContain(e.severity);
      expect(e.title.trim(), e.code).not.toBe('');
    }
  });

  it('words its messages itself: no entry beyond the known ones returns an argument unchanged', () => {
    const passThrough = Object.entries(M)
      .filter(([, def]) => {
        const args = Array.from({ length: Math.max(def.format.length, 1) }, (_, i) => `ARG${i}`);
        try {
          return args.includes((def.format as (...a: string[]) => string)(...args));
        } catch {
          return false;
        }
      })
      .map(([key]) => key);
    expect(passThrough.filter((k) => !PASS_THROUGH.has(k))).toEqual([]);
  });
});

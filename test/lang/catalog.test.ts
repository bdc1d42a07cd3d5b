// The catalogs of diagnostics and of run-time errors: each code once across both, well formed, in
// its stage's range; and no entry that only passes a message through (its wording belongs in the
// catalog).
import { describe, expect, it } from 'vitest';
import { catalog, M } from '../../src/lang/diagnostics/catalog.js';
import { R, runCatalog } from '../../src/lang/diagnostics/run-messages.js';

/** A message function that returns one of its (string) arguments unchanged passes it through. */
function passesThrough(format: (...a: string[]) => string, arity = format.length): boolean {
  const args = Array.from({ length: Math.max(arity, 1) }, (_, i) => `ARG${i}`);
  try {
    return args.includes(format(...args));
  } catch {
    return false;
  }
}

describe('the diagnostic catalog', () => {
  it('gives every entry its own code across both catalogs, of the form BNNdddd', () => {
    const codes = [...catalog, ...runCatalog].map((e) => e.code);
    const seen = new Map<string, number>();
    for (const c of codes) seen.set(c, (seen.get(c) ?? 0) + 1);
    expect(
      [...seen].filter(([, n]) => n > 1).map(([c]) => c),
      'codes used twice',
    ).toEqual([]);
    expect(
      codes.filter((c) => !/^BNN\d{4}$/.test(c)),
      'malformed codes',
    ).toEqual([]);
  });

  it('gives every entry a severity and a title', () => {
    for (const e of catalog) {
      expect(['error', 'warning'], e.code).toContain(e.severity);
      expect(e.title.trim(), e.code).not.toBe('');
    }
  });

  it('words its messages itself: no entry returns an argument unchanged', () => {
    expect(
      Object.entries(M)
        .filter(([, def]) => passesThrough(def.format as (...a: string[]) => string))
        .map(([key]) => key),
    ).toEqual([]);
  });
});

describe('the run-time catalog', () => {
  it('keeps its codes in BNN2000-5999, apart from the front end (BNN00xx-17xx)', () => {
    expect(runCatalog.map((e) => e.code).filter((c) => !/^BNN[2-5]\d{3}$/.test(c))).toEqual([]);
    expect(catalog.map((e) => e.code).filter((c) => !/^BNN[01]\d{3}$/.test(c))).toEqual([]);
  });

  it('gives every entry a title, and words its messages itself', () => {
    for (const e of runCatalog) expect(e.title.trim(), e.code).not.toBe('');
    expect(
      Object.entries(R)
        .filter(([, def]) =>
          passesThrough((...a: string[]) => (def as (...a: string[]) => { message: string })(...a).message, 6),
        )
        .map(([key]) => key),
    ).toEqual([]);
  });

  it("words each message with its entry's code", () => {
    expect(R.posteriorNotJson('p.json')).toEqual({
      code: 'BNN5002',
      message: 'p.json is not valid JSON (truncated or corrupted?): run the model again to write a new posterior.',
    });
  });
});

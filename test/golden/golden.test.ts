// Golden (baseline) tests, as compilers keep them: every file under test/golden/good must check
// without errors, and its checked model, symbols and warnings are compared with NAME.expected;
// every file under test/golden/bad must give diagnostics, compared (as rendered for a terminal)
// with NAME.expected. The reference model and the documented examples are good cases too.
//
// To accept a change of output, run with BNN_UPDATE_GOLDEN=1: the .expected files are rewritten
// instead of compared, and the change is reviewed in the diff.
//
//   BNN_UPDATE_GOLDEN=1 npx vitest run test/golden
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emit } from '../../src/compiler/emit.js';
import { lower } from '../../src/compiler/lower.js';
import { catalog } from '../../src/lang/diagnostics/catalog.js';
import { checkSource } from '../../src/lang/front-end.js';
import { withDataAccess } from '../../src/data/diagnostics.js';
import { badDump, goodDump } from './dump.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UPDATE = process.env.BNN_UPDATE_GOLDEN === '1';

interface Case {
  name: string;
  /** Relative to the repository root, with forward slashes: the file name in messages. */
  source: string;
  expected: string;
}

function bnnFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs)
    .filter((f) => f.endsWith('.bnn'))
    .sort();
}

function casesIn(dir: string): Case[] {
  return bnnFiles(dir).map((f) => ({
    name: f.slice(0, -4),
    source: `${dir}/${f}`,
    expected: `${dir}/${f.slice(0, -4)}.expected`,
  }));
}

/** Good models kept elsewhere in the repository; their baselines live in test/golden/good. */
function externalCases(dir: string, prefix: string): Case[] {
  return bnnFiles(dir).map((f) => ({
    name: `${prefix}${f.slice(0, -4)}`,
    source: `${dir}/${f}`,
    expected: `test/golden/good/${prefix}${f.slice(0, -4)}.expected`,
  }));
}

const good = [
  ...casesIn('test/golden/good'),
  ...externalCases('models', 'models.'),
  ...externalCases('docs/examples', 'docs.examples.'),
];
const bad = casesIn('test/golden/bad');

function read(rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

function compare(c: Case, actual: string): void {
  const file = path.join(root, c.expected);
  if (UPDATE) {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== actual) fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file))
    throw new Error(`${c.expected} does not exist: run with BNN_UPDATE_GOLDEN=1 to create it, then review it`);
  expect(actual, `${c.source} differs from ${c.expected} (BNN_UPDATE_GOLDEN=1 rewrites it)`).toBe(
    fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n'),
  );
}

describe('golden: good models', () => {
  it('there are at least 8 of them, the reference model among them', () => {
    expect(good.length).toBeGreaterThanOrEqual(8);
    expect(good.map((c) => c.source)).toContain('models/rupture.bnn');
  });

  for (const c of good) {
    it(c.source, () => {
      const doc = checkSource(read(c.source), c.source);
      const errors = doc.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(doc.model, 'a file without errors has a checked model').toBeDefined();
      compare(c, goodDump(doc));
    });
  }
});

describe('golden: the plan of every good model (bnnc compile --emit plan)', () => {
  for (const c of good) {
    const expected = `test/golden/plan/${path.basename(c.expected, '.expected')}.plan`;
    it(c.source, () => {
      const text = read(c.source);
      const doc = checkSource(text, c.source);
      compare({ ...c, expected }, emit(lower(doc.model!, text), 'plan'));
    });
  }

  it('every .plan file has its model (no stale baselines)', () => {
    const names = new Set(good.map((c) => `${path.basename(c.expected, '.expected')}.plan`));
    for (const f of fs.readdirSync(path.join(root, 'test/golden/plan')))
      expect(names.has(f), `test/golden/plan/${f} has no model`).toBe(true);
  });
});

describe('golden: bad models', () => {
  it('there are at least 40 of them', () => {
    expect(bad.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of bad) {
    it(c.source, () => {
      // As `bnnc check` does: with the data-access policy on the read(...) files (BNN1118).
      const doc = withDataAccess(checkSource(read(c.source), c.source), {
        modelDir: path.join(root, path.dirname(c.source)),
        env: { HOME: '/nonexistent' },
      });
      expect(doc.diagnostics.length, 'a bad file gives at least one diagnostic').toBeGreaterThan(0);
      if (doc.diagnostics.some((d) => d.severity === 'error')) expect(doc.model).toBeUndefined();
      compare(c, badDump(doc));
    });
  }

  it('every .expected file has its .bnn (no stale baselines)', () => {
    for (const dir of ['test/golden/good', 'test/golden/bad']) {
      const sources = new Set([...good, ...bad].map((c) => c.expected));
      for (const f of fs.readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.expected'))) {
        expect(sources.has(`${dir}/${f}`), `${dir}/${f} has no source file`).toBe(true);
      }
    }
  });
});

describe('golden: the catalog is covered', () => {
  /** Codes that a generated test triggers instead of a file (see below). */
  const GENERATED = new Set(['BNN0006']);

  it('every code of the catalog appears in at least one bad .expected file', () => {
    const seen = new Set<string>();
    for (const c of bad) {
      const file = path.join(root, c.expected);
      if (!fs.existsSync(file)) continue;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/: (?:error|warning) (BNN\d{4}):/g)) seen.add(m[1]);
    }
    const missing = catalog.map((e) => e.code).filter((code) => !seen.has(code) && !GENERATED.has(code));
    expect(missing).toEqual([]);
  });

  it('BNN0006: a file with 300 problems reports the first 200 and then says it stopped', () => {
    // One undefined name per line, 300 of them, in the likelihood.
    const lines = [
      'model many',
      'data {',
      '  columns a, label',
      '  train = read("t.csv")',
      '  x = features(a)',
      '  y = label : binary',
      '}',
    ];
    lines.push('parameters {', '  W : [1, 1] ~ Normal(0, 1)', '}', 'model {', '  y ~ Bernoulli(logit = x @ W');
    for (let i = 0; i < 300; i++) lines.push(`    + q${i}`);
    lines.push('  )', '}');
    const text = lines.join('\n');
    const doc = checkSource(text, 'many.bnn');
    expect(doc.diagnostics).toHaveLength(201);
    const last = doc.diagnostics[200];
    expect(last.code).toBe('BNN0006');
    expect(last.message).toBe('too many problems: only the first 200 are reported; fix these and check again.');
    expect(doc.diagnostics.slice(0, 200).map((d) => text.slice(d.span.start, d.span.end))).toEqual(
      Array.from({ length: 200 }, (_, i) => `q${i}`),
    );
    expect(doc.diagnostics.slice(0, 200).every((d) => d.code === 'BNN1001')).toBe(true);
    // It points at the first problem not shown.
    expect(text.slice(last.span.start, last.span.end)).toBe('q200');
  });
});

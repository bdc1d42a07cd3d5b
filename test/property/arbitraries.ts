// Generators for the property tests: arbitrary text, sequences of the language's own tokens, and
// random mutations of real models.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { catalog } from '../../src/lang/diagnostics/catalog.js';
import { checkSource, type CheckedDocument } from '../../src/lang/front-end.js';
import { diagnosticToJson, renderAll, summary } from '../../src/lang/diagnostics/render.js';
import type { Span } from '../../src/lang/source.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The reference model's text. */
export const rupture = fs.readFileSync(path.join(root, 'models/rupture.bnn'), 'utf8');

/** The texts of the good golden models. */
export const goodModels = fs
  .readdirSync(path.join(root, 'test/golden/good'))
  .filter((f) => f.endsWith('.bnn'))
  .sort()
  .map((f) => fs.readFileSync(path.join(root, 'test/golden/good', f), 'utf8'));

/** Words and symbols of the language, and a few near misses. */
export const VOCABULARY = [
  // blocks and statements
  'model',
  'data',
  'parameters',
  'infer',
  'evaluate',
  'columns',
  'read',
  'standardize',
  'features',
  'balance',
  'source',
  'on',
  'by',
  'guide',
  'optimizer',
  'steps',
  'samples',
  'batch',
  'seed',
  'draws',
  'threshold',
  'confusion',
  'classification',
  'uncertainty',
  'importance',
  'weights',
  'prior_posterior',
  // words known by place
  'vi',
  'nuts',
  'map',
  'chains',
  'warmup',
  'max_depth',
  'target_accept',
  'thin',
  'meanfield',
  'adam',
  'lr',
  'decay',
  'full',
  'upsample',
  'none',
  'maximize',
  'f1',
  'then',
  'refit',
  'permutation',
  'class',
  'binary',
  'categorical',
  'real',
  'header',
  'sep',
  'true',
  'false',
  'url',
  'sha256',
  'Normal',
  'Laplace',
  'StudentT',
  'HalfNormal',
  'LogNormal',
  'Bernoulli',
  'Categorical',
  'mu',
  'sigma',
  'p',
  'logit',
  'logits',
  'relu',
  'tanh',
  'sigmoid',
  'softplus',
  'elu',
  'leaky_relu',
  'softmax',
  'identity',
  'exp',
  'abs',
  'log',
  'sqrt',
  'pow',
  'min',
  'max',
  'alpha',
  // names
  'x',
  'y',
  'h',
  'z',
  'W0',
  'b0',
  'W1',
  'b1',
  'train',
  'valid',
  'test',
  'label',
  'height',
  'dc',
  'a',
  'b',
  'train_',
  'Model',
  // numbers and strings
  '0',
  '1',
  '2',
  '3',
  '8',
  '12',
  '0.5',
  '1e-3',
  '1e',
  '2.5e',
  '99999999999999999999',
  '"train.csv"',
  '"a\\tb"',
  '"x\\q"',
  '""',
  '"unterminated',
  // punctuation
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '=',
  '~',
  '@',
  '+',
  '-',
  '*',
  '/',
  '..',
  '.',
  // comments and junk
  '// comment\n',
  '// bnnc: allow BNN1602\n',
  '// bnnc: allow BNN1201\n',
  '/* block */',
  '/* open',
  '#',
  ';',
  '\u0000',
  'é',
  '\n',
  '\t',
];

/** Text in any Unicode, lone surrogates included. */
export const anyUnicode = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  ),
  maxLength: 200,
});

/** The language's tokens in any order, with random spacing. */
export const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(' ', ' ', '\n', '', '  ')), { maxLength: 120 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

/** Well-bracketed-ish skeletons: a header and blocks with random statements inside. */
export const skeleton = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'data',
          'parameters',
          'model',
          'infer vi',
          'infer vi on train',
          'infer nuts',
          'infer map',
          'evaluate test',
          'evaluate valid, test',
          'dta',
        ),
        fc.array(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 8 }), { maxLength: 5 }),
      ),
      { maxLength: 6 },
    ),
  )
  .map(
    ([header, blocks]) =>
      (header ? 'model m\n' : '') +
      blocks.map(([b, stmts]) => `${b} {\n${stmts.map((s) => '  ' + s.join(' ')).join('\n')}\n}\n`).join('\n'),
  );

// ---- mutations of real models ----

/** Source split into tokens and the text between them, so that mutations keep the layout. */
interface Piece {
  text: string;
  token: boolean;
}

const TOKEN =
  /"(?:[^"\\\n]|\\.)*"?|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.|[{}()[\],:=~@+\-*/]|\S/g;

export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index), token: false });
    out.push({ text: m[0], token: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), token: false });
  return out;
}

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'insertToken'; at: number; token: string }
  | { kind: 'insertChar'; at: number; char: string }
  | { kind: 'deleteChar'; at: number }
  | { kind: 'replaceNumber'; at: number; value: string }
  | { kind: 'rename'; at: number; name: string; everywhere: boolean };

const NUMBERS = [
  '0',
  '-1',
  '1',
  '2',
  '7',
  '13',
  '0.5',
  '2.5',
  '1e',
  '1e-',
  '1e400',
  '-0',
  '99999999999999999999',
  '00',
];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insertToken' as const), at: fc.nat(), token: fc.constantFrom(...VOCABULARY) }),
  fc.record({
    kind: fc.constant('insertChar' as const),
    at: fc.nat(),
    char: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  }),
  fc.record({ kind: fc.constant('deleteChar' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replaceNumber' as const), at: fc.nat(), value: fc.constantFrom(...NUMBERS) }),
  fc.record({
    kind: fc.constant('rename' as const),
    at: fc.nat(),
    name: fc.constantFrom('W0', 'w0', 'b2', 'x', 'y', 'train', 'model', 'steps', 'Normal', 'relu', 'label', 'zz'),
    everywhere: fc.boolean(),
  }),
);

export function mutate(text: string, m: Mutation): string {
  if (m.kind === 'insertChar' || m.kind === 'deleteChar') {
    const at = m.at % (text.length + 1);
    return m.kind === 'insertChar'
      ? text.slice(0, at) + m.char + text.slice(at)
      : text.slice(0, at) + text.slice(at + 1);
  }
  const ps = pieces(text);
  const tokens = ps.map((p, i) => (p.token ? i : -1)).filter((i) => i >= 0);
  if (tokens.length === 0) return text;
  const pick = (list: number[]) => list[m.at % list.length];
  const i = pick(tokens);
  switch (m.kind) {
    case 'delete':
      ps.splice(i, 1);
      break;
    case 'duplicate':
      ps.splice(i, 0, { text: ps[i].text + ' ', token: false });
      break;
    case 'swap': {
      const j = tokens[tokens.indexOf(i) + 1];
      if (j !== undefined) [ps[i], ps[j]] = [ps[j], ps[i]];
      break;
    }
    case 'insertToken':
      ps.splice(i, 0, { text: m.token + ' ', token: false });
      break;
    case 'replaceNumber': {
      const numbers = tokens.filter((k) => /^\d/.test(ps[k].text));
      if (numbers.length) ps[pick(numbers)].text = m.value;
      break;
    }
    case 'rename': {
      const names = tokens.filter((k) => /^[A-Za-z_]/.test(ps[k].text));
      if (!names.length) break;
      const k = pick(names);
      const old = ps[k].text;
      if (m.everywhere) for (const p of ps) if (p.token && p.text === old) p.text = m.name;
      ps[k].text = m.name;
      break;
    }
  }
  return ps.map((p) => p.text).join('');
}

/** Several mutations applied one after the other. */
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

// ---- the invariants ----

const CODES = new Map(catalog.map((c) => [c.code, c.severity]));

function assertSpan(span: Span, length: number, what: string): void {
  if (!(
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  )) {
    throw new Error(`${what}: bad span ${JSON.stringify(span)} in a text of length ${length}`);
  }
}

/**
 * Checks a text and asserts what must hold of every input: no exception; every span of every
 * diagnostic, related note, fix edit and symbol inside the text; diagnostics sorted, at most 201,
 * with codes and severities of the catalog; the renderers never throw; a file without errors has
 * a checked model.
 */
export function checkInvariants(text: string): CheckedDocument {
  const doc = checkSource(text, 'prop.bnn');
  const n = text.length;
  if (doc.diagnostics.length > 201) throw new Error(`${doc.diagnostics.length} diagnostics`);
  let prev: Span | undefined;
  for (const d of doc.diagnostics) {
    assertSpan(d.span, n, `${d.code} ${d.message}`);
    for (const r of d.related) assertSpan(r.span, n, `${d.code} related`);
    for (const f of d.fixes) for (const e of f.edits) assertSpan(e.span, n, `${d.code} fix ${f.title}`);
    if (CODES.get(d.code) !== d.severity) throw new Error(`${d.code} is not a catalog ${d.severity}`);
    for (const junk of ['undefined', 'NaN', '[object Object]']) {
      if (d.message.includes(junk) && !text.includes(junk))
        throw new Error(`${d.code}: '${junk}' in the message ${JSON.stringify(d.message)}`);
    }
    if (d.message.length === 0) throw new Error(`${d.code}: empty message`);
    if (prev && (d.span.start < prev.start || (d.span.start === prev.start && d.span.end < prev.end)))
      throw new Error('diagnostics are not sorted');
    prev = d.span;
  }
  for (const s of doc.symbols.values()) {
    assertSpan(s.decl, n, `symbol ${s.name} decl`);
    assertSpan(s.statement, n, `symbol ${s.name} statement`);
    for (const r of s.refs) assertSpan(r, n, `symbol ${s.name} ref`);
  }
  renderAll(doc.diagnostics, doc.source);
  summary(doc.diagnostics);
  for (const d of doc.diagnostics) JSON.stringify(diagnosticToJson(d, doc.source));
  if (!doc.diagnostics.some((d) => d.severity === 'error') && !doc.model)
    throw new Error('no errors, but no checked model');
  if (doc.model && doc.diagnostics.some((d) => d.severity === 'error')) throw new Error('errors, but a checked model');
  return doc;
}

// Seeded generation of hostile model texts for the fuzz probe: the repository's models (golden
// files and models/*.bnn) mutated by token splices, random bytes, odd numbers, long strings,
// deep brackets, repeated statements, huge shapes and hostile data paths.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Rng = () => number;

/** mulberry32: a small seeded generator, so that a run can be repeated exactly. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];

/** The .bnn files the mutations start from. */
export function baseModels(root: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['models', 'test/golden/good', 'test/golden/bad']) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const f of fs.readdirSync(abs).sort())
      if (f.endsWith('.bnn')) out.push({ name: `${dir}/${f}`, text: fs.readFileSync(path.join(abs, f), 'utf8') });
  }
  return out;
}

const TOKEN =
  /"(?:[^"\\\n]|\\.)*"?|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.|[{}()[\],:=~@+\-*/]|\S/g;

interface Tok {
  start: number;
  end: number;
  text: string;
}

function tokens(text: string): Tok[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

const VOCABULARY = [
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
  'vi',
  'nuts',
  'map',
  'Normal',
  'Bernoulli',
  'Categorical',
  'relu',
  'softmax',
  'x',
  'y',
  'W0',
  'b0',
  'train',
  'test',
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
  '"',
  '//',
  '/*',
  '*/',
  '#',
  ';',
  '\\',
  'steps',
  'seed',
  'threshold',
  'binary',
  'real',
  'N',
  '0',
  '1',
];

const ODD_NUMBERS = [
  '1e39',
  '1e309',
  '-1e309',
  '-0',
  '0',
  '9007199254740993',
  '1e-400',
  '4.9e-324',
  '1.7976931348623157e308',
  '00012',
  '.5',
  '5.',
  '1e',
  '1e+',
  '0x10',
  '1_000',
  'NaN',
  'Infinity',
  '-Infinity',
  '99999999999999999999999999999999999999',
  '1' + '0'.repeat(400),
  '2147483648',
  '-2147483649',
  '4294967296',
  '1e-7',
];

const HOSTILE_PATHS = [
  '/proc/self/environ',
  '../../etc/passwd',
  '../../../../../../../../etc/shadow',
  '/etc/passwd',
  '/dev/zero',
  '/dev/stdin',
  '/dev/urandom',
  '/proc/self/mem',
  '/sys/kernel/notes',
  '~/.ssh/id_rsa',
  '$HOME/.bashrc',
  'file:///etc/passwd',
  'C:\\Windows\\win.ini',
  '\\\\server\\share\\x.csv',
  'a\\u0000b.csv',
  '',
  ' ',
  '.',
  '..',
  '/',
  '//',
  'x'.repeat(5000) + '.csv',
  'data/../../secret.csv',
  '/tmp',
  'https://example.com/x.csv',
  'train.csv\nmodel',
  '%2e%2e/%2e%2e/etc/passwd',
];

const ODD_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u001b',
  '\u007f',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
  '\u00a0',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  'é',
  'Ω',
  '\u0301',
  '\t',
  '\f',
  '\v',
  '\u202e',
  '𝔁',
];

/** One random mutation of `text`. */
function mutateOnce(r: Rng, text: string): string {
  const toks = tokens(text);
  const at = toks.length ? int(r, toks.length) : 0;
  const t = toks[at] ?? { start: 0, end: 0, text: '' };
  const splice = (start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);
  const pos = int(r, text.length + 1);
  switch (int(r, 16)) {
    case 0: // delete a token
      return splice(t.start, t.end, '');
    case 1: // duplicate a token
      return splice(t.end, t.end, ' ' + t.text);
    case 2: {
      // swap two tokens
      const u = toks[int(r, toks.length || 1)];
      if (!u || u === t) return text;
      const [a, b] = t.start < u.start ? [t, u] : [u, t];
      return text.slice(0, a.start) + b.text + text.slice(a.end, b.start) + a.text + text.slice(b.end);
    }
    case 3: // a word of the language somewhere
      return splice(pos, pos, pick(r, VOCABULARY) + (r() < 0.5 ? ' ' : ''));
    case 4: {
      // random bytes and unicode
      let s = '';
      for (let i = 1 + int(r, 8); i > 0; i--)
        s +=
          r() < 0.5
            ? String.fromCharCode(int(r, 0x80))
            : r() < 0.5
              ? pick(r, ODD_CHARS)
              : String.fromCharCode(int(r, 0x10000));
      return splice(pos, pos + int(r, 3), s);
    }
    case 5: {
      // an odd number in place of a number (or anywhere)
      const nums = toks.filter((k) => /^\d/.test(k.text));
      const n = nums.length ? pick(r, nums) : { start: pos, end: pos };
      return splice(n.start, n.end, pick(r, ODD_NUMBERS));
    }
    case 6: {
      // a very long string or identifier
      const len = pick(r, [1000, 10000, 100000]);
      return splice(t.start, t.end, r() < 0.5 ? '"' + 'a'.repeat(len) + '"' : 'x'.repeat(len));
    }
    case 7: {
      // deep brackets around a token
      const depth = pick(r, [50, 199, 200, 201, 1000, 10000]);
      const [o, c] = pick(r, [
        ['(', ')'],
        ['[', ']'],
        ['{', '}'],
        ['-', ''],
        ['(', ''],
      ]);
      return splice(t.start, t.end, o.repeat(depth) + t.text + c.repeat(depth));
    }
    case 8: {
      // a statement (line) repeated thousands of times
      const lines = text.split('\n');
      const i = int(r, lines.length);
      const n = pick(r, [100, 1000, 3000]);
      lines.splice(i, 0, ...Array<string>(n).fill(lines[i]));
      return lines.join('\n');
    }
    case 9: {
      // thousands of errors
      const bad = pick(r, [
        'x ~ ~ ~\n',
        'W0 ~ Normal(\n',
        '= = =\n',
        '"\n',
        '}\n',
        '{\n',
        'foo bar baz\n',
        '@@@\n',
        'read(\n',
        '/*\n',
      ]);
      return splice(pos, pos, bad.repeat(pick(r, [100, 1000, 3000])));
    }
    case 10: {
      // a shape with a huge or odd dimension
      const shapes = [...text.matchAll(/\[([^\]\n]*)\]/g)];
      if (!shapes.length) return splice(pos, pos, '[1e39, 9007199254740993]');
      const m = pick(r, shapes);
      const dims = m[1].split(',');
      dims[int(r, dims.length)] = pick(r, [
        '1e9',
        '99999999999',
        '9007199254740993',
        '0',
        '-1',
        '1e39',
        '1e309',
        '2147483648',
        'N',
        '65536',
        '100000',
      ]);
      return splice(m.index!, m.index! + m[0].length, `[${dims.join(',')}]`);
    }
    case 11: {
      // a hostile path in read(...), or a whole read statement
      const strs = toks.filter((k) => k.text.startsWith('"'));
      const p = JSON.stringify(pick(r, HOSTILE_PATHS));
      if (strs.length && r() < 0.7) {
        const s = pick(r, strs);
        return splice(s.start, s.end, p);
      }
      return splice(pos, pos, `\n  train = read(${p})\n`);
    }
    case 12: // a control or odd character
      return splice(pos, pos + int(r, 2), pick(r, ODD_CHARS));
    case 13: // cut the text short
      return text.slice(0, pos);
    case 14: {
      // a token's text repeated inside itself
      return splice(t.start, t.end, t.text.repeat(2 + int(r, 50)));
    }
    default: {
      // a run of random tokens
      let s = '';
      for (let i = 1 + int(r, 20); i > 0; i--) s += pick(r, VOCABULARY) + pick(r, [' ', '', '\n']);
      return splice(pos, pos + int(r, 10), s);
    }
  }
}

const MAX_MODEL = 4_000_000;

/** Model number `index` of the run with `seed`: a base model with one to four mutations. */
export function fuzzModel(
  bases: { name: string; text: string }[],
  seed: number,
  index: number,
): { base: string; text: string } {
  const r = rng(seed * 1_000_003 + index);
  const base = pick(r, bases);
  let text = base.text;
  for (let n = 1 + int(r, 4); n > 0; n--) {
    // Mutations compound (a 100,000-character string repeated in a line repeated 3,000 times):
    // past 4 MB a model tests the memory of the probe rather than the front end, and is skipped.
    const next = mutateOnce(r, text);
    if (next.length <= MAX_MODEL) text = next;
  }
  return { base: base.name, text };
}

/** A random edit of `text`, as an editor would make (for the incremental reparse). */
export function randomEdit(r: Rng, text: string): string {
  const at = int(r, text.length + 1);
  const remove = pick(r, [0, 0, 1, 1, 2, 5, 30]);
  const insert = pick(r, [
    '',
    'x',
    ' ',
    '\n',
    '}',
    '{',
    '(',
    ')',
    '"',
    '/*',
    '//',
    '~',
    'Normal(0, 1)',
    'W0',
    '1e39',
    pick(r, ODD_CHARS),
    pick(r, VOCABULARY),
  ]);
  return text.slice(0, at) + insert + text.slice(Math.min(text.length, at + remove));
}

// Random re-spellings of a model: the whitespace between its tokens and comments changed, removed
// where that cannot glue two tokens together, and comments added (never inside a string).
import fc from 'fast-check';
import { parse } from '../../src/lang/syntax/parse.js';

interface Lexeme {
  start: number;
  end: number;
  lineComment: boolean;
}

function lexemes(text: string): Lexeme[] {
  const doc = parse(text);
  return [
    ...doc.tokens.map((t) => ({ t, lineComment: false })),
    ...doc.comments.map((t) => ({ t, lineComment: t.image.startsWith('//') })),
  ]
    .map(({ t, lineComment }) => ({ start: t.startOffset, end: t.startOffset + t.image.length, lineComment }))
    .sort((a, b) => a.start - b.start);
}

/** One change to the whitespace between two lexemes (or before the first, or after the last). */
export type Edit =
  | { kind: 'keep' }
  | { kind: 'whitespace'; text: string }
  | { kind: 'remove' }
  | { kind: 'blockComment'; multiline: boolean; before: string; after: string }
  | { kind: 'lineComment'; before: string; after: string };

const space = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r\n', '\n\n', '  '), { maxLength: 3 })
  .map((parts) => parts.join(''));

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Edit>({ kind: 'keep' }) },
  { weight: 3, arbitrary: space.map((text): Edit => ({ kind: 'whitespace', text: text || ' ' })) },
  { weight: 2, arbitrary: fc.constant<Edit>({ kind: 'remove' }) },
  {
    weight: 1,
    arbitrary: fc
      .record({ multiline: fc.boolean(), before: space, after: space })
      .map((r): Edit => ({ kind: 'blockComment', ...r })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ before: space, after: space }).map((r): Edit => ({ kind: 'lineComment', ...r })),
  },
);

const WORDY = /[A-Za-z0-9_"]/;

/** Applies edits[i] to the gap before lexeme i (the last edit: after the last lexeme); says which comments it added. */
export function respell(text: string, edits: Edit[]): { text: string; added: string[] } {
  const lx = lexemes(text);
  const added: string[] = [];
  let out = '';
  for (let i = 0; i <= lx.length; i++) {
    const left = lx[i - 1];
    const right = lx[i];
    const gap = text.slice(left ? left.end : 0, right ? right.start : text.length);
    const e = edits[i % edits.length];
    let insert = gap;
    if (e.kind === 'whitespace') insert = e.text;
    if (e.kind === 'remove') {
      const next = right ? text[right.start] : '';
      const glues = (WORDY.test(out.slice(-1)) && WORDY.test(next)) || (out.endsWith('/') && /[/*]/.test(next));
      if (!glues) insert = '';
    }
    if (e.kind === 'blockComment')
      insert = ` ${e.before}${e.multiline ? `/* p${i}\n   more of p${i} */` : `/* p${i} */`}${e.after}`;
    if (e.kind === 'lineComment') insert = `${e.before} // p${i}\n${e.after}`;
    if (e.kind === 'blockComment' || e.kind === 'lineComment') added.push(`p${i}`);
    // A line comment runs to the end of its line: whatever follows it must start on the next.
    if (left?.lineComment && !/^[^\S\r\n]*(\r\n|\r|\n)/.test(insert)) insert = '\n' + insert;
    out += insert;
    if (right) out += text.slice(right.start, right.end);
  }
  return { text: out, added };
}

export function occurrences(text: string, id: string): number {
  return text.split(new RegExp(`\\b${id}\\b`)).length - 1;
}

export function withoutComments(text: string): string {
  const doc = parse(text);
  let out = text;
  for (const c of [...doc.comments].reverse())
    out = out.slice(0, c.startOffset) + ' ' + out.slice(c.startOffset + c.image.length);
  return out;
}

/** Edits for a whole file (they repeat when a file has more gaps than edits). */
export const edits = fc.array(edit, { minLength: 50, maxLength: 400, size: 'max' });

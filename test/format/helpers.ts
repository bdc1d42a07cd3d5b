// Shared by the formatter's tests: what a model means (for "formatting never changes it"), its
// comments, the .bnn files of the repository, and the canonical layout's invariants.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource } from '../../src/lang/front-end.js';
import { parse } from '../../src/lang/syntax/parse.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SPAN_KEYS = new Set(['span', 'opSpan', 'keywordSpan', 'fnSpan', 'decl', 'statement', 'refs', 'shapeSpan']);

/** The checked model without source positions, and the diagnostic codes in order. */
export function meaning(text: string): { model: string; codes: string[] } {
  const doc = checkSource(text);
  return {
    model: JSON.stringify(doc.model ?? null, (key, value: unknown) => (SPAN_KEYS.has(key) ? undefined : value)),
    codes: doc.diagnostics.map((d) => d.code),
  };
}

/** Every token's image, in order. */
export function tokenImages(text: string): string[] {
  return parse(text).tokens.map((t) => t.image);
}

export interface CommentPlace {
  /** The comment's text, with trailing whitespace on each of its lines dropped (the formatter drops it). */
  text: string;
  /** Nothing but whitespace stands before it on its line. */
  ownLine: boolean;
}

export function commentPlaces(text: string): CommentPlace[] {
  return parse(text).comments.map((c) => {
    const lineStart =
      Math.max(text.lastIndexOf('\n', c.startOffset - 1), text.lastIndexOf('\r', c.startOffset - 1)) + 1;
    return {
      text: c.image.replace(/\r\n?/g, '\n').replace(/[^\S\n]+(?=\n|$)/g, ''),
      ownLine: text.slice(lineStart, c.startOffset).trim() === '',
    };
  });
}

/** The .bnn files of the repository: models/ and everything under test/ (golden files included). */
export function repositoryModels(): string[] {
  const found: string[] = [];
  for (const dir of ['models', 'test']) {
    const root = path.join(repoRoot, dir);
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.bnn')) found.push(path.join(dir, entry));
    }
  }
  return found.sort();
}

export function readModel(relative: string): string {
  return fs.readFileSync(path.join(repoRoot, relative), 'utf8');
}

/** Breaches of the canonical layout that hold whatever the input was. */
export function layoutProblems(text: string): string[] {
  const problems: string[] = [];
  if (text === '') return problems;
  if (!text.endsWith('\n') || text.endsWith('\n\n')) problems.push('does not end with exactly one newline');
  if (text.startsWith('\n')) problems.push('starts with a blank line');
  if (text.includes('\r')) problems.push('has a carriage return');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (/[ \t]$/.test(line)) problems.push(`${at}: trailing whitespace`);
    if (line === '' && lines[i + 1] === '') problems.push(`${at}: two blank lines`);
    if (line === '' && /^\s*}/.test(lines[i + 1] ?? '')) problems.push(`${at}: blank line before '}'`);
    if (line === '' && /{(\s*\/\/.*|\s*\/\*.*\*\/)?\s*$/.test(lines[i - 1] ?? ''))
      problems.push(`${at}: blank line after '{'`);
    if (/^\t/.test(line)) problems.push(`${at}: tab indentation`);
    if (/^ +/.test(line) && line.match(/^ */)![0].length % 2 !== 0 && !insideBlockComment(lines, i))
      problems.push(`${at}: odd indentation`);
  });
  return problems;
}

function insideBlockComment(lines: string[], i: number): boolean {
  const before = lines.slice(0, i).join('\n');
  return before.lastIndexOf('/*') > before.lastIndexOf('*/');
}

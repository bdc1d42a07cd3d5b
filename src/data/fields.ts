// Splitting a line into fields and reading a field as a number.
//
// A tiny splitter rather than a CSV library: the files are plain numeric tables, and the common
// CSV parsers (csv-parse, papaparse) turn a run of spaces into empty fields, so they cannot read
// whitespace-separated files such as the rupture data, whose values may be padded.

import { P } from '../lang/diagnostics/data-problems.js';
import { excerpt } from './excerpt.js';

export type Separator = { kind: 'whitespace' } | { kind: 'char'; char: string };

const WHITESPACE = /[ \t]+/;

export function splitLine(line: string, sep: Separator): string[] {
  if (sep.kind === 'whitespace') {
    const t = line.trim();
    return t === '' ? [] : t.split(WHITESPACE).map(unquote);
  }
  return line.split(sep.char).map((f) => unquote(f.trim()));
}

function unquote(f: string): string {
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).trim() : f;
}

/**
 * The separator a model gave (IRDataSet.separator), or the one detected from the first line:
 * a comma if it has one; else a tab if splitting at tabs differs from splitting at runs of
 * whitespace (a field with an inner space, or an empty field); else runs of whitespace.
 */
export function chooseSeparator(declared: string | undefined, firstLine: string): Separator {
  if (declared !== undefined) {
    // The language documents sep = "," or "\t" or "whitespace"; the spelled-out names and an
    // unescaped backslash-t are taken too.
    if (declared === '\t' || declared === '\\t' || declared === 'tab') return { kind: 'char', char: '\t' };
    if (declared === 'comma') return { kind: 'char', char: ',' };
    if (declared.trim() === '' || declared === 'whitespace') return { kind: 'whitespace' };
    return { kind: 'char', char: declared };
  }
  if (firstLine.includes(',')) return { kind: 'char', char: ',' };
  if (firstLine.includes('\t')) {
    const byTab = splitLine(firstLine, { kind: 'char', char: '\t' });
    const byWs = splitLine(firstLine, { kind: 'whitespace' });
    if (byTab.length !== byWs.length || byTab.some((f, i) => f !== byWs[i])) return { kind: 'char', char: '\t' };
  }
  return { kind: 'whitespace' };
}

export function describeSeparator(sep: Separator): string {
  if (sep.kind === 'whitespace') return 'whitespace';
  return sep.char === '\t' ? 'tab' : sep.char === ',' ? 'comma' : JSON.stringify(sep.char);
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** The largest magnitude float32 holds, the precision the network computes in. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Why a finite float64 value cannot be a float32 (it would become ±Infinity), if it cannot. */
export function beyondFloat32(v: number): string | undefined {
  return Math.abs(v) > FLOAT32_MAX ? P.beyondFloat32() : undefined;
}

export function looksNumeric(field: string): boolean {
  return NUMBER.test(field);
}

/** The value of a field, or why it is not a finite number (with what to do). */
export function parseNumber(field: string): number | { problem: string } {
  if (NUMBER.test(field)) {
    const v = Number(field);
    const beyond = beyondFloat32(v);
    if (Number.isFinite(v) && beyond === undefined) return v;
    if (beyond !== undefined && Number.isFinite(v)) return { problem: P.valueBeyondFloat32(excerpt(field)) };
    return { problem: P.overflows(excerpt(field)) };
  }
  if (field === '') return { problem: P.emptyValue() };
  if (NON_FINITE.test(field)) return { problem: P.notFinite(field) };
  return { problem: P.notANumber(excerpt(field)) };
}

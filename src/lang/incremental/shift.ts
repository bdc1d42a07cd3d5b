// Moving parsed pieces by an edit's change of length.
import type { IToken } from 'chevrotain';
import type { Span } from '../source.js';

/** A deep copy in which every numeric `start` and `end` property (every span) is moved by delta. */
export function shiftSpans<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return copy(value, delta) as T;
}

function copy(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => copy(v, delta));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = (key === 'start' || key === 'end') && typeof v === 'number' ? v + delta : copy(v, delta);
  }
  return out;
}

/**
 * Every span reachable from `value`: every object with numeric `start` and `end`. A syntax tree
 * shares no object between two places (test/lang/tree-shape.test.ts holds the AST builder to
 * that), so each span is listed once. A reparse keeps these lists for the statements it takes
 * over, so that moving them is a loop over spans rather than a walk over trees.
 */
export function collectSpans(value: unknown, out: Span[] = []): Span[] {
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) collectSpans(v, out);
    return out;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') out.push(o as unknown as Span);
  for (const key in o) if (typeof o[key] === 'object') collectSpans(o[key], out);
  return out;
}

/** Moves spans by delta, in place. */
export function shiftSpansInPlace(spans: Span[], delta: number): void {
  if (delta === 0) return;
  for (const s of spans) {
    s.start += delta;
    s.end += delta;
  }
}

/** Moves tokens by delta, in place. */
export function shiftTokensInPlace(tokens: IToken[], from: number, delta: number): void {
  if (delta === 0) return;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    t.startOffset += delta;
    t.endOffset = (t.endOffset as number) + delta;
  }
}

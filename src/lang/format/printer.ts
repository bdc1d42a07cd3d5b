// Lays elements out in lines: where a line starts comes from the program's structure (header,
// block keywords, statements, `}`, the fields of a `source` statement) and from the comments (a
// comment alone on its line stays alone); what goes between elements on a line comes from
// spacing.ts.
import type { IToken } from 'chevrotain';
import * as T from '../syntax/tokens.js';
import type { Element } from './elements.js';
import { isUnaryMinus, separator } from './spacing.js';

const INDENT = '  ';

export interface Structure {
  /** Offsets of the tokens that begin a line at their block's level: header, blocks, statements. */
  lineStarts: Set<number>;
  /** Offsets of the tokens that begin a line one level deeper than their statement (`url "…"`). */
  fieldStarts: Set<number>;
  /** Offsets of list items (columns, features, query names) before which a long line may wrap. */
  wrapPoints?: Set<number>;
  /** Offset of the model's name in the header, after which a blank line follows. */
  headerName?: number;
}

/** Lines longer than this wrap at a list's items (a wrapped line is indented one level in). */
export const WIDTH = 100;

/**
 * How a line sits relative to its block's level: a statement (or `}`) at it, a field of a
 * statement one level in, and a continuation (a statement a comment breaks) two levels in.
 */
type LineRole = 'statement' | 'field' | 'continuation';
const EXTRA_LEVELS: Record<LineRole, number> = { statement: 0, field: 1, continuation: 2 };

export function printElements(elements: Element[], structure: Structure): string {
  const roleOf = (token: Element): LineRole => {
    if (token.token.tokenType === T.RCurly || structure.lineStarts.has(token.start)) return 'statement';
    return structure.fieldStarts.has(token.start) ? 'field' : 'continuation';
  };
  const commentRoles = commentLineRoles(elements, roleOf);
  const out: string[] = []; // the output in pieces, joined once at the end
  let depth = 0;
  let breakNext = false; // the previous element ends its line
  let blankNext = false; // a blank line must come before the next line (between top-level parts)
  let opensBlock = false; // the current line ends in `{` (or a comment after it)
  let prevToken: IToken | undefined;
  let prevUnary = false;

  let column = 0; // the length of the line being written
  const newLine = (e: Element, role: LineRole, closes = false): void => {
    const keepsBlank = role === 'statement' && !closes && !opensBlock && e.blankLineBefore;
    if (out.length > 0) out.push(blankNext || keepsBlank ? '\n\n' : '\n');
    const text = INDENT.repeat(depth + EXTRA_LEVELS[role]) + image(e);
    out.push(text);
    column = lastLineLength(text, 0);
    blankNext = false;
    opensBlock = false;
  };
  const append = (sep: string, text: string): void => {
    out.push(sep, text);
    column = lastLineLength(text, column + sep.length);
  };

  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    const prev = elements[i - 1];
    if (e.kind === 'token') {
      const closes = e.token.tokenType === T.RCurly;
      if (closes) depth--;
      if (closes && prev?.kind === 'token' && prev.token.tokenType === T.LCurly) {
        out.push(e.image); // an empty block: `data {}`
        opensBlock = false;
      } else if (out.length === 0 || breakNext || roleOf(e) !== 'continuation') {
        newLine(e, roleOf(e), closes);
      } else {
        const sep = separator(prev, e, prevUnary);
        // A list item that would run past the width starts a line of its own, one level in
        // (with a range a .. b kept whole: the item's first token decides).
        if (structure.wrapPoints?.has(e.start) && column + sep.length + itemLength(elements, i) > WIDTH)
          newLine(e, 'field');
        else append(sep, e.image);
      }
      prevUnary = isUnaryMinus(e.token, prevToken);
      prevToken = e.token;
      breakNext = false;
      if (e.token.tokenType === T.LCurly) {
        depth++;
        breakNext = true;
        opensBlock = true;
      }
      if ((closes && depth === 0) || e.start === structure.headerName) blankNext = true;
    } else if (out.length === 0 || !e.sameLineAsPrevious) {
      newLine(e, commentRoles[i]);
      breakNext = e.kind === 'lineComment' || !e.sameLineAsNext;
    } else {
      append(separator(prev, e, prevUnary), image(e));
      breakNext ||= e.kind === 'lineComment';
    }
  }
  if (out.length > 0) out.push('\n');
  return out.join('');
}

/** The length of the last line of `text` appended to a line of length `column`. */
function lastLineLength(text: string, column: number): number {
  const nl = text.lastIndexOf('\n');
  return nl < 0 ? column + text.length : text.length - nl - 1;
}

/** The printed length of the list item starting at element i, with a comma that follows it. */
function itemLength(elements: Element[], i: number): number {
  let n = 0;
  for (let j = i; j < elements.length; j++) {
    const e = elements[j];
    if (e.kind !== 'token') break;
    if (
      j > i &&
      e.token.tokenType !== T.DotDot &&
      elements[j - 1].kind === 'token' &&
      (elements[j - 1] as { token: IToken }).token.tokenType !== T.DotDot
    ) {
      if (e.token.tokenType === T.Comma || e.token.tokenType === T.RParen) n += 1;
      break;
    }
    n += e.image.length + (j > i ? 1 : 0);
  }
  return n;
}

/** A comment on its own line takes the role of the next token's line (a statement's at the end). */
function commentLineRoles(elements: Element[], roleOf: (token: Element) => LineRole): LineRole[] {
  const out = new Array<LineRole>(elements.length);
  let next: LineRole = 'statement';
  for (let i = elements.length - 1; i >= 0; i--) {
    const e = elements[i];
    if (e.kind === 'token') next = roleOf(e);
    else out[i] = next;
  }
  return out;
}

/** A token's image; a comment's, without trailing whitespace on any of its lines. */
function image(e: Element): string {
  if (e.kind === 'token') return e.image;
  if (e.kind === 'lineComment') return e.image.trimEnd();
  return e.image.replace(/[^\S\r\n]+(?=\r\n|\r|\n)/g, '').replace(/\r\n?/g, '\n');
}

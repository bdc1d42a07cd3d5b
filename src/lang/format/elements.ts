// The source as the formatter sees it: tokens and comments in order, each with the facts about
// its original placement that the layout keeps (same line as the previous element? blank line
// before it?). Whitespace carries no meaning in .bnn, so these facts are all it needs from it.
import type { IToken } from 'chevrotain';
import { LineComment } from '../syntax/tokens.js';

export type ElementKind = 'token' | 'lineComment' | 'blockComment';

export interface Element {
  kind: ElementKind;
  token: IToken;
  image: string;
  start: number;
  /** Nothing but spaces separates it from the previous element: it trails that element. */
  sameLineAsPrevious: boolean;
  /** The next element starts on the line where this one ends. */
  sameLineAsNext: boolean;
  /** At least one blank line separates it from the previous element. */
  blankLineBefore: boolean;
}

/** Tokens and comments merged in source order. */
export function sourceElements(text: string, tokens: IToken[], comments: IToken[]): Element[] {
  const out: Element[] = [];
  let t = 0;
  let c = 0;
  let prevEnd = -1;
  while (t < tokens.length || c < comments.length) {
    const takeComment = c < comments.length && (t >= tokens.length || comments[c].startOffset < tokens[t].startOffset);
    const token = takeComment ? comments[c++] : tokens[t++];
    const breaks = prevEnd < 0 ? 0 : lineBreaks(text, prevEnd, token.startOffset);
    const prev = out[out.length - 1];
    if (prev) prev.sameLineAsNext = breaks === 0;
    out.push({
      kind: !takeComment ? 'token' : token.tokenType === LineComment ? 'lineComment' : 'blockComment',
      token,
      image: token.image,
      start: token.startOffset,
      sameLineAsPrevious: prev !== undefined && breaks === 0,
      sameLineAsNext: false,
      blankLineBefore: breaks >= 2,
    });
    prevEnd = token.startOffset + token.image.length;
  }
  return out;
}

/** Line breaks in text[from, to): CRLF counts once, a lone CR or LF once each. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) n++;
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

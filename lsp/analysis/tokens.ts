// Finding tokens around an offset. The lexer's tokens (and, apart, its comments) are in source
// order, so these are binary searches.
import type { IToken } from 'chevrotain';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import * as T from '../../src/lang/syntax/tokens.js';

export function tokenEnd(tok: IToken): number {
  return tok.startOffset + tok.image.length;
}

/** Index of the last token that starts at or before offset, or -1. */
function lastStartingAtOrBefore(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the last token that ends at or before offset, or -1. */
export function tokenIndexBefore(tokens: IToken[], offset: number): number {
  let i = lastStartingAtOrBefore(tokens, offset);
  while (i >= 0 && tokenEnd(tokens[i]) > offset) i--;
  return i;
}

export function isWord(tok: IToken): boolean {
  return tok.tokenType === T.Identifier || T.keywordTokens.includes(tok.tokenType);
}

export function isKeyword(tok: IToken): boolean {
  return T.keywordTokens.includes(tok.tokenType);
}

/** The identifier or reserved word under the cursor: containing offset, or ending right at it. */
export function wordAt(doc: CheckedDocument, offset: number): IToken | undefined {
  const i = lastStartingAtOrBefore(doc.tokens, offset);
  for (const j of [i, i - 1]) {
    const tok = doc.tokens[j];
    if (tok && isWord(tok) && tok.startOffset <= offset && offset <= tokenEnd(tok)) return tok;
  }
  return undefined;
}

/** True when offset is inside a comment or a string, where nothing is completed or hovered. */
export function inCommentOrString(doc: CheckedDocument, offset: number): boolean {
  const comment = doc.comments[lastStartingAtOrBefore(doc.comments, offset)];
  if (comment && offset > comment.startOffset && insideOpenEnded(comment, offset, comment.tokenType === T.BlockComment))
    return true;
  const tok = doc.tokens[lastStartingAtOrBefore(doc.tokens, offset)];
  return (
    !!tok &&
    offset > tok.startOffset &&
    (tok.tokenType === T.StringLiteral || tok.tokenType === T.UnterminatedString) &&
    insideOpenEnded(tok, offset, tok.tokenType === T.StringLiteral)
  );
}

// A closed token (a string with its closing quote, a terminated block comment) holds the cursor
// only before its end; an unterminated one runs on to its end.
function insideOpenEnded(tok: IToken, offset: number, closed: boolean): boolean {
  return closed ? offset < tokenEnd(tok) : offset <= tokenEnd(tok);
}

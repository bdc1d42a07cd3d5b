import type { IToken } from 'chevrotain';

/** The last token that starts before offset (tokens are in source order). */
export function lastTokenBefore(tokens: IToken[], offset: number): IToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let found: IToken | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) {
      found = tokens[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

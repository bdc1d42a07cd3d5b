// Which block an offset is in, and which call's parentheses enclose it, read from the tokens
// (not the AST) so that it holds in text the parser could not make sense of, as while typing.
import type { IToken } from 'chevrotain';
import * as T from '../../src/lang/syntax/tokens.js';
import { BLOCK_KEYWORDS, type BlockKind } from './keyword-docs.js';
import { tokenEnd } from './tokens.js';

/** The block whose braces enclose the tokens before index `before` (exclusive), if any. */
export function blockBefore(tokens: IToken[], before: number): BlockKind | undefined {
  let depth = 0;
  let kind: BlockKind | undefined;
  for (let i = 0; i < before; i++) {
    const t = tokens[i].tokenType;
    if (t === T.LCurly) {
      if (depth === 0) kind = blockKeywordBefore(tokens, i);
      depth++;
    } else if (t === T.RCurly && depth > 0) {
      depth--;
      if (depth === 0) kind = undefined;
    }
  }
  return depth > 0 ? kind : undefined;
}

/**
 * `data {`, `infer vi on train {`, `evaluate valid, test {`: the block word before a brace, past
 * the names, commas and `on` of the block's header.
 */
function blockKeywordBefore(tokens: IToken[], brace: number): BlockKind | undefined {
  for (let i = brace - 1; i >= Math.max(0, brace - 64); i--) {
    const image = tokens[i].image as BlockKind;
    if (BLOCK_KEYWORDS.includes(image) && tokens[i].tokenType !== T.Identifier) return image;
    if (tokens[i].tokenType !== T.Identifier && tokens[i].tokenType !== T.Comma && tokens[i].tokenType !== T.On)
      return undefined;
  }
  return undefined;
}

export interface EnclosingCall {
  /** The word before the unmatched '(' (a callee, or a reserved word such as read). */
  callee?: IToken;
  open: IToken;
}

/** The call whose '(' is unmatched before index `before`, within the current statement's block. */
export function enclosingCall(tokens: IToken[], before: number): EnclosingCall | undefined {
  let depth = 0;
  for (let i = before - 1; i >= 0; i--) {
    const t = tokens[i].tokenType;
    if (t === T.RParen) depth++;
    else if (t === T.LParen) {
      if (depth === 0) {
        const prev = tokens[i - 1];
        return {
          open: tokens[i],
          callee:
            prev && prev.tokenType !== T.LParen && tokenEnd(prev) <= tokens[i].startOffset && isName(prev)
              ? prev
              : undefined,
        };
      }
      depth--;
    } else if (t === T.LCurly || t === T.RCurly) return undefined;
  }
  return undefined;
}

function isName(tok: IToken): boolean {
  return tok.tokenType === T.Identifier || T.keywordTokens.includes(tok.tokenType);
}

// What goes between two elements that share an output line: one space, or nothing.
import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.js';
import type { Element } from './elements.js';

const TIGHT_BEFORE = [T.RParen, T.RBracket, T.Comma];
const TIGHT_AFTER = [T.LParen, T.LBracket];
/** Tokens that can end an operand: a minus after one of them is binary, after anything else unary. */
const OPERAND_ENDS = [T.Identifier, T.NumberLiteral, T.StringLiteral, T.RParen, T.RBracket];
/** Tokens a call's `(` follows: `relu(`, `read(`, `categorical(`. */
const CALLEES = [T.Identifier, T.Keyword];

function is(token: IToken, types: TokenType[]): boolean {
  return types.some((t) => tokenMatcher(token, t));
}

export function isUnaryMinus(minus: IToken, previousToken: IToken | undefined): boolean {
  return tokenMatcher(minus, T.Minus) && !(previousToken && is(previousToken, OPERAND_ENDS));
}

/**
 * The separator between prev and next on one line. `prevIsUnaryMinus` says whether prev is a
 * minus sign (which only the token before it can tell).
 */
export function separator(prev: Element, next: Element, prevIsUnaryMinus: boolean): string {
  if (next.kind === 'lineComment') return ' ';
  if (next.kind === 'blockComment') return prev.kind === 'token' && is(prev.token, TIGHT_AFTER) ? '' : ' ';
  if (is(next.token, TIGHT_BEFORE)) return '';
  if (prev.kind !== 'token') return ' ';
  if (is(prev.token, TIGHT_AFTER) || prevIsUnaryMinus) return '';
  // Any `(` that does not open a call opens a group, and is spaced like an operand.
  if (tokenMatcher(next.token, T.LParen) && is(prev.token, CALLEES)) return '';
  return ' ';
}

// Semantic tokens: what each word is, as the checker sees it (a parameter, another declared
// name, a distribution, a function, a reserved or contextual word), plus literals, operators
// and comments. Declarations carry the declaration modifier.
import type { IToken } from 'chevrotain';
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import type { Span } from '../../src/lang/source.js';
import * as T from '../../src/lang/syntax/tokens.js';
import { occurrences } from '../analysis/occurrences.js';
import { roles, type Role } from '../analysis/roles.js';
import { isKeyword, tokenEnd } from '../analysis/tokens.js';

const TYPES = [
  'keyword',
  'parameter',
  'variable',
  'property',
  'function',
  'type',
  'number',
  'string',
  'comment',
  'operator',
  'namespace',
] as const;
const MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type TokenType = (typeof TYPES)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;

const ROLE_TYPES: Record<Role, [TokenType, number]> = {
  'model-name': ['namespace', DECLARATION],
  prior: ['type', DEFAULT_LIBRARY],
  likelihood: ['type', DEFAULT_LIBRARY],
  'model-function': ['function', DEFAULT_LIBRARY],
  'column-function': ['function', DEFAULT_LIBRARY],
  optimizer: ['function', DEFAULT_LIBRARY],
  'argument-name': ['property', 0],
  'infer-method': ['keyword', 0],
  'infer-setting': ['keyword', 0],
  'threshold-protocol': ['keyword', 0],
  word: ['keyword', 0],
};

const OPERATORS = new Set([T.Plus, T.Minus, T.Star, T.Slash, T.At, T.Tilde, T.Equals, T.DotDot, T.Colon]);

interface Classified {
  start: number;
  end: number;
  type: TokenType;
  modifiers: number;
}

/** The tokens of the whole document, or of those that start inside `within`. */
export function semanticTokens(doc: CheckedDocument, within?: Span): SemanticTokens {
  const names = new Map(occurrences(doc).map((o) => [o.span.start, o]));
  const wordRoles = roles(doc);
  const classify = (tok: IToken): Classified | undefined => {
    const start = tok.startOffset;
    const end = tokenEnd(tok);
    const t = tok.tokenType;
    if (isKeyword(tok)) return { start, end, type: 'keyword', modifiers: 0 };
    if (t === T.Identifier) {
      const occ = names.get(start);
      if (occ)
        return {
          start,
          end,
          type: occ.symbol.kind === 'param' ? 'parameter' : 'variable',
          modifiers: occ.declaration ? DECLARATION : 0,
        };
      const role = wordRoles.get(start);
      if (role) return { start, end, type: ROLE_TYPES[role.role][0], modifiers: ROLE_TYPES[role.role][1] };
      return { start, end, type: 'variable', modifiers: 0 };
    }
    if (t === T.NumberLiteral || t === T.MalformedNumber) return { start, end, type: 'number', modifiers: 0 };
    if (t === T.StringLiteral || t === T.UnterminatedString) return { start, end, type: 'string', modifiers: 0 };
    if (OPERATORS.has(t)) return { start, end, type: 'operator', modifiers: 0 };
    return undefined;
  };

  const classified: Classified[] = [];
  const inRange = (start: number) => !within || (start >= within.start && start < within.end);
  let c = 0;
  const pushComment = (tok: IToken) => {
    if (inRange(tok.startOffset))
      classified.push({ start: tok.startOffset, end: tokenEnd(tok), type: 'comment', modifiers: 0 });
  };
  for (const tok of doc.tokens) {
    while (c < doc.comments.length && doc.comments[c].startOffset < tok.startOffset) pushComment(doc.comments[c++]);
    if (!inRange(tok.startOffset)) continue;
    const k = classify(tok);
    if (k) classified.push(k);
  }
  while (c < doc.comments.length) pushComment(doc.comments[c++]);
  return { data: encode(doc, classified) };
}

/** LSP's relative encoding; a token that spans lines (a block comment) is cut at each line break. */
function encode(doc: CheckedDocument, tokens: Classified[]): number[] {
  const data: number[] = [];
  const { lineStarts } = doc.source;
  let prevLine = 0;
  let prevChar = 0;
  for (const tok of tokens) {
    let line = doc.source.position(tok.start).line - 1;
    let start = tok.start;
    while (start < tok.end) {
      const lineEnd = doc.source.lineEnd(line + 1);
      const end = Math.min(tok.end, lineEnd);
      const char = start - lineStarts[line];
      if (end > start) {
        data.push(
          line - prevLine,
          line === prevLine ? char - prevChar : char,
          end - start,
          TYPES.indexOf(tok.type),
          tok.modifiers,
        );
        prevLine = line;
        prevChar = char;
      }
      line++;
      if (line >= lineStarts.length) break;
      start = lineStarts[line];
    }
  }
  return data;
}

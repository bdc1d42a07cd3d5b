// Source text → tokens, with lexical problems as diagnostics (never exceptions).
import { Lexer, type IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic, M } from '../diagnostics/catalog.js';
import { blankStrayCharacters } from './stray.js';
import * as T from './tokens.js';

const lexer = new Lexer(T.allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

export const MAX_LEXICAL = 1000;

const VALID_ESCAPE = /\\(?:["\\nrt]|u[0-9a-fA-F]{4})/y;

export function tokenize(text: string): LexResult {
  const stray = blankStrayCharacters(text);
  const result = lexer.tokenize(stray.text);
  // The checker reports the first 200 problems; making diagnostics for a million runs of junk
  // would only cost time.
  const diagnostics: Diagnostic[] = stray.runs
    .slice(0, MAX_LEXICAL)
    .map((r) => diagnostic(M.unexpectedCharacter, r, [text.slice(r.start, r.end)]));
  const tokens: IToken[] = [];
  for (const tok of result.tokens) {
    // Offset-only tracking is the cheapest; the parser's node locations need the end offset.
    tok.endOffset = tok.startOffset + tok.image.length - 1;
    switch (tok.tokenType) {
      case T.UnterminatedString:
        diagnostics.push(diagnostic(M.unterminatedString, spanOf(tok), []));
        break;
      case T.MalformedNumber:
        diagnostics.push(diagnostic(M.malformedNumber, spanOf(tok), [tok.image]));
        break;
    }
    if (
      (tok.tokenType === T.StringLiteral || tok.tokenType === T.UnterminatedString) &&
      diagnostics.length < MAX_LEXICAL
    )
      checkEscapes(tok, diagnostics);
    tokens.push(tok);
  }
  const comments = result.groups.comments ?? [];
  for (const c of comments) {
    c.endOffset = c.startOffset + c.image.length - 1;
    if (c.tokenType === T.UnterminatedBlockComment) {
      diagnostics.push(diagnostic(M.unterminatedComment, { start: c.startOffset, end: c.startOffset + 2 }, []));
    }
  }
  // What blanking leaves to the lexer (a lone '.'): it skips each run and reports it once.
  for (const e of result.errors) {
    diagnostics.push(
      diagnostic(M.unexpectedCharacter, { start: e.offset, end: e.offset + Math.max(1, e.length) }, [
        text.substr(e.offset, Math.max(1, e.length)),
      ]),
    );
  }
  // In source order, so that the problems of a stretch of text are a stretch of the list (incremental/reparse.ts).
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { tokens, comments, diagnostics };
}

function spanOf(tok: IToken) {
  return { start: tok.startOffset, end: tok.startOffset + tok.image.length };
}

function checkEscapes(tok: IToken, out: Diagnostic[]): void {
  const s = tok.image;
  for (let i = 1; i < s.length; i++) {
    if (s[i] !== '\\') continue;
    VALID_ESCAPE.lastIndex = i;
    if (VALID_ESCAPE.test(s)) {
      i = VALID_ESCAPE.lastIndex - 1;
      continue;
    }
    const esc = s.slice(i, i + 2);
    out.push(diagnostic(M.badEscape, { start: tok.startOffset + i, end: tok.startOffset + i + esc.length }, [esc]));
    i++;
  }
}

/** The value of a string literal token, with escapes decoded (unknown escapes keep their character). */
export function stringValue(image: string): string {
  const body = image.endsWith('"') && image.length >= 2 ? image.slice(1, -1) : image.slice(1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e[0] === 'u' && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

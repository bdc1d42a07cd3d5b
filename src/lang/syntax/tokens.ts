// The token vocabulary of .bnn source.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
  line_breaks: true,
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: stringMatcher(false),
  line_breaks: false,
  start_chars_hint: ['"'],
});
/** A string with no closing quote on its line; the parser takes it as a string so one mistake gives one diagnostic. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: stringMatcher(true),
  line_breaks: false,
  start_chars_hint: ['"'],
  categories: [StringLiteral],
});

/**
 * A string literal, scanned in a loop rather than by a regular expression: the expression
 * "(?:[^"\\\r\n]|\\[^\r\n])*" backtracks one frame per character and overflows the stack on a
 * string of millions of characters. With `unterminated`, the text up to the end of the line
 * (a trailing backslash included) when no closing quote comes first; otherwise only a string
 * closed on its line.
 */
function stringMatcher(unterminated: boolean) {
  return (text: string, offset: number): [string] | null => {
    if (text.charCodeAt(offset) !== 34 /* " */) return null;
    let i = offset + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) return unterminated ? [text.slice(offset, i)] : [text.slice(offset, i + 1)];
      const end = Number.isNaN(c) || c === 10 || c === 13;
      if (c === 92 /* \\ */) {
        const next = text.charCodeAt(i + 1);
        if (Number.isNaN(next) || next === 10 || next === 13) return unterminated ? [text.slice(offset, i + 1)] : null;
        i += 2;
        continue;
      }
      if (end) return unterminated ? [text.slice(offset, i)] : null;
      i++;
    }
  };
}

export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/ });
export const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: /\d+(?:\.\d+)?[eE](?![+-]?\d)[+-]?/,
  categories: [NumberLiteral],
});

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** Every reserved word belongs to this category, so the checker can say "reserved word" where a name was expected. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

function keyword(word: string, name = word[0].toUpperCase() + word.slice(1)): TokenType {
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Keyword] });
}

export const Model = keyword('model');
export const Data = keyword('data');
export const Parameters = keyword('parameters');
export const Infer = keyword('infer');
export const Evaluate = keyword('evaluate');
export const Columns = keyword('columns');
export const Read = keyword('read');
export const Standardize = keyword('standardize');
export const Features = keyword('features');
export const Balance = keyword('balance');
export const Source = keyword('source');
export const On = keyword('on');
export const By = keyword('by');
export const Guide = keyword('guide');
export const Optimizer = keyword('optimizer');
export const Steps = keyword('steps');
export const Samples = keyword('samples');
export const Batch = keyword('batch');
export const Seed = keyword('seed');
export const Draws = keyword('draws');
export const Threshold = keyword('threshold');
export const Confusion = keyword('confusion');
export const Classification = keyword('classification');
export const Uncertainty = keyword('uncertainty');
export const Importance = keyword('importance');
export const Weights = keyword('weights');
export const PriorPosterior = keyword('prior_posterior', 'PriorPosterior');

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Tilde = createToken({ name: 'Tilde', pattern: /~/ });
export const At = createToken({ name: 'At', pattern: /@/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./ });

export const keywordTokens: TokenType[] = [
  Model,
  Data,
  Parameters,
  Infer,
  Evaluate,
  Columns,
  Read,
  Standardize,
  Features,
  Balance,
  Source,
  On,
  By,
  Guide,
  Optimizer,
  Steps,
  Samples,
  Batch,
  Seed,
  Draws,
  Threshold,
  Confusion,
  Classification,
  Uncertainty,
  Importance,
  Weights,
  PriorPosterior,
];

export const reservedWords: string[] = keywordTokens.map((t) => (t.PATTERN as RegExp).source.replace(/\(\?!.*$/, ''));

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  UnterminatedString,
  MalformedNumber,
  NumberLiteral,
  Keyword,
  ...keywordTokens,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Equals,
  Tilde,
  At,
  Plus,
  Minus,
  Star,
  Slash,
  DotDot,
];

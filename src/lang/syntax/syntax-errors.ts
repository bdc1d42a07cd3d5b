// Chevrotain's recognition errors → BNN01xx diagnostics in bnnc's words.
import {
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { ALL_INFER_SETTINGS } from '../builtins.js';
import { diagnostic, M } from '../diagnostics/catalog.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { QUERIES } from '../builtins.js';
import { suggest } from '../diagnostics/suggest.js';
import * as T from './tokens.js';

const punctuation: Record<string, string> = {
  LCurly: "'{'",
  RCurly: "'}'",
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  Comma: "','",
  Colon: "':'",
  Equals: "'='",
  Tilde: "'~'",
  At: "'@'",
  Plus: "'+'",
  Minus: "'-'",
  Star: "'*'",
  Slash: "'/'",
  DotDot: "'..'",
};

export function describeTokenType(t: TokenType): string {
  if (t === EOF) return 'the end of the file';
  if (t === T.Identifier) return 'a name';
  if (t === T.NumberLiteral) return 'a number';
  if (t === T.StringLiteral) return 'a string';
  if (punctuation[t.name]) return punctuation[t.name];
  if (t.PATTERN instanceof RegExp) return `'${t.PATTERN.source.replace(/\(\?!.*$/, '')}'`;
  return t.name;
}

export function describeToken(tok: IToken): string {
  if (tok.tokenType === EOF) return 'the end of the file';
  const kw = T.keywordTokens.includes(tok.tokenType);
  const image = tok.image.length > 24 ? tok.image.slice(0, 24) + '…' : tok.image;
  return kw ? `the reserved word '${image}'` : `'${image}'`;
}

interface Encoded {
  expected: string[];
}

function oneOf(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return 'one of ' + unique.join(', ');
}

/** Error messages carry the expected token descriptions as JSON; toDiagnostics decodes them. */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) =>
    JSON.stringify({ expected: [describeTokenType(expected)] } satisfies Encoded),
  buildNotAllInputParsedMessage: () => JSON.stringify({ expected: ['a block'] } satisfies Encoded),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) =>
    JSON.stringify({ expected: expectedPathsPerAlt.flat().map((p) => describeTokenType(p[0])) } satisfies Encoded),
  buildEarlyExitMessage: ({ expectedIterationPaths }) =>
    JSON.stringify({ expected: expectedIterationPaths.map((p) => describeTokenType(p[0])) } satisfies Encoded),
};

const blockRules: Record<string, { block: string; starters: string[] }> = {
  dataBlock: { block: 'data', starters: ['columns', 'balance', 'source', 'NAME ='] },
  parametersBlock: { block: 'parameters', starters: ['NAME : [shape] ~ Prior(...)'] },
  modelBlock: { block: 'model', starters: ['NAME = expression', 'TARGET ~ Likelihood(...)'] },
  inferBlock: { block: 'infer', starters: ALL_INFER_SETTINGS },
  evaluateBlock: {
    block: 'evaluate',
    starters: Object.keys(QUERIES),
  },
};

const blockWords = ['data', 'parameters', 'model', 'infer', 'evaluate'];
const settingWords = [...blockRules.inferBlock.starters, ...blockRules.evaluateBlock.starters];

/**
 * One parse error, said in bnnc's words. `at` is where the parser met it: two errors met at the
 * same token are one mistake, and only the first is shown (see issueDiagnostics).
 */
export interface SyntaxIssue {
  at: number;
  diagnostic: Diagnostic;
}

export function toDiagnostics(errors: IRecognitionException[], textLength: number): Diagnostic[] {
  return issueDiagnostics(syntaxIssues(errors, textLength));
}

export function issueDiagnostics(issues: SyntaxIssue[]): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    if (seen.has(issue.at)) continue;
    seen.add(issue.at);
    out.push(issue.diagnostic);
  }
  return out;
}

export function syntaxIssues(errors: IRecognitionException[], textLength: number): SyntaxIssue[] {
  return errors.map((e) => {
    const tok = e.token;
    const at = Number.isFinite(tok.startOffset) && tok.tokenType !== EOF ? tok.startOffset : textLength;
    return { at, diagnostic: errorDiagnostic(e, at) };
  });
}

function errorDiagnostic(e: IRecognitionException, start: number): Diagnostic {
  const tok = e.token;
  const span = { start, end: tok.tokenType === EOF ? start : start + tok.image.length };
  let expected: string[];
  try {
    expected = (JSON.parse(e.message) as Encoded).expected;
  } catch {
    expected = [];
  }
  const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? '';
  const before = (e as { previousToken?: IToken }).previousToken;
  // `draws` followed by the next statement: the value is missing.
  if (
    (rule === 'settingValue' || rule === 'thresholdRule') &&
    before &&
    Number.isFinite(before.startOffset) &&
    before.tokenType !== EOF
  ) {
    expected = [`a value after '${before.image}'`];
  }
  const isName = tok.tokenType === T.Identifier;
  if (e.name === 'NotAllInputParsedException' || (rule === 'program' && expected.includes('the end of the file'))) {
    const s = isName ? suggest(tok.image, blockWords) : undefined;
    return diagnostic(M.unknownBlock, span, [describeToken(tok), s], {
      fixes: s ? [{ title: `Replace with '${s}'`, edits: [{ span, newText: s }] }] : [],
    });
  }
  const block = blockRules[rule];
  const isKeyword = T.keywordTokens.includes(tok.tokenType);
  if (block && expected.length === 1 && expected[0] === "'}'" && tok.tokenType !== EOF) {
    const words = block.starters.filter((w) => /^[a-z_]+$/.test(w));
    // The next block's keyword: this block lacks its closing brace.
    if (isKeyword && blockWords.includes(tok.image)) {
      return diagnostic(M.syntax, span, [`'}' to close the ${block.block} block`, describeToken(tok)], {
        fixes: [{ title: "Insert '}'", edits: [{ span: { start, end: start }, newText: '}\n\n' }] }],
      });
    }
    // An infer setting or evaluate query word where a statement starts with a name: it was meant as a name.
    if (
      isKeyword &&
      (block.block === 'data' || block.block === 'parameters' || block.block === 'model') &&
      settingWords.includes(tok.image)
    ) {
      return diagnostic(M.reservedWord, span, [tok.image]);
    }
    const s = isName || T.keywordTokens.includes(tok.tokenType) ? suggest(tok.image, words) : undefined;
    return diagnostic(M.unknownStatement, span, [describeToken(tok), block.block, block.starters, s], {
      fixes: s ? [{ title: `Replace with '${s}'`, edits: [{ span, newText: s }] }] : [],
    });
  }
  // `column a, b` or `balanse train upsample`: a misspelt data statement word, read as `NAME = …`.
  const prev = before;
  if (
    rule === 'dataAssignment' &&
    e.name === 'MismatchedTokenException' &&
    expected[0] === "'='" &&
    prev?.tokenType === T.Identifier &&
    Number.isFinite(prev.startOffset)
  ) {
    const words = blockRules.dataBlock.starters.filter((w) => /^[a-z_]+$/.test(w));
    const s = suggest(prev.image, words);
    if (s) {
      const prevSpan = { start: prev.startOffset, end: prev.startOffset + prev.image.length };
      return diagnostic(M.unknownStatement, prevSpan, [describeToken(prev), 'data', blockRules.dataBlock.starters, s], {
        fixes: [{ title: `Replace with '${s}'`, edits: [{ span: prevSpan, newText: s }] }],
      });
    }
  }
  // A reserved word where a setting's value is expected is most likely the next statement.
  if (
    T.keywordTokens.includes(tok.tokenType) &&
    expected.includes('a name') &&
    rule !== 'settingValue' &&
    rule !== 'thresholdRule'
  ) {
    return diagnostic(M.reservedWord, span, [tok.image]);
  }
  return diagnostic(M.syntax, span, [oneOf(expected), describeToken(tok)]);
}

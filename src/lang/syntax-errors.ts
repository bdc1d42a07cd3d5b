// Chevrotain's recognition errors → BNN01xx diagnostics in bnnc's words.
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { diagnostic, M } from './catalog.js';
import type { Diagnostic } from './diagnostic.js';
import { suggest } from './suggest.js';
import * as T from './tokens.js';

const punctuation: Record<string, string> = {
  LCurly: "'{'", RCurly: "'}'", LParen: "'('", RParen: "')'", LBracket: "'['", RBracket: "']'", Comma: "','",
  Colon: "':'", Equals: "'='", Tilde: "'~'", At: "'@'", Plus: "'+'", Minus: "'-'", Star: "'*'", Slash: "'/'", DotDot: "'..'",
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
  buildMismatchTokenMessage: ({ expected }) => JSON.stringify({ expected: [describeTokenType(expected)] } satisfies Encoded),
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
  inferBlock: { block: 'infer', starters: ['guide', 'optimizer', 'steps', 'samples', 'batch', 'seed'] },
  evaluateBlock: {
    block: 'evaluate',
    starters: ['draws', 'threshold', 'confusion', 'classification', 'uncertainty', 'importance', 'weights', 'prior_posterior'],
  },
};

const blockWords = ['data', 'parameters', 'model', 'infer', 'evaluate'];
const settingWords = [...blockRules.inferBlock.starters, ...blockRules.evaluateBlock.starters];

export function toDiagnostics(errors: IRecognitionException[], textLength: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    const tok = e.token;
    const start = Number.isFinite(tok.startOffset) && tok.tokenType !== EOF ? tok.startOffset : textLength;
    if (seen.has(start)) continue;
    seen.add(start);
    const span = { start, end: tok.tokenType === EOF ? start : start + tok.image.length };
    let expected: string[] = [];
    try {
      expected = (JSON.parse(e.message) as Encoded).expected;
    } catch {
      expected = [];
    }
    const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? '';
    const before = (e as { previousToken?: IToken }).previousToken;
    // `draws` followed by the next statement: the value is missing.
    if ((rule === 'settingValue' || rule === 'thresholdRule') && before && Number.isFinite(before.startOffset) && before.tokenType !== EOF) {
      expected = [`a value after '${before.image}'`];
    }
    const isName = tok.tokenType === T.Identifier;
    if (e.name === 'NotAllInputParsedException' || (rule === 'program' && expected.includes('the end of the file'))) {
      const s = isName ? suggest(tok.image, blockWords) : undefined;
      out.push(diagnostic(M.unknownBlock, span, [describeToken(tok), s], { fixes: s ? [{ title: `Replace with '${s}'`, edits: [{ span, newText: s }] }] : [] }));
      continue;
    }
    const block = blockRules[rule];
    const isKeyword = T.keywordTokens.includes(tok.tokenType);
    if (block && expected.length === 1 && expected[0] === "'}'" && tok.tokenType !== EOF) {
      const words = block.starters.filter((w) => /^[a-z_]+$/.test(w));
      // The next block's keyword: this block lacks its closing brace.
      if (isKeyword && blockWords.includes(tok.image)) {
        out.push(
          diagnostic(M.syntax, span, [`'}' to close the ${block.block} block`, describeToken(tok)], {
            fixes: [{ title: "Insert '}'", edits: [{ span: { start, end: start }, newText: '}\n\n' }] }],
          }),
        );
        continue;
      }
      // An infer setting or evaluate query word where a statement starts with a name: it was meant as a name.
      if (isKeyword && (block.block === 'data' || block.block === 'parameters' || block.block === 'model') && settingWords.includes(tok.image)) {
        out.push(diagnostic(M.reservedWord, span, [tok.image]));
        continue;
      }
      const s = isName || T.keywordTokens.includes(tok.tokenType) ? suggest(tok.image, words) : undefined;
      out.push(
        diagnostic(M.unknownStatement, span, [describeToken(tok), block.block, block.starters, s], {
          fixes: s ? [{ title: `Replace with '${s}'`, edits: [{ span, newText: s }] }] : [],
        }),
      );
      continue;
    }
    // `column a, b` or `balanse train upsample`: a misspelt data statement word, read as `NAME = …`.
    const prev = before;
    if (rule === 'dataAssignment' && e.name === 'MismatchedTokenException' && expected[0] === "'='" && prev?.tokenType === T.Identifier && Number.isFinite(prev.startOffset)) {
      const words = blockRules.dataBlock.starters.filter((w) => /^[a-z_]+$/.test(w));
      const s = suggest(prev.image, words);
      if (s) {
        const prevSpan = { start: prev.startOffset, end: prev.startOffset + prev.image.length };
        out.push(
          diagnostic(M.unknownStatement, prevSpan, [describeToken(prev), 'data', blockRules.dataBlock.starters, s], {
            fixes: [{ title: `Replace with '${s}'`, edits: [{ span: prevSpan, newText: s }] }],
          }),
        );
        continue;
      }
    }
    // A reserved word where a setting's value is expected is most likely the next statement.
    if (T.keywordTokens.includes(tok.tokenType) && expected.includes('a name') && rule !== 'settingValue' && rule !== 'thresholdRule') {
      out.push(diagnostic(M.reservedWord, span, [tok.image]));
      continue;
    }
    out.push(diagnostic(M.syntax, span, [oneOf(expected), describeToken(tok)]));
  }
  return out;
}

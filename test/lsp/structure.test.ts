// The outline, folding ranges and semantic tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocumentSymbolRequest,
  FoldingRangeKind,
  FoldingRangeRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  SymbolKind,
  type DocumentSymbol,
  type FoldingRange,
  type SemanticTokens,
} from 'vscode-languageserver/node.js';
import { semanticTokensLegend } from '../../lsp/features/semantic-tokens.js';
import { RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

const lines = RUPTURE.split('\n');
const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle));

describe('document symbols', () => {
  it('outlines the header, the blocks and their declarations, hierarchically', async () => {
    const { uri } = await client.open(RUPTURE);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    expect(symbols.map((s) => [s.name, s.kind])).toEqual([
      ['rupture', SymbolKind.Module],
      ['data', SymbolKind.Namespace],
      ['parameters', SymbolKind.Namespace],
      ['model', SymbolKind.Namespace],
      ['infer vi', SymbolKind.Namespace],
      ['evaluate test', SymbolKind.Namespace],
    ]);
    const [, data, params, model, infer, evaluate] = symbols;
    expect(data.children!.map((c) => c.name)).toEqual([
      'height',
      'width',
      'sxx',
      'sxy',
      'syy',
      'sdrop',
      'mud',
      'dc',
      'label',
      'train',
      'test',
      'x',
      'y',
    ]);
    expect(params.children!.map((c) => [c.name, c.detail])).toEqual([
      ['W0', '[8, 12]'],
      ['b0', '[12]'],
      ['W1', '[12, 1]'],
      ['b1', '[1]'],
    ]);
    expect(model.children!.map((c) => [c.name, c.kind, c.detail])).toEqual([['h', SymbolKind.Variable, '[N, 12]']]);
    expect(infer.children!.map((c) => c.name)).toEqual(['guide', 'optimizer', 'steps', 'seed']);
    expect(evaluate.children!.map((c) => c.name)).toEqual([
      'draws',
      'threshold',
      'confusion',
      'classification',
      'uncertainty',
      'importance',
      'weights',
      'prior_posterior',
    ]);
    expect(data.range.start.line).toBe(lineOf('data {'));
    expect(client.text(uri, params.children![0].range)).toBe('W0 : [8, 12] ~ Normal(0, 1)');
    expect(client.text(uri, params.children![0].selectionRange)).toBe('W0');
  });

  it('names every set of an evaluate block, and outlines each evaluate block', async () => {
    const { uri } = await client.open(
      RUPTURE.replace('evaluate test {', 'evaluate train {\n  confusion\n}\n\nevaluate train, test {'),
    );
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    expect(symbols.slice(-2).map((s) => s.name)).toEqual(['evaluate train', 'evaluate train, test']);
  });

  it('outlines what it can of a broken file, every selection inside its range', async () => {
    const { uri } = await client.open(
      'model m\ndata {\n  columns a, b\n  x = standardize(a\nparameters {\n  W : [2] ~ Normal(0, 1)\n}\n',
    );
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    expect(symbols[0].name).toBe('m');
    const inside = (s: DocumentSymbol): boolean => {
      const r = s.range;
      const sel = s.selectionRange;
      const le = (a: typeof r.start, b: typeof r.start) =>
        a.line < b.line || (a.line === b.line && a.character <= b.character);
      return le(r.start, sel.start) && le(sel.end, r.end) && (s.children ?? []).every(inside);
    };
    expect(symbols.every(inside)).toBe(true);
  });
});

describe('folding ranges', () => {
  it('folds each block (keeping its closing brace visible), comment runs and block comments', async () => {
    const text = RUPTURE + '\n/* a block\n   comment */\n';
    const { uri } = await client.open(text);
    const ranges = (await client.connection.sendRequest(FoldingRangeRequest.type, {
      textDocument: { uri },
    })) as FoldingRange[];
    const blocks = ranges.filter((r) => r.kind === undefined).map((r) => [r.startLine, r.endLine]);
    const closeOf = (open: number) => lines.findIndex((l, i) => i > open && l === '}');
    expect(blocks).toEqual(
      ['data {', 'parameters {', 'model {', 'infer vi {', 'evaluate test {'].map((b) => [
        lineOf(b),
        closeOf(lineOf(b)) - 1,
      ]),
    );
    const comments = ranges.filter((r) => r.kind === FoldingRangeKind.Comment).map((r) => [r.startLine, r.endLine]);
    const all = text.split('\n');
    expect(comments).toEqual([
      [0, 3],
      [lineOf('// The paper fits the same'), lineOf('// (see the ELBO figure')],
      [lineOf('// The paper picks'), lineOf('// bnnc: allow')],
      [all.indexOf('/* a block'), all.indexOf('/* a block') + 1],
    ]);
  });
});

interface Decoded {
  line: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decode(uri: string, tokens: SemanticTokens): Decoded[] {
  const out: Decoded[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    out.push({
      line,
      text: client.text(uri, { start: { line, character: char }, end: { line, character: char + len } }),
      type: semanticTokensLegend.tokenTypes[type],
      modifiers: semanticTokensLegend.tokenModifiers.filter((_, k) => mods & (1 << k)),
    });
  }
  return out;
}

describe('semantic tokens', () => {
  it('classifies keywords, parameters, variables, functions, distributions, literals and comments', async () => {
    const { uri } = await client.open(RUPTURE);
    const tokens = decode(
      uri,
      (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })) as SemanticTokens,
    );
    const on = (needle: string) =>
      tokens
        .filter((t) => t.line === lineOf(needle))
        .map((t) => `${t.text}:${t.type}${t.modifiers.map((m) => '+' + m).join('')}`);
    expect(on('  W0 : [8, 12]')).toEqual([
      'W0:parameter+declaration',
      '::operator',
      '8:number',
      '12:number',
      '~:operator',
      'Normal:type+defaultLibrary',
      '0:number',
      '1:number',
    ]);
    expect(on('  h = relu(')).toEqual([
      'h:variable+declaration',
      '=:operator',
      'relu:function+defaultLibrary',
      'x:variable',
      '@:operator',
      'W0:parameter',
      '+:operator',
      'b0:parameter',
    ]);
    expect(on('  test = read(')).toEqual([
      'test:variable+declaration',
      '=:operator',
      'read:keyword',
      '"rupture/rupturemodel_test.txt":string',
    ]);
    expect(on('  y = label : binary')).toEqual([
      'y:variable+declaration',
      '=:operator',
      'label:variable',
      '::operator',
      'binary:keyword',
      '// 1: the rupture propagates, 0: it arrests:comment',
    ]);
    expect(on('optimizer adam')).toEqual([
      'optimizer:keyword',
      'adam:function+defaultLibrary',
      'lr:property',
      '=:operator',
      '0.05:number',
      'decay:property',
      '=:operator',
      '0.999:number',
    ]);
    expect(tokens[0]).toEqual({ line: 0, text: lines[0], type: 'comment', modifiers: [] });
  });

  it('shows the words of the refit protocol as keywords, though they are not reserved', async () => {
    const { uri } = await client.open(
      RUPTURE.replace('  threshold maximize f1', '  threshold maximize f1 on train then refit'),
    );
    const tokens = decode(
      uri,
      (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })) as SemanticTokens,
    );
    const line = RUPTURE.split('\n').findIndex((l) => l.startsWith('  threshold maximize f1'));
    expect(tokens.filter((t) => t.line === line).map((t) => `${t.text}:${t.type}`)).toEqual([
      'threshold:keyword',
      'maximize:keyword',
      'f1:keyword',
      'on:keyword',
      'train:variable',
      'then:keyword',
      'refit:keyword',
    ]);
  });

  it('cuts a multi-line block comment at each line, and answers a range request with the tokens inside it', async () => {
    const { uri } = await client.open('model m /* one\ntwo\nthree */ data {}\n');
    const full = decode(
      uri,
      (await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } })) as SemanticTokens,
    );
    expect(full.map((t) => [t.line, t.text, t.type])).toEqual([
      [0, 'model', 'keyword'],
      [0, 'm', 'namespace'],
      [0, '/* one', 'comment'],
      [1, 'two', 'comment'],
      [2, 'three */', 'comment'],
      [2, 'data', 'keyword'],
    ]);
    const range = decode(
      uri,
      (await client.connection.sendRequest(SemanticTokensRangeRequest.type, {
        textDocument: { uri },
        range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
      })) as SemanticTokens,
    );
    expect(range.map((t) => t.text)).toEqual(['data']);
  });
});

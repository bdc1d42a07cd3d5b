// Random editing sessions: incremental changes (some with sloppy ranges) interleaved with every
// kind of request at random positions. The server must never fail or log an error, every range
// it returns must lie inside the document, and after the edits its diagnostics must be those of
// the client's text (so the incremental sync kept both copies equal).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRequest,
  type DocumentSymbol,
  type Position,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkSource } from '../../src/lang/front-end.js';
import { RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

const FRAGMENTS = [
  '',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  'W0',
  'x',
  'h',
  'y',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  '~',
  '@',
  '+',
  '-',
  '=',
  ':',
  '..',
  '"',
  '"a.txt"',
  '\\',
  '|',
  '//c',
  '/*',
  '*/',
  'Normal(0, 1)',
  'relu(',
  'model',
  'data {',
  'parameters {',
  'model {\n  h = relu(x @ W0)\n}',
  '1e',
  '0.5',
  'é',
  '😀',
  'columns a, b',
  'y ~ Bernoulli(logit = h)',
  'weights ',
  'infer vi {',
  'evaluate test {',
  'x = standardize(a .. b)',
  'W : [2, 3] ~ ',
];

const STARTS = [
  RUPTURE,
  '',
  'model m\n',
  'model m\ndata {\n  columns a, b\n  x = standardize(a',
  RUPTURE.slice(0, 900),
];

const METHODS = [
  'hover',
  'completion',
  'definition',
  'references',
  'documentSymbol',
  'semanticTokens',
  'inlayHint',
  'formatting',
  'codeAction',
  'foldingRange',
  'prepareRename',
  'rename',
] as const;

type Action =
  | { kind: 'edit'; from: number; length: number; text: string; sloppy: boolean }
  | { kind: 'request'; method: (typeof METHODS)[number]; at: number; sloppy: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat(40),
    text: fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }).map((xs) => xs.join('')),
      fc.string({ maxLength: 6 }),
    ),
    sloppy: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('request' as const),
    method: fc.constantFrom(...METHODS),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    sloppy: fc.boolean(),
  }),
);

function lineLength(doc: TextDocument, line: number): number {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '')
    .length;
}

function checkPosition(doc: TextDocument, p: Position, what: string): void {
  const ok = p.line >= 0 && p.line < doc.lineCount && p.character >= 0 && p.character <= lineLength(doc, p.line);
  if (!ok) throw new Error(`${what}: position ${JSON.stringify(p)} is outside the document (${doc.lineCount} lines)`);
}

function checkRange(doc: TextDocument, r: Range, what: string): void {
  checkPosition(doc, r.start, what);
  checkPosition(doc, r.end, what);
  if (doc.offsetAt(r.start) > doc.offsetAt(r.end))
    throw new Error(`${what}: range ${JSON.stringify(r)} ends before it starts`);
}

/** Every range in a response, wherever the response keeps them. */
function checkResponse(doc: TextDocument, method: string, r: unknown): void {
  if (r === null || r === undefined) return;
  if (Array.isArray(r)) return r.forEach((x) => checkResponse(doc, method, x));
  if (typeof r !== 'object') return;
  const o = r as Record<string, unknown>;
  if (method === 'semanticTokens' && Array.isArray(o.data)) return checkTokens(doc, o.data as number[]);
  if (method === 'foldingRange' && typeof o.startLine === 'number') {
    if (!(o.startLine >= 0 && o.startLine <= (o.endLine as number) && (o.endLine as number) < doc.lineCount))
      throw new Error(`folding range ${JSON.stringify(o)} outside`);
    return;
  }
  for (const [k, v] of Object.entries(o)) {
    if ((k === 'range' || k === 'selectionRange') && v && typeof v === 'object') checkRange(doc, v as Range, method);
    else if (k === 'position' && v && typeof v === 'object') checkPosition(doc, v as Position, method);
    else if (typeof v === 'object') checkResponse(doc, method, v);
  }
}

function checkTokens(doc: TextDocument, data: number[]): void {
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    if (data[i + 2] <= 0 || line >= doc.lineCount || char + data[i + 2] > lineLength(doc, line))
      throw new Error(`semantic token ${data.slice(i, i + 5)} at ${line}:${char} outside`);
  }
}

function position(doc: TextDocument, frac: number, sloppy: boolean): Position {
  const p = doc.positionAt(Math.floor(frac * doc.getText().length));
  return sloppy ? { line: p.line + (frac < 0.5 ? 0 : 3), character: p.character + 50 } : p;
}

async function request(
  uri: string,
  method: (typeof METHODS)[number],
  position: Position,
  range: Range,
): Promise<unknown> {
  const c = client.connection;
  const textDocument = { uri };
  switch (method) {
    case 'hover':
      return c.sendRequest(HoverRequest.type, { textDocument, position });
    case 'completion':
      return c.sendRequest(CompletionRequest.type, { textDocument, position });
    case 'definition':
      return c.sendRequest(DefinitionRequest.type, { textDocument, position });
    case 'references':
      return c.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } });
    case 'documentSymbol':
      return c.sendRequest(DocumentSymbolRequest.type, { textDocument });
    case 'semanticTokens':
      return c.sendRequest(SemanticTokensRequest.type, { textDocument });
    case 'inlayHint':
      return c.sendRequest(InlayHintRequest.type, { textDocument, range });
    case 'formatting':
      return c.sendRequest(DocumentFormattingRequest.type, {
        textDocument,
        options: { tabSize: 2, insertSpaces: true },
      });
    case 'codeAction':
      return c.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics: [] } });
    case 'foldingRange':
      return c.sendRequest(FoldingRangeRequest.type, { textDocument });
    case 'prepareRename':
      return c.sendRequest(PrepareRenameRequest.type, { textDocument, position });
    case 'rename':
      return c.sendRequest(RenameRequest.type, { textDocument, position, newName: 'renamed' });
  }
}

describe('random editing sessions', () => {
  it('never fail, never answer outside the document, and stay in sync', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...STARTS),
        fc.array(action, { minLength: 1, maxLength: 14 }),
        async (start, actions) => {
          const { uri } = await client.open(start);
          let edited = false;
          let last: Promise<{ diagnostics: { code?: string | number; range: Range }[] }> | undefined;
          for (const a of actions) {
            const doc = client.document(uri);
            if (a.kind === 'edit') {
              const from = doc.positionAt(Math.floor(a.from * doc.getText().length));
              const to = doc.positionAt(doc.offsetAt(from) + a.length);
              const change: TextDocumentContentChangeEvent = {
                range: { start: from, end: a.sloppy ? { line: to.line, character: to.character + 7 } : to },
                text: a.text,
              };
              last = client.change(uri, [change]);
              edited = true;
              continue;
            }
            const p = position(doc, a.at, a.sloppy);
            const range = { start: doc.positionAt(0), end: position(doc, a.at, false) };
            const result = await request(uri, a.method, p, range).catch((e: unknown) => e);
            if (result instanceof ResponseError) {
              if (
                (a.method === 'prepareRename' || a.method === 'rename') &&
                result.code === LSPErrorCodes.RequestFailed
              )
                continue;
              throw new Error(`${a.method} answered ${result.code}: ${result.message}`);
            }
            checkResponse(doc, a.method, result);
            if (a.method === 'documentSymbol')
              (result as DocumentSymbol[]).forEach((s) => checkResponse(doc, a.method, s));
          }
          if (edited) {
            const published = await last!;
            const text = client.document(uri).getText();
            const expected = checkSource(text).diagnostics.map((d) => [d.code, d.span.start, d.span.end]);
            const doc = client.document(uri);
            expect(
              published.diagnostics.map((d) => [d.code, doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)]),
            ).toEqual(expected);
          }
          await client.closeDocument(uri);
          expect(client.errors).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });
});

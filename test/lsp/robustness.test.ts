// The server survives what editors and bad luck send it: exceptions inside handlers, requests
// for documents it does not have, positions past the end, cancelled requests, and changes for
// documents that are not open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  LSPErrorCodes,
  ReferencesRequest,
  ResponseError,
  type Connection,
  type Hover,
} from 'vscode-languageserver/node.js';
import { guard } from '../../lsp/guard.js';
import { RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

describe('robustness', () => {
  it('answers an exception inside a handler as an internal error, logs it, and keeps serving', () => {
    const logged: string[] = [];
    const connection = { console: { error: (m: string) => logged.push(m) } } as unknown as Connection;
    const answer = guard(connection, 'hover', () => {
      throw new Error('boom');
    })({}, undefined as never);
    expect(answer).toBeInstanceOf(ResponseError);
    expect((answer as ResponseError<void>).code).toBe(ErrorCodes.InternalError);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('hover failed');
  });

  it('answers malformed requests with InvalidParams, logging nothing, and keeps serving', async () => {
    const { uri } = await client.open(RUPTURE);
    const textDocument = { uri };
    const position = { line: 0, character: 0 };
    const malformed: [string, unknown][] = [
      ['textDocument/hover', { textDocument, position: null }],
      ['textDocument/hover', { textDocument, position: { line: -1, character: 0 } }],
      ['textDocument/hover', { textDocument, position: { line: '3', character: 0 } }],
      ['textDocument/hover', { textDocument: 5, position }],
      ['textDocument/hover', { position }],
      ['textDocument/completion', { textDocument: { uri: 7 }, position }],
      ['textDocument/references', { textDocument, position }],
      ['textDocument/rename', { textDocument, position, newName: 42 }],
      ['textDocument/inlayHint', { textDocument, range: { start: position } }],
      ['textDocument/codeAction', { textDocument, range: { start: position, end: position } }],
      [
        'textDocument/codeAction',
        { textDocument, range: { start: position, end: position }, context: { diagnostics: [], only: 'quickfix' } },
      ],
      ['textDocument/semanticTokens/range', { textDocument, range: null }],
      ['textDocument/documentSymbol', null],
    ];
    for (const [method, params] of malformed) {
      const failed = await client.connection.sendRequest(method, params).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failed, `${method} ${JSON.stringify(params)}`).toBeInstanceOf(ResponseError);
      expect((failed as ResponseError<void>).code, `${method} ${JSON.stringify(params)}`).toBe(
        ErrorCodes.InvalidParams,
      );
    }
    expect(client.errors).toEqual([]);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(symbols).toHaveLength(6);
  });

  it('drops malformed didOpen, didChange and didClose notifications without logging an error, and keeps the document', async () => {
    const { uri } = await client.open(RUPTURE);
    const textDocument = { uri, version: 2 };
    const start = { line: 0, character: 0 };
    const malformed: [string, unknown][] = [
      ['textDocument/didChange', { textDocument, contentChanges: null }],
      ['textDocument/didChange', { textDocument, contentChanges: [{ range: null, text: 'x' }] }],
      [
        'textDocument/didChange',
        { textDocument, contentChanges: [{ range: { start, end: { line: -1, character: 0 } }, text: 'x' }] },
      ],
      ['textDocument/didChange', { textDocument, contentChanges: [{ text: 5 }] }],
      ['textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didChange', { textDocument: 5, contentChanges: [] }],
      ['textDocument/didOpen', { textDocument: { uri: 5 } }],
      ['textDocument/didOpen', {}],
      ['textDocument/didClose', { textDocument: null }],
      ['textDocument/didSave', {}],
    ];
    for (const [method, params] of malformed) await client.connection.sendNotification(method, params);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(symbols).toHaveLength(6);
    expect(client.errors).toEqual([]);
  });

  it('does not break on a didOpen whose text is a number', async () => {
    const uri = 'file:///tmp/bnn-test/number.bnn';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'bnn', version: 1, text: 5 as never },
    });
    expect(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })).toEqual([]);
    expect(
      await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      }),
    ).toBeNull();
    expect(client.errors).toEqual([]);
  });

  it('answers requests for a document that is not open with an empty result', async () => {
    const textDocument = { uri: 'file:///nowhere/never-opened.bnn' };
    const position = { line: 0, character: 0 };
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument, position })).toBeNull();
    expect(await client.connection.sendRequest(DefinitionRequest.type, { textDocument, position })).toBeNull();
    expect(
      await client.connection.sendRequest(ReferencesRequest.type, {
        textDocument,
        position,
        context: { includeDeclaration: true },
      }),
    ).toEqual([]);
    expect(await client.connection.sendRequest(CompletionRequest.type, { textDocument, position })).toEqual([]);
  });

  it('clamps positions past the end of a line or of the document (a request made against an older version)', async () => {
    const { uri } = await client.open('model m\nparameters {\n  W : [2] ~\n}\n');
    const far = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 400, character: 9 },
    });
    expect(far).toBeNull();
    // Past the end of line 2 is its end, just after `~`.
    const endOfLine = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 999 },
    })) as { label: string }[];
    expect(endOfLine.map((i) => i.label)).toContain('HalfNormal');
    const onW = (await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 2 },
    })) as Hover;
    expect(client.text(uri, onW.range!)).toBe('W');
  });

  it('answers or cancels a cancelled request, and goes on', async () => {
    const { uri } = await client.open(RUPTURE);
    const source = new CancellationTokenSource();
    const request = client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }, source.token);
    source.cancel();
    const outcome = await request.then(
      (r) => (Array.isArray(r) ? 'answered' : 'wrong'),
      (e: ResponseError<void>) => (e.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `failed ${e.code}`),
    );
    expect(['answered', 'cancelled']).toContain(outcome);
    expect(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })).toHaveLength(6);
  });

  it('ignores a change to a document that is not open', async () => {
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: 'file:///nowhere/closed.bnn', version: 7 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
    });
    const { diagnostics } = await client.open(RUPTURE);
    expect(diagnostics.diagnostics).toEqual([]);
    expect(client.errors).toEqual([]);
  });
});

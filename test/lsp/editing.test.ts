// Formatting, inlay hints and quick fixes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionKind,
  CodeActionRequest,
  DocumentFormattingRequest,
  InlayHintRequest,
  type CodeAction,
  type InlayHint,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatSource } from '../../src/lang/format/format.js';
import { RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

const format = (uri: string) =>
  client.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  }) as Promise<TextEdit[]>;
const whole = (uri: string): Range => ({
  start: { line: 0, character: 0 },
  end: client.document(uri).positionAt(client.document(uri).getText().length),
});

describe('formatting', () => {
  it('gives exactly what bnnc fmt gives, as one minimal edit', async () => {
    const messy = RUPTURE.replace('W0 : [8, 12] ~ Normal(0, 1)', 'W0:[8,12]~Normal(0,1)').replace(
      '  h = relu(x @ W0 + b0)',
      'h=relu(x@W0+b0)',
    );
    const { uri } = await client.open(messy);
    const edits = await format(uri);
    expect(edits).toHaveLength(1);
    expect(edits[0].range.start.line).toBe(RUPTURE.split('\n').findIndex((l) => l.includes('W0 : [8, 12]')));
    const formatted = TextDocument.applyEdits(client.document(uri), edits);
    expect(formatted).toBe(formatSource(messy).text);
    expect(formatted).toBe(RUPTURE);
  });

  it('changes nothing in a formatted file or in one with syntax errors, and keeps \\r\\n pairs whole', async () => {
    expect(await format((await client.open(RUPTURE)).uri)).toEqual([]);
    expect(await format((await client.open(RUPTURE.replace('b0)', 'b0'))).uri)).toEqual([]);
    const crlf = RUPTURE.replace(/\n/g, '\r\n').replace('W1 : [12, 1]', 'W1:[12,1]');
    const { uri } = await client.open(crlf);
    const edits = await format(uri);
    expect(TextDocument.applyEdits(client.document(uri), edits)).toBe(formatSource(crlf).text);
    for (const e of edits) expect(client.text(uri, { start: e.range.start, end: e.range.start })).toBe('');
  });
});

describe('inlay hints', () => {
  it('shows the inferred shape after each assignment of the model block', async () => {
    const text = RUPTURE.replace(
      '  h = relu(x @ W0 + b0)\n',
      '  h = relu(x @ W0 + b0)\n  z = h @ W1\n  bad = h @ W0\n',
    );
    const { uri } = await client.open(text);
    const hints = (await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: whole(uri),
    })) as InlayHint[];
    const lines = text.split('\n');
    // `bad` has no shape (its @ does not fit), so it gets no hint.
    expect(hints.map((h) => [lines[h.position.line].slice(0, h.position.character), h.label])).toEqual([
      ['  h', ': [N, 12]'],
      ['  z', ': [N, 1]'],
    ]);
    const none = (await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
    })) as InlayHint[];
    expect(none).toEqual([]);
  });
});

describe('code actions', () => {
  async function actionsFor(text: string): Promise<{ uri: string; actions: CodeAction[] }> {
    const { uri, diagnostics } = await client.open(text);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: whole(uri),
      context: { diagnostics: diagnostics.diagnostics },
    })) as CodeAction[];
    return { uri, actions };
  }

  it('offers "did you mean" for an unknown name, tied to its diagnostic', async () => {
    const { uri, actions } = await actionsFor(RUPTURE.replace('x @ W0', 'x @ Wo'));
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred, a.diagnostics!.map((d) => d.code)])).toEqual([
      ["Change to 'W0'", CodeActionKind.QuickFix, true, ['BNN1001']],
    ]);
    expect(TextDocument.applyEdits(client.document(uri), actions[0].edit!.changes![uri])).toBe(RUPTURE);
  });

  it("offers the nearest setting of the block's method for a misspelt one, and no fix for another method's setting", async () => {
    const fixed = RUPTURE.replace(/infer vi \{[^}]*\}/, 'infer nuts {\n  warmup 500\n}');
    const { uri, actions } = await actionsFor(fixed.replace('warmup 500', 'wramup 500'));
    expect(actions.map((a) => [a.title, a.diagnostics!.map((d) => d.code)])).toEqual([
      ["Replace with 'warmup'", ['BNN1507']],
    ]);
    expect(TextDocument.applyEdits(client.document(uri), actions[0].edit!.changes![uri])).toBe(fixed);
    const other = await actionsFor(fixed.replace('warmup 500', 'warmup 500\n  samples 4'));
    expect(other.actions).toEqual([]);
  });

  it('offers to redeclare a parameter whose size does not fit a matrix product', async () => {
    const broken = RUPTURE.replace('W0 : [8, 12]', 'W0 : [7, 12]');
    const { uri, actions } = await actionsFor(broken);
    expect(actions.map((a) => a.title)).toEqual(['Declare W0 as [8, 12]']);
    expect(actions[0].diagnostics![0].code).toBe('BNN1201');
    expect(TextDocument.applyEdits(client.document(uri), actions[0].edit!.changes![uri])).toBe(RUPTURE);
  });

  it('offers only the fixes of diagnostics in the range, and none when other kinds are asked for', async () => {
    const text = RUPTURE.replace('x @ W0', 'x @ Wo').replace('guide meanfield', 'guide meanfeild');
    const { uri, diagnostics } = await client.open(text);
    const line = text.split('\n').findIndex((l) => l.includes('meanfeild'));
    const range = { start: { line, character: 0 }, end: { line, character: 20 } };
    const inRange = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics: [] },
    })) as CodeAction[];
    expect(inRange.map((a) => a.title)).toEqual(["Change to 'meanfield'"]);
    const refactors = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: whole(uri),
      context: { diagnostics: diagnostics.diagnostics, only: [CodeActionKind.Refactor] },
    })) as CodeAction[];
    expect(refactors).toEqual([]);
  });
});

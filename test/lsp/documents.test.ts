// The server's document store: each version is checked once, by reparsing from the version
// before (src/lang/incremental/reparse.ts), and a closed document starts again from scratch. Driven through
// TextDocuments' own listeners, as the connection would drive them.
import { describe, expect, it } from 'vitest';
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver/node.js';
import { checkSource } from '../../src/lang/front-end.js';
import { DocumentStore } from '../../lsp/documents.js';
import { RUPTURE } from './helpers.js';

type Handler<P> = (params: P) => void;

/** The part of a connection that TextDocuments listens on. */
function fakeConnection() {
  const handlers: {
    open?: Handler<DidOpenTextDocumentParams>;
    change?: Handler<DidChangeTextDocumentParams>;
    close?: Handler<DidCloseTextDocumentParams>;
  } = {};
  const none = () => ({ dispose() {} });
  const connection = {
    onDidOpenTextDocument: (h: Handler<DidOpenTextDocumentParams>) => ((handlers.open = h), none()),
    onDidChangeTextDocument: (h: Handler<DidChangeTextDocumentParams>) => ((handlers.change = h), none()),
    onDidCloseTextDocument: (h: Handler<DidCloseTextDocumentParams>) => ((handlers.close = h), none()),
    onWillSaveTextDocument: none,
    onWillSaveTextDocumentWaitUntil: none,
    onDidSaveTextDocument: none,
  };
  return { connection: connection as unknown as Connection, handlers };
}

describe('the document store', () => {
  const uri = 'file:///models/rupture.bnn';
  const at = RUPTURE.indexOf('W1 : [12, 1]');

  function openStore() {
    const store = new DocumentStore();
    const { connection, handlers } = fakeConnection();
    store.documents.listen(connection);
    handlers.open!({ textDocument: { uri, languageId: 'bnn', version: 1, text: RUPTURE } });
    const edit = (version: number, offset: number, text: string, remove = 0) => {
      const doc = store.documents.get(uri)!;
      const range = { start: doc.positionAt(offset), end: doc.positionAt(offset + remove) };
      handlers.change!({ textDocument: { uri, version }, contentChanges: [{ range, text }] });
    };
    return { store, handlers, edit };
  }

  it('checks each new version by reparsing from the one before, with the diagnostics of a whole check', () => {
    const { store, edit } = openStore();
    expect(store.get(uri)!.checked.parsed.how).toBe('full');
    edit(2, at + 'W1 : [12, '.length, '3', 1); // W1 : [12, 3]: three scores per row, where the likelihood wants one
    const second = store.get(uri)!;
    expect(second.version).toBe(2);
    expect(second.checked.parsed.how).toBe('window');
    const whole = checkSource(store.documents.get(uri)!.getText(), second.path);
    expect(second.checked.diagnostics).toEqual(whole.diagnostics);
    expect(second.checked.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    // The same version is not checked again.
    expect(store.get(uri)).toBe(second);
    edit(3, at + 'W1 : [12, '.length, '1', 1);
    const third = store.get(uri)!;
    expect(third.checked.parsed.how).toBe('window');
    expect(third.checked.diagnostics).toEqual(checkSource(RUPTURE, third.path).diagnostics);
  });

  it('checks a reopened document from scratch', () => {
    const { store, handlers, edit } = openStore();
    store.get(uri);
    edit(2, at, 'V');
    handlers.close!({ textDocument: { uri } });
    expect(store.get(uri)).toBeUndefined();
    handlers.open!({ textDocument: { uri, languageId: 'bnn', version: 1, text: RUPTURE } });
    const reopened = store.get(uri)!;
    expect(reopened.checked.parsed.how).toBe('full');
    expect(reopened.checked.diagnostics).toEqual(checkSource(RUPTURE, reopened.path).diagnostics);
  });
});

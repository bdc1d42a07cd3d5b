// The open documents and their checked forms. Text sync is incremental (TextDocuments applies
// each change to a TextDocument); a document is checked once per version, on first demand, and
// each version's check reparses only what changed since the one before.
import { fileURLToPath } from 'node:url';
import { TextDocuments, type Connection } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkSource, type CheckedDocument } from '../src/lang/front-end.js';
import { isSyncNotification } from './params.js';

export interface OpenDocument {
  uri: string;
  version: number;
  /** The file's path when the URI is a file: URI (data files are found relative to it). */
  path?: string;
  checked: CheckedDocument;
}

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, OpenDocument>();

  constructor() {
    this.documents.onDidClose((e) => this.cache.delete(e.document.uri));
  }

  /** Keeps the documents in step with the editor's notifications, dropping malformed ones. */
  listen(connection: Connection): void {
    const checked: Connection = Object.create(connection);
    const hooks = [
      ['onDidOpenTextDocument', 'didOpen'],
      ['onDidChangeTextDocument', 'didChange'],
      ['onDidCloseTextDocument', 'didClose'],
      ['onWillSaveTextDocument', 'willSave'],
      ['onDidSaveTextDocument', 'didSave'],
    ] as const;
    for (const [hook, method] of hooks) {
      const on = (connection[hook] as (handler: (params: unknown) => void) => unknown).bind(connection);
      Object.assign(checked, {
        [hook]: (handler: (params: unknown) => void) =>
          on((params) => {
            if (isSyncNotification(method, params)) handler(params);
          }),
      });
    }
    this.documents.listen(checked);
  }

  /** The checked document at its current version, or undefined when it is not open. */
  get(uri: string): OpenDocument | undefined {
    const text = this.documents.get(uri);
    // A didOpen whose text is not a string (a number, null) opens nothing that can be checked.
    if (!text || typeof text.getText() !== 'string') return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.version === text.version) return cached;
    const path = filePath(uri);
    // The previous version is taken over by the check of this one: never keep it.
    this.cache.delete(uri);
    const doc: OpenDocument = {
      uri,
      version: text.version,
      path,
      checked: checkSource(text.getText(), path ?? uri, cached?.checked),
    };
    this.cache.set(uri, doc);
    return doc;
  }
}

export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

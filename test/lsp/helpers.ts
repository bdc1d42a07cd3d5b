// A client for the language server over a real JSON-RPC connection (in-process streams), and
// cursor markers: `|` in a test text marks a position (the language has no `|`).
import * as fs from 'node:fs';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  type Position,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { connectInProcess, type InProcessServer } from '../../lsp/in-process.js';
import type { ServerOptions } from '../../lsp/server.js';

export const RUPTURE = fs.readFileSync(new URL('../../models/rupture.bnn', import.meta.url), 'utf8');
export const RUPTURE_URI = new URL('../../models/rupture.bnn', import.meta.url).href;

/** Removes every `|` and returns the text and the offsets where they stood. */
export function marked(text: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let out = '';
  for (const ch of text) {
    if (ch === '|') offsets.push(out.length);
    else out += ch;
  }
  return { text: out, offsets };
}

let counter = 0;

export class TestClient {
  readonly errors: string[] = [];
  private readonly server: InProcessServer;
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly docs = new Map<string, TextDocument>();

  private constructor(options: ServerOptions) {
    this.server = connectInProcess(options);
    const c = this.server.client;
    c.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error) this.errors.push(m.message);
    });
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), p]);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && (w.version === undefined || w.version === p.version)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
  }

  static async start(options: ServerOptions = {}): Promise<TestClient> {
    const t = new TestClient(options);
    await t.server.client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    await t.server.client.sendNotification(InitializedNotification.type, {});
    return t;
  }

  get connection() {
    return this.server.client;
  }

  close(): void {
    this.server.close();
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(
    text: string,
    uri = `file:///tmp/bnn-test/doc${++counter}.bnn`,
  ): Promise<{ uri: string; diagnostics: PublishDiagnosticsParams }> {
    this.docs.set(uri, TextDocument.create(uri, 'bnn', 1, text));
    const wait = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'bnn', version: 1, text },
    });
    return { uri, diagnostics: await wait };
  }

  /** Sends incremental changes; resolves with the diagnostics of the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const doc = this.document(uri);
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.docs.set(uri, next);
    const wait = this.nextDiagnostics(uri, next.version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: next.version },
      contentChanges: changes,
    });
    return wait;
  }

  async closeDocument(uri: string): Promise<PublishDiagnosticsParams> {
    const wait = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    this.docs.delete(uri);
    return wait;
  }

  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** The client's copy of a document (what the server should hold too). */
  document(uri: string): TextDocument {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  position(uri: string, offset: number): Position {
    return this.document(uri).positionAt(offset);
  }

  offset(uri: string, position: Position): number {
    return this.document(uri).offsetAt(position);
  }

  /** The text a range covers, in the client's copy. */
  text(uri: string, range: { start: Position; end: Position }): string {
    return this.document(uri).getText(range);
  }
}

/** Opens a marked text and returns the document and its marker positions. */
export async function openMarked(client: TestClient, markedText: string, uri?: string) {
  const { text, offsets } = marked(markedText);
  const opened = await client.open(text, uri);
  return { ...opened, text, at: offsets.map((o) => client.position(opened.uri, o)) };
}

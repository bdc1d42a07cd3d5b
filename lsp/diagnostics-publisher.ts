// Publishes each open document's diagnostics after it changes. A few milliseconds' delay lets a
// burst of keystrokes be checked once; the check itself happens at most once per version (the
// document store caches it, and a request may already have paid for it).
import type { Connection, Diagnostic } from 'vscode-languageserver/node.js';
import type { Diagnostic as BnnDiagnostic } from '../src/lang/diagnostics/diagnostic.js';
import type { DocumentStore, OpenDocument } from './documents.js';
import { diagnostics, toLspDiagnostic } from './features/diagnostics.js';
import { guardNotification } from './guard.js';

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    /** Diagnostics beyond the checker's, such as the data-access policy's on the read(...) files. */
    private readonly extra: (doc: OpenDocument) => BnnDiagnostic[] = () => [],
    private readonly delayMs = 5,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    this.timer ??= setTimeout(() => this.publish(), this.delayMs);
  }

  /** A closed document's diagnostics are cleared. */
  clear(uri: string): void {
    this.pending.delete(uri);
    this.send(uri, undefined, []);
  }

  private publish(): void {
    this.timer = undefined;
    for (const uri of [...this.pending]) {
      this.pending.delete(uri);
      guardNotification(this.connection, 'publishDiagnostics', () => {
        const doc = this.store.get(uri);
        if (doc)
          this.send(uri, doc.version, [
            ...diagnostics(doc.checked, uri),
            ...this.extra(doc).map((d) => toLspDiagnostic(doc.checked, uri, d)),
          ]);
      })(undefined);
    }
  }

  private send(uri: string, version: number | undefined, list: Diagnostic[]): void {
    // Sending fails only once the connection is gone, when there is no one left to tell.
    try {
      this.connection.sendDiagnostics({ uri, version, diagnostics: list }).catch(() => undefined);
    } catch {
      this.pending.clear();
    }
  }
}

// The bnnc language server: wiring only. Each feature is a module of pure functions over the
// checked document (features/); documents.ts keeps the open documents and their checked forms.
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node.js';
import * as path from 'node:path';
import type { Env } from '../src/data/datapath.js';
import { dataAccessDiagnostics } from '../src/data/diagnostics.js';
import { columnStats } from './data/column-stats.js';
import { DiagnosticsPublisher } from './diagnostics-publisher.js';
import { DocumentStore, type OpenDocument } from './documents.js';
import { codeActions } from './features/code-actions.js';
import { completion } from './features/completion.js';
import { foldingRanges } from './features/folding.js';
import { formatting } from './features/formatting.js';
import { hover } from './features/hover.js';
import { inlayHints } from './features/inlay-hints.js';
import { definition, references } from './features/navigation.js';
import { documentSymbols } from './features/document-symbols.js';
import { prepareRename, rename, RenameRefusal } from './features/rename.js';
import { semanticTokens, semanticTokensLegend } from './features/semantic-tokens.js';
import { guard, guardNotification } from './guard.js';
import { checkParams, type ParamShape } from './params.js';
import { toOffset, toSpan } from './positions.js';

const POSITION: ParamShape = { position: true };
const RANGE: ParamShape = { range: true };

const COMPLETION_TRIGGERS = ['~', '(', ',', '@', '=', '.', ':'];

export interface ServerOptions {
  /** Where BNN_DATA_PATH is read from (default process.env). */
  env?: Env;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const env = options.env ?? process.env;
  const store = new DocumentStore();

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true },
      documentFormattingProvider: true,
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'bnnc' },
  }));

  const publisher = new DiagnosticsPublisher(connection, store, (doc) =>
    dataAccessDiagnostics(doc.checked.program, { modelDir: doc.path ? path.dirname(doc.path) : undefined, env }),
  );
  store.documents.onDidChangeContent(
    guardNotification(connection, 'didChange', (e) => publisher.schedule(e.document.uri)),
  );
  store.documents.onDidClose(guardNotification(connection, 'didClose', (e) => publisher.clear(e.document.uri)));

  /** A handler for a request on one document; a document that is not open gets `empty`. */
  const onDocument = <P extends { textDocument: { uri: string } }, R>(
    method: string,
    empty: R,
    handler: (doc: OpenDocument, params: P) => R,
    shape: ParamShape = {},
  ) =>
    guard(connection, method, (params: P) => {
      checkParams(method, params, shape);
      const doc = store.get(params.textDocument.uri);
      return doc ? handler(doc, params) : empty;
    });
  const offset = (doc: OpenDocument, position: Position) => toOffset(doc.checked.source, position);
  const refusal = <R>(r: R | RenameRefusal): R => {
    if (r instanceof RenameRefusal) throw new ResponseError(LSPErrorCodes.RequestFailed, r.message);
    return r;
  };

  connection.onHover(
    onDocument(
      'hover',
      null,
      (doc, p) =>
        hover(doc.checked, offset(doc, p.position), (column) => columnStats(doc.checked, doc.path, column, env)),
      POSITION,
    ),
  );
  connection.onCompletion(
    onDocument('completion', [], (doc, p) => completion(doc.checked, offset(doc, p.position)), POSITION),
  );
  connection.onDefinition(
    onDocument('definition', null, (doc, p) => definition(doc.checked, doc.uri, offset(doc, p.position)), POSITION),
  );
  connection.onReferences(
    onDocument(
      'references',
      [],
      (doc, p) => references(doc.checked, doc.uri, offset(doc, p.position), p.context.includeDeclaration),
      { position: true, context: true },
    ),
  );
  connection.onPrepareRename(
    onDocument(
      'prepareRename',
      null,
      (doc, p) => refusal(prepareRename(doc.checked, offset(doc, p.position))),
      POSITION,
    ),
  );
  connection.onRenameRequest(
    onDocument('rename', null, (doc, p) => refusal(rename(doc.checked, doc.uri, offset(doc, p.position), p.newName)), {
      position: true,
      newName: true,
    }),
  );
  connection.onDocumentSymbol(onDocument('documentSymbol', [], (doc) => documentSymbols(doc.checked)));
  connection.onFoldingRanges(onDocument('foldingRange', [], (doc) => foldingRanges(doc.checked)));
  connection.languages.semanticTokens.on(
    onDocument('semanticTokens', { data: [] }, (doc) => semanticTokens(doc.checked)),
  );
  connection.languages.semanticTokens.onRange(
    onDocument(
      'semanticTokens/range',
      { data: [] },
      (doc, p) => semanticTokens(doc.checked, toSpan(doc.checked.source, p.range)),
      RANGE,
    ),
  );
  connection.onDocumentFormatting(onDocument('formatting', [], (doc) => formatting(doc.checked)));
  connection.languages.inlayHint.on(onDocument('inlayHint', [], (doc, p) => inlayHints(doc.checked, p.range), RANGE));
  connection.onCodeAction(
    onDocument('codeAction', [], (doc, p) => codeActions(doc.checked, doc.uri, p.range, p.context.only), {
      range: true,
      context: true,
    }),
  );

  store.listen(connection);
}

// `bnnc lsp --stdio` as an editor starts it: a child process speaking JSON-RPC on stdin/stdout
// (run from the TypeScript sources through tsx, so no build is needed).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('bnnc lsp --stdio', () => {
  it('serves over stdin/stdout and exits cleanly on shutdown and exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bnnc.ts', 'lsp', '--stdio'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.listen();
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification(PublishDiagnosticsNotification.type, resolve),
    );

    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: {},
    });
    expect(init.capabilities.textDocumentSync).toMatchObject({ change: TextDocumentSyncKind.Incremental });
    expect(init.capabilities).toMatchObject({
      hoverProvider: true,
      definitionProvider: true,
      documentFormattingProvider: true,
      inlayHintProvider: true,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///tmp/cli-test.bnn';
    const text = 'model m\nparameters {\n  W : [2] ~ Normall(0, 1)\n}\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'bnn', version: 1, text },
    });
    const published = await diagnostics;
    expect(published.diagnostics.map((d) => d.code)).toContain('BNN1301');
    const hover = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 2 },
    });
    expect(JSON.stringify(hover)).toContain('(parameter) W');

    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    expect(await exited).toBe(0);
    connection.dispose();
    expect(stderr).toBe('');
  });
});

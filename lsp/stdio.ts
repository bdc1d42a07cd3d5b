// `bnnc lsp --stdio`: the language server on stdin/stdout. The server exits when the editor
// sends exit or closes stdin.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.js';

export function runStdioServer(): void {
  // stdout carries the protocol: anything printed there by accident would corrupt it.
  // eslint-disable-next-line no-console -- the one place the server touches the console: to keep it off stdout
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  connection.listen();
}

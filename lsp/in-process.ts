// A language server and a client connected by in-memory streams, in one process: for the tests
// and the benchmark, which then need no build and no child process.
import { PassThrough } from 'node:stream';
import {
  createConnection,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver/node.js';
import { startServer, type ServerOptions } from './server.js';

export interface InProcessServer {
  client: ProtocolConnection;
  close(): void;
}

export function connectInProcess(options: ServerOptions = {}): InProcessServer {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  // Readers and writers, not raw streams: given a raw stream, the library exits the process when it ends.
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, options);
  server.listen();
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  return {
    client,
    close() {
      client.dispose();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

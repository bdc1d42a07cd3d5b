// Probe: the real language server (`bnnc lsp --stdio`, a child process over JSON-RPC) through
// 1,000 seeded edit sequences: didOpen of a (mutated) model, full and incremental didChange edits,
// every request the server offers at random positions (past the end too), and malformed requests
// and notifications (wrong types, missing fields, unknown URIs, non-string text, huge positions,
// null parameters). After each sequence the document's last diagnostics must equal those of the
// same text opened fresh.
//
//   npx tsx scripts/probes/lsp-sequences.ts [--count 1000] [--seed 13] [--steps 25]
//
// Counts server exits, InternalError answers, answers slower than 2 s, errors the server logged,
// and sequences whose diagnostics differ from a fresh check. Exits 1 when any is not 0.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createMessageConnection,
  ErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node.js';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { baseModels, fuzzModel, int, pick, randomEdit, rng, type Rng } from './mutate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SLOW_MS = 2000;

const REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/formatting',
  'textDocument/documentSymbol',
  'textDocument/semanticTokens/full',
  'textDocument/semanticTokens/range',
  'textDocument/codeAction',
  'textDocument/inlayHint',
  'textDocument/foldingRange',
];

const counts = {
  exits: 0,
  internalErrors: 0,
  slow: 0,
  logged: 0,
  diagnosticsMismatch: 0,
  diagnosticsMissing: 0,
  requests: 0,
  malformed: 0,
  edits: 0,
};
const examples: string[] = [];
const example = (kind: string, detail: string) => {
  if (examples.filter((e) => e.startsWith(kind)).length < 5) examples.push(`${kind}: ${detail.slice(0, 300)}`);
};

class Server {
  proc!: ChildProcess;
  conn!: MessageConnection;
  alive = false;
  private waiters: { uri: string; version: number; resolve: (d: unknown[]) => void }[] = [];

  async start(): Promise<void> {
    // The built CLI when there is one (faster to start), else the TypeScript through tsx.
    const built = path.join(root, 'dist/bnnc.js');
    const args = fs.existsSync(built)
      ? [built, 'lsp', '--stdio']
      : ['--import', 'tsx', path.join(root, 'bnnc.ts'), 'lsp', '--stdio'];
    this.proc = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, BNN_DATA_PATH: process.env.BNN_DATA_PATH ?? '' },
    });
    this.alive = true;
    this.proc.stderr!.on('data', (b: Buffer) => {
      const s = b.toString();
      if (/failed|Error/.test(s)) {
        counts.logged++;
        example('stderr', s);
      }
    });
    this.proc.on('exit', (code, signal) => {
      if (this.alive) {
        counts.exits++;
        example('exit', `the server exited (${code ?? signal})`);
      }
      this.alive = false;
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      // vscode-jsonrpc itself logs a notification whose parameters are not an object: that is the
      // library's word on a malformed message, not a failure of bnnc's.
      if (m.type === 1 && !/defines parameters by (name|position)/.test(m.message)) {
        counts.logged++;
        example('logged', m.message);
      }
    });
    this.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
        for (const w of [...this.waiters]) {
          if (w.uri === p.uri && w.version === p.version) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(p.diagnostics);
          }
        }
      },
    );
    this.conn.onError(() => undefined);
    this.conn.listen();
    await this.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await this.conn.sendNotification('initialized', {});
  }

  diagnostics(uri: string, version: number): Promise<unknown[] | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 10_000);
      this.waiters.push({ uri, version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  async request(method: string, params: unknown, malformed: boolean, size = 0): Promise<void> {
    if (!this.alive) return;
    counts.requests++;
    const t0 = performance.now();
    try {
      await this.conn.sendRequest(method, params);
    } catch (e) {
      if (e instanceof ResponseError && e.code === ErrorCodes.InternalError) {
        counts.internalErrors++;
        example('InternalError', `${method} ${JSON.stringify(params)?.slice(0, 200)}: ${e.message}`);
      } else if (!(e instanceof ResponseError)) {
        if (this.alive) example('transport', `${method}: ${String(e)}`);
      } else if (!malformed && e.code === ErrorCodes.InvalidParams) {
        example(
          'InvalidParams on a well-formed request',
          `${method} ${JSON.stringify(params)?.slice(0, 200)}: ${e.message}`,
        );
      }
    }
    const ms = performance.now() - t0;
    if (ms > SLOW_MS) {
      counts.slow++;
      example('slow', `${method} took ${Math.round(ms)} ms on a document of ${size} characters`);
    }
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.alive = false;
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    setTimeout(() => this.proc.kill('SIGKILL'), 2000).unref();
  }
}

function position(r: Rng, doc: TextDocument) {
  const roll = r();
  if (roll < 0.8) return doc.positionAt(int(r, doc.getText().length + 1));
  if (roll < 0.9) return { line: doc.lineCount + int(r, 5), character: int(r, 200) };
  return {
    line: pick(r, [0, doc.lineCount - 1, 2 ** 31 - 1, 1e9]),
    character: pick(r, [0, 2 ** 31 - 1, 1e9, 9007199254740991]),
  };
}

function range(r: Rng, doc: TextDocument) {
  const a = position(r, doc);
  const b = position(r, doc);
  return a.line < b.line || (a.line === b.line && a.character <= b.character)
    ? { start: a, end: b }
    : { start: b, end: a };
}

function wellFormed(r: Rng, method: string, uri: string, doc: TextDocument): unknown {
  const textDocument = { uri };
  switch (method) {
    case 'textDocument/references':
      return { textDocument, position: position(r, doc), context: { includeDeclaration: r() < 0.5 } };
    case 'textDocument/rename':
      return {
        textDocument,
        position: position(r, doc),
        newName: pick(r, ['z', 'W9', 'model', '', '1x', 'a b', 'x'.repeat(1000), 'é']),
      };
    case 'textDocument/formatting':
      return { textDocument, options: { tabSize: 2, insertSpaces: true } };
    case 'textDocument/documentSymbol':
    case 'textDocument/semanticTokens/full':
    case 'textDocument/foldingRange':
      return { textDocument };
    case 'textDocument/semanticTokens/range':
    case 'textDocument/inlayHint':
      return { textDocument, range: range(r, doc) };
    case 'textDocument/codeAction':
      return {
        textDocument,
        range: range(r, doc),
        context: { diagnostics: [], only: r() < 0.3 ? ['quickfix'] : undefined },
      };
    default:
      return { textDocument, position: position(r, doc) };
  }
}

/** A request with broken parameters: every way a buggy client could send one. */
function malformedParams(r: Rng, method: string, uri: string, doc: TextDocument): unknown {
  const good = wellFormed(r, method, uri, doc) as Record<string, unknown>;
  const breakage = int(r, 14);
  switch (breakage) {
    case 0:
      return null;
    case 1:
      return 'text';
    case 2:
      return [uri];
    case 3:
      return { ...good, textDocument: undefined };
    case 4:
      return { ...good, textDocument: { uri: 7 } };
    case 5:
      return { ...good, textDocument: { uri: 'file:///nowhere/unknown.bnn' } };
    case 6:
      return { ...good, textDocument: { uri: 'not a uri at all %%' } };
    case 7:
      return {
        ...good,
        position: { line: -1, character: 0 },
        range: { start: { line: 0, character: -5 }, end: { line: 0, character: 0 } },
      };
    case 8:
      return { ...good, position: { line: '3', character: null }, range: { start: 1, end: 2 } };
    case 9:
      return {
        ...good,
        position: { line: 1.5, character: NaN },
        range: { start: { line: 0.5, character: 0 }, end: null },
      };
    case 10:
      return {
        ...good,
        position: { line: 1e300, character: 2 ** 53 },
        range: { start: { line: 2 ** 40, character: 0 }, end: { line: 2 ** 41, character: 1e20 } },
      };
    case 11:
      return { ...good, context: null, newName: 42, options: 'x' };
    case 12:
      return {
        ...good,
        context: { only: 'quickfix', includeDeclaration: 'yes', diagnostics: 5 },
        newName: { toString: 1 },
      };
    default:
      return {};
  }
}

/** A notification with broken parameters. */
function malformedNotification(r: Rng, uri: string, version: number): [string, unknown] {
  const textDocument = { uri, version: version + 1 };
  return pick(r, [
    ['textDocument/didChange', { textDocument, contentChanges: [{ text: 5 }] }],
    ['textDocument/didChange', { textDocument, contentChanges: null }],
    [
      'textDocument/didChange',
      { textDocument: { uri: 'file:///nowhere/unknown.bnn', version: 2 }, contentChanges: [{ text: 'x' }] },
    ],
    [
      'textDocument/didChange',
      {
        textDocument,
        contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
      },
    ],
    ['textDocument/didChange', { textDocument, contentChanges: [{ range: null, text: 'x' }] }],
    ['textDocument/didChange', null],
    [
      'textDocument/didOpen',
      { textDocument: { uri: 'file:///tmp/bnnc-probe/other.bnn', languageId: 'bnn', version: 1, text: null } },
    ],
    ['textDocument/didOpen', { textDocument: { uri: 5 } }],
    ['textDocument/didOpen', null],
    ['textDocument/didClose', { textDocument: { uri: 'file:///nowhere/never-opened.bnn' } }],
    ['textDocument/didClose', null],
    ['textDocument/didSave', { textDocument: { uri } }],
    ['$/cancelRequest', { id: 'nope' }],
    ['workspace/didChangeConfiguration', { settings: null }],
  ] as [string, unknown][]);
}

async function sequence(
  server: Server,
  r: Rng,
  index: number,
  bases: { name: string; text: string }[],
  dir: string,
  steps: number,
): Promise<void> {
  const uri = pathToFileURL(path.join(dir, `seq${index}.bnn`)).href;
  const start = r() < 0.5 ? pick(r, bases).text : fuzzModel(bases, 7, index).text;
  let doc = TextDocument.create(uri, 'bnn', 1, start);
  await server.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'bnn', version: 1, text: start },
  });
  for (let s = 0; s < steps && server.alive; s++) {
    const roll = r();
    if (roll < 0.35) {
      counts.edits++;
      let changes: TextDocumentContentChangeEvent[];
      if (r() < 0.15) changes = [{ text: r() < 0.5 ? randomEdit(r, doc.getText()) : pick(r, bases).text }];
      else {
        // One to three incremental edits, each against the text as the edits before it left it.
        changes = [];
        let scratch = doc;
        for (let k = 1 + int(r, 3); k > 0; k--) {
          const text = scratch.getText();
          const after = randomEdit(r, text);
          let a = 0;
          while (a < text.length && a < after.length && text[a] === after[a]) a++;
          let b = 0;
          while (
            b < text.length - a &&
            b < after.length - a &&
            text[text.length - 1 - b] === after[after.length - 1 - b]
          )
            b++;
          const change = {
            range: { start: scratch.positionAt(a), end: scratch.positionAt(text.length - b) },
            text: after.slice(a, after.length - b),
          };
          changes.push(change);
          scratch = TextDocument.update(scratch, [change], scratch.version);
        }
      }
      doc = TextDocument.update(doc, changes, doc.version + 1);
      await server.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: doc.version },
        contentChanges: changes,
      });
    } else if (roll < 0.85) {
      const method = pick(r, REQUESTS);
      await server.request(method, wellFormed(r, method, uri, doc), false, doc.getText().length);
    } else if (roll < 0.95) {
      counts.malformed++;
      const method = pick(r, REQUESTS);
      await server.request(method, malformedParams(r, method, uri, doc), true, doc.getText().length);
    } else {
      counts.malformed++;
      const [method, params] = malformedNotification(r, uri, doc.version);
      await server.conn.sendNotification(method, params);
      // Versions only grow: the next change must not reuse the one the malformed change named.
      doc = TextDocument.create(uri, 'bnn', doc.version + 1, doc.getText());
    }
  }
  if (!server.alive) return;
  // The last diagnostics against those of the same text opened fresh (a change to force a publish).
  const final = server.diagnostics(uri, doc.version + 1);
  doc = TextDocument.update(doc, [{ text: doc.getText() }], doc.version + 1);
  await server.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: doc.version },
    contentChanges: [{ text: doc.getText() }],
  });
  const freshUri = pathToFileURL(path.join(dir, `fresh${index}.bnn`)).href;
  const fresh = server.diagnostics(freshUri, 1);
  await server.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: freshUri, languageId: 'bnn', version: 1, text: doc.getText() },
  });
  const [a, b] = await Promise.all([final, fresh]);
  if (a === undefined || b === undefined) {
    if (server.alive) {
      counts.diagnosticsMissing++;
      example('no diagnostics', `sequence ${index}`);
    }
  } else if (JSON.stringify(a).replaceAll(uri, 'URI') !== JSON.stringify(b).replaceAll(freshUri, 'URI')) {
    counts.diagnosticsMismatch++;
    const x = JSON.stringify(a).replaceAll(uri, 'URI');
    const y = JSON.stringify(b).replaceAll(freshUri, 'URI');
    let k = 0;
    while (x[k] === y[k]) k++;
    example(
      'diagnostics differ',
      `sequence ${index}: …${x.slice(Math.max(0, k - 80), k + 80)} against …${y.slice(Math.max(0, k - 80), k + 80)}`,
    );
  }
  await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '13' },
      steps: { type: 'string', default: '25' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const bases = baseModels(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-lsp-probe-'));
  const started = Date.now();
  let server = new Server();
  await server.start();
  for (let i = 0; i < count; i++) {
    if (!server.alive) {
      server = new Server();
      await server.start();
    }
    await sequence(server, rng(seed * 1_000_003 + i), i, bases, dir, Number(values.steps));
    if ((i + 1) % 100 === 0)
      process.stderr.write(`${i + 1}/${count} sequences, ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `lsp-sequences: ${count} sequences, seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s; ${counts.edits} edits, ${counts.requests} requests, ${counts.malformed} malformed requests and notifications`,
  );
  console.log(
    `server exits ${counts.exits}, InternalErrors ${counts.internalErrors}, answers over 2 s ${counts.slow}, errors logged ${counts.logged}, final diagnostics differing from a fresh check ${counts.diagnosticsMismatch}, never published ${counts.diagnosticsMissing}`,
  );
  for (const e of examples) console.log('  ' + e);
  const bad =
    counts.exits +
    counts.internalErrors +
    counts.slow +
    counts.logged +
    counts.diagnosticsMismatch +
    counts.diagnosticsMissing;
  return bad > 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
  // The server's pipes would otherwise keep the process alive after a failure.
  setTimeout(() => process.exit(code), 3000).unref();
});

// Language server latency on a 5,000-line model, over a real JSON-RPC connection (in-process
// streams): a one-character edit to its publishDiagnostics (goal < 100 ms), and hover and
// completion requests (goal < 20 ms). Each round edits, waits for the diagnostics, then hovers
// and completes, so the requests pay for whatever the server indexes lazily per version.
// Two kinds of edit, alternately made and undone: a character typed after the last statement
// of a line in the parameters block (a syntax error that swallows the next declaration), and a
// character typed into a name used in the model block (an undefined name, with a suggestion).
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkSource } from '../src/lang/front-end.js';
import { connectInProcess } from '../lsp/in-process.js';
import { bigModel } from './big-model.js';

export interface Latency {
  median: number;
  max: number;
  runs: number;
}

export interface LspTimings {
  lines: number;
  /** didOpen to the first diagnostics. */
  openMs: number;
  diagnosticsMs: Latency;
  /** The same edits' checkSource alone, in the same process, reparsing from the version before. */
  recheckMs: Latency;
  /** checkSource of the whole text, parsed from scratch. */
  checkMs: Latency;
  hoverMs: Latency;
  completionMs: Latency;
}

function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], runs: sorted.length };
}

export async function benchLsp(rounds = 24): Promise<LspTimings> {
  const { client, close } = connectInProcess();
  try {
    const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
    client.onNotification(PublishDiagnosticsNotification.type, (p) => waiting.get(p.version ?? -1)?.(p));
    const diagnosticsOf = (version: number) =>
      new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification(InitializedNotification.type, {});

    const uri = 'file:///bench/big.bnn';
    const text = bigModel(5000);
    let doc = TextDocument.create(uri, 'bnn', 1, text);
    const lines = text.split('\n');
    const mid = Math.floor(lines.length / 2);
    const midNode = lines.findIndex((l, i) => i > mid + 1000 && /^ {2}h\d+ = tanh\(/.test(l));
    const nodeLine = lines[midNode];
    const hoverAt = { line: midNode, character: 3 };
    const completeAt = { line: midNode, character: nodeLine.indexOf('@ W') + 2 };
    // The two edits: after the statement on the middle line, and inside the name after '@ ' on the node line.
    const edits = [
      { line: mid, character: lines[mid].length },
      { line: midNode, character: nodeLine.indexOf('@ W') + 3 },
    ];

    let t0 = performance.now();
    const opened = diagnosticsOf(1);
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'bnn', version: 1, text },
    });
    await opened;
    const openMs = performance.now() - t0;

    const diagnostics: number[] = [];
    const hovers: number[] = [];
    const completions: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < rounds; i++) {
      const at = edits[Math.floor(i / 2) % 2];
      const change =
        i % 2 === 0
          ? { range: { start: at, end: at }, text: 'x' }
          : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      texts.push(doc.getText());
      const published = diagnosticsOf(doc.version);
      t0 = performance.now();
      await client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: doc.version },
        contentChanges: [change],
      });
      const p = await published;
      diagnostics.push(performance.now() - t0);
      if ((i % 2 === 0) !== p.diagnostics.length > 0)
        throw new Error(`round ${i}: ${p.diagnostics.length} diagnostics`);

      t0 = performance.now();
      const hover = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
      hovers.push(performance.now() - t0);
      if (!hover) throw new Error('the benchmark hovered on nothing');

      t0 = performance.now();
      const items = await client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: completeAt });
      completions.push(performance.now() - t0);
      if (!Array.isArray(items) || items.length === 0) throw new Error('the benchmark completed nothing');
    }
    const rechecks: number[] = [];
    let previous = checkSource(text, 'big.bnn');
    for (const t of texts) {
      t0 = performance.now();
      previous = checkSource(t, 'big.bnn', previous);
      rechecks.push(performance.now() - t0);
    }
    const checks: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      checkSource(doc.getText(), 'big.bnn');
      checks.push(performance.now() - t0);
    }
    return {
      lines: lines.length,
      openMs,
      diagnosticsMs: latency(diagnostics),
      recheckMs: latency(rechecks),
      checkMs: latency(checks),
      hoverMs: latency(hovers),
      completionMs: latency(completions),
    };
  } finally {
    close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchLsp();
  const show = (l: Latency) => `median ${l.median.toFixed(1)} ms, max ${l.max.toFixed(1)} ms over ${l.runs}`;
  console.log(`lsp: ${r.lines}-line model; open to diagnostics ${r.openMs.toFixed(0)} ms`);
  console.log(`lsp: one-character edit to publishDiagnostics: ${show(r.diagnosticsMs)} (goal < 100 ms)`);
  console.log(`lsp:   of which the front end, reparsing from the version before: ${show(r.recheckMs)}`);
  console.log(`lsp:   (checking the whole text from scratch instead: ${show(r.checkMs)})`);
  console.log(`lsp: hover: ${show(r.hoverMs)} (goal < 20 ms)`);
  console.log(`lsp: completion: ${show(r.completionMs)} (goal < 20 ms)`);
}

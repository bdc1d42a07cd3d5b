// Probe: 10,000 seeded hostile models (scripts/probes/mutate.ts) through the front end. Each must
// be checked without an exception in under a second, with every diagnostic's span inside the
// text; `fmt` must not throw, and where it formats, the formatted text must mean the same model;
// an incremental reparse after a random edit must equal parsing the edited text whole.
//
//   npx tsx scripts/probes/fuzz-models.ts [--count 10000] [--seed 13] [--workers 1] [--limit-s 30]
//
// Each model runs in a child process with a time limit, so that a hang is counted, not fatal.
// Prints the counts and the first findings of each kind; exits 1 when there is any finding.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkSource } from '../../src/lang/front-end.js';
import { formatSource } from '../../src/lang/format/format.js';
import { parse, type ParsedDocument } from '../../src/lang/syntax/parse.js';
import { reparse } from '../../src/lang/incremental/reparse.js';
import { withDataAccess } from '../../src/data/diagnostics.js';
import type { Diagnostic } from '../../src/lang/diagnostics/diagnostic.js';
import { baseModels, fuzzModel, randomEdit, rng } from './mutate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SLOW_MS = 1000;

type Kind = 'crash' | 'slow' | 'span' | 'fmt' | 'reparse' | 'incremental';
interface Finding {
  kind: Kind;
  index: number;
  detail: string;
}
interface Result {
  index: number;
  base: string;
  findings: Finding[];
  ms: number;
}

// ---- the child: checks the models it is sent ----

const SPAN_KEYS = new Set(['span', 'opSpan', 'keywordSpan', 'fnSpan', 'shapeSpan', 'nameSpan', 'keySpan', 'valueSpan']);
const withoutSpans = (v: unknown) =>
  JSON.stringify(v, (k, x: unknown) => (SPAN_KEYS.has(k) || k.endsWith('Span') ? undefined : x));

function comparable(doc: ParsedDocument) {
  try {
    return comparableJson(doc);
  } catch (e) {
    // A tree thousands of levels deep is deeper than JSON.stringify goes: compare the rest.
    if (!(e instanceof RangeError)) throw e;
    return comparableJson({ ...doc, program: { kind: 'program', blocks: [], span: doc.program.span } });
  }
}

function comparableJson(doc: ParsedDocument) {
  return JSON.stringify({
    program: doc.program,
    tokens: doc.tokens.map((t) => [t.image, t.startOffset, t.endOffset, t.tokenType.name]),
    comments: doc.comments.map((t) => [t.image, t.startOffset, t.endOffset]),
    diagnostics: doc.diagnostics,
  });
}

const diagKey = (ds: Diagnostic[]) =>
  JSON.stringify(ds.map((d) => [d.code, d.severity, d.message, d.span.start, d.span.end]));

function badSpans(ds: Diagnostic[], length: number): string | undefined {
  const ok = (s: { start: number; end: number }) =>
    Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length;
  for (const d of ds) {
    if (!ok(d.span)) return `${d.code} span ${JSON.stringify(d.span)} in a text of ${length}`;
    for (const r of d.related)
      if (!ok(r.span)) return `${d.code} related span ${JSON.stringify(r.span)} in a text of ${length}`;
    for (const f of d.fixes)
      for (const e of f.edits)
        if (!ok(e.span)) return `${d.code} fix span ${JSON.stringify(e.span)} in a text of ${length}`;
  }
  return undefined;
}

function probe(index: number, text: string, editSeed: number, modelDir: string): Finding[] {
  const found: Finding[] = [];
  const add = (kind: Kind, detail: string) => found.push({ kind, index, detail: detail.slice(0, 400) });
  const step = <T>(what: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      add('crash', `${what}: ${(e as Error)?.stack?.split('\n').slice(0, 4).join(' | ') ?? String(e)}`);
      return undefined;
    }
  };
  const t0 = performance.now();
  const doc = step('checkSource', () => checkSource(text, path.join(modelDir, 'm.bnn')));
  const ms = performance.now() - t0;
  if (ms > SLOW_MS) add('slow', `checkSource took ${Math.round(ms)} ms on ${text.length} characters`);
  if (!doc) return found;
  const spans = badSpans(doc.diagnostics, text.length);
  if (spans) add('span', spans);
  const access = step('data access', () => withDataAccess(doc, { modelDir, env: {} }));
  if (access) {
    const s = badSpans(access.diagnostics, text.length);
    if (s) add('span', `data access: ${s}`);
  }
  const formatted = step('fmt', () => formatSource(text));
  if (formatted?.text !== undefined) {
    const out = formatted.text;
    const again = step('check of the formatted text', () => checkSource(out));
    if (again) {
      const before = parse(text);
      const after = parse(out);
      if (withoutSpans(after.program) !== withoutSpans(before.program))
        add('fmt', 'the formatted text parses to another tree');
      else if (JSON.stringify(after.tokens.map((t) => t.image)) !== JSON.stringify(before.tokens.map((t) => t.image)))
        add('fmt', 'the formatted text has other tokens');
      const twice = step('fmt of the formatted text', () => formatSource(out));
      if (twice && twice.text !== out) add('fmt', 'fmt is not idempotent');
    }
  }
  const r = rng(editSeed);
  const edited = randomEdit(r, text);
  step('reparse', () => {
    const re = reparse(parse(text), edited);
    if (comparable(re) !== comparable(parse(edited))) add('reparse', `a ${re.how} reparse differs from a whole parse`);
  });
  step('incremental check', () => {
    const inc = checkSource(edited, 'm.bnn', checkSource(text, 'm.bnn'));
    const whole = checkSource(edited, 'm.bnn');
    if (diagKey(inc.diagnostics) !== diagKey(whole.diagnostics))
      add('incremental', 'an incremental check differs from a whole check');
  });
  return found;
}

function child(modelDir: string): void {
  const bases = baseModels(root);
  process.on('message', (m: { index: number; seed: number }) => {
    const { base, text } = fuzzModel(bases, m.seed, m.index);
    const t0 = performance.now();
    const findings = probe(m.index, text, m.seed * 7919 + m.index, modelDir);
    const result: Result = { index: m.index, base, findings, ms: performance.now() - t0 };
    process.send!(result);
  });
  process.on('disconnect', () => process.exit(0));
  process.send!('ready');
}

// ---- the parent: hands out models, times each, counts ----

async function parent(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '13' },
      workers: { type: 'string', default: '1' },
      'limit-s': { type: 'string', default: '30' },
      show: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (values.show !== undefined) {
    // The text of one model, to reproduce a finding: --show INDEX.
    process.stdout.write(fuzzModel(baseModels(root), seed, Number(values.show)).text);
    return 0;
  }
  // The folder the models "live" in, for the data-access check of their read(...) files.
  const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-fuzz-'));
  let reported = 0;
  const limitMs = Number(values['limit-s']) * 1000;
  const counts: Record<Kind | 'hang', number> = {
    crash: 0,
    hang: 0,
    slow: 0,
    span: 0,
    fmt: 0,
    reparse: 0,
    incremental: 0,
  };
  const examples: string[] = [];
  let next = 0;
  let done = 0;
  let slowest = { ms: 0, index: -1 };
  const started = Date.now();
  const note = (kind: Kind | 'hang', index: number, detail: string) => {
    counts[kind]++;
    if (examples.filter((e) => e.startsWith(kind)).length < 5) examples.push(`${kind} #${index}: ${detail}`);
  };

  const runWorker = () =>
    new Promise<void>((resolve) => {
      let proc: ChildProcess;
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const spawn = () => {
        const me = fork(fileURLToPath(import.meta.url), ['--child', modelDir], {
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
        proc = me;
        me.on('message', (r: Result | 'ready') => {
          if (me !== proc) return;
          // A model's time starts once the child has loaded the front end.
          if (r === 'ready') return send();
          // An answer that comes after its model was given up on (counted as a hang) is dropped.
          if (r.index !== current) return;
          clearTimeout(timer);
          done++;
          if (r.ms > slowest.ms) slowest = { ms: r.ms, index: r.index };
          for (const f of r.findings) note(f.kind, f.index, `(${r.base}) ${f.detail}`);
          if (done - reported >= 500 && (reported = done))
            process.stderr.write(`${done}/${count} models, ${Math.round((Date.now() - started) / 1000)} s\n`);
          send();
        });
        me.on('exit', (code, signal) => {
          if (me !== proc) return;
          clearTimeout(timer);
          if (current >= 0 && signal !== 'SIGKILL') {
            // The child died on a model (out of memory, a native crash): a crash, then go on.
            done++;
            note('crash', current, `the checking process exited (${code ?? signal})`);
            current = -1;
            spawn();
          }
        });
      };
      const send = () => {
        if (next >= count) {
          current = -1;
          proc.kill('SIGKILL');
          resolve();
          return;
        }
        current = next++;
        const index = current;
        timer = setTimeout(() => {
          note('hang', index, `no answer in ${limitMs / 1000} s`);
          done++;
          current = -1;
          proc.kill('SIGKILL');
          spawn();
        }, limitMs);
        proc.send({ index, seed });
      };
      spawn();
    });

  await Promise.all(Array.from({ length: Number(values.workers) }, runWorker));
  fs.rmSync(modelDir, { recursive: true, force: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `fuzz-models: ${count} models, seed ${seed}, ${seconds} s; slowest model ${Math.round(slowest.ms)} ms (#${slowest.index})`,
  );
  console.log(
    `crashes ${counts.crash}, hangs ${counts.hang}, checks over 1 s ${counts.slow}, spans outside the text ${counts.span}, fmt mismatches ${counts.fmt}, reparse mismatches ${counts.reparse}, incremental-check mismatches ${counts.incremental}`,
  );
  for (const e of examples) console.log('  ' + e);
  return Object.values(counts).some((n) => n > 0) ? 1 : 0;
}

if (process.argv.includes('--child')) child(process.argv[process.argv.indexOf('--child') + 1]);
else parent().then((code) => (process.exitCode = code));

// Probe: `bnnc run`, `check`, `predict`, `fmt --write` and `fetch` against hostile inputs, each
// in a temporary folder, with a tiny model that fits in about a second:
//   - a secret in an environment variable and in a file outside the model's folder, which must
//     never appear in stdout, stderr or any file written;
//   - data that escapes the folder (../, absolute paths, links, /proc, /dev, a FIFO);
//   - odd data (1e39, 1e300, NaN, empty, one class, ragged, binary);
//   - --out at a file, an input, the model, a dangling link, /proc, /dev/null;
//   - fetch from a local server: a wrong checksum, too big, a redirect to http, a file name
//     that climbs out of the cache;
//   - kill -9 at random times during runs into a folder that holds a complete run: afterwards
//     the folder's manifest (bnnc-run.json) is complete with every file it lists whole, or says
//     complete: false; no temporary files are left once the next run is done.
//
//   npx tsx scripts/probes/hostile-runs.ts [--kills 90] [--seed 13] [--skip-cases]
//
// Counts stack traces, secrets echoed, files written outside the folders allowed, torn or lost
// files, leftover temporary files, exits other than 0, 1 and 2. Exits 1 when any is not 0.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { int, rng } from './mutate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET_ENV = 'S3CRET-ENV-7f3a9c';
const SECRET_FILE = 'S3CRET-FILE-d41b2e';
const built = path.join(root, 'dist/bnnc.js');
const bnncArgs = fs.existsSync(built) ? [built] : ['--import', 'tsx', path.join(root, 'bnnc.ts')];

const counts = {
  runs: 0,
  kills: 0,
  stackTraces: 0,
  secrets: 0,
  badExits: 0,
  escaped: 0,
  torn: 0,
  leftovers: 0,
  unexpected: 0,
  markedIncomplete: 0,
};
const examples: string[] = [];
const example = (kind: string, detail: string) => {
  if (examples.filter((e) => e.startsWith(kind)).length < 6)
    examples.push(`${kind}: ${detail.replace(/\s+/g, ' ').slice(0, 300)}`);
};

const TINY = (train: string, test: string, extra = '') => `model tiny

data {
  columns a, b, label
  train = read(${JSON.stringify(train)})
  test = read(${JSON.stringify(test)})
  x = standardize(a .. b)
  y = label : binary
${extra}}

parameters {
  W0 : [2, 4] ~ Normal(0, 1)
  b0 : [4] ~ Normal(0, 1)
  W1 : [4, 1] ~ Normal(0, 1)
  b1 : [1] ~ Normal(0, 1)
}

model {
  h = relu(x @ W0 + b0)
  y ~ Bernoulli(sigmoid(h @ W1 + b1))
}

infer vi {
  steps 300
  seed 1
}

evaluate test {
  draws 50
  confusion
  uncertainty
}
`;

function rows(n: number, f: (i: number) => [number | string, number | string, number | string]): string {
  return Array.from({ length: n }, (_, i) => f(i).join(',')).join('\n') + '\n';
}
const GOOD = rows(60, (i) => [Math.sin(i) * 2, Math.cos(i * 1.7), Math.sin(i) * 2 + Math.cos(i * 1.7) > 0 ? 1 : 0]);

interface Case {
  name: string;
  args: (dir: string) => string[];
  /** Extra files in the model's folder (name → content; null for a FIFO). */
  files?: Record<string, string | null>;
  /** The user names the secret file on purpose (--allow-any-data, --input): a bad value from it may be quoted. */
  deliberate?: boolean;
  /** Exit codes that are right for this case. */
  exits: number[];
  /** Runs before the case (to make a posterior). */
  before?: (dir: string) => void;
  after?: (dir: string) => string | undefined;
}

/** A folder: model/ (the model and its data) beside secret.txt and home/. */
function setUp(c: Case): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-hostile-'));
  fs.mkdirSync(path.join(dir, 'model'));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.writeFileSync(path.join(dir, 'secret.txt'), `a,b,label\n${SECRET_FILE},1,1\n`);
  fs.writeFileSync(path.join(dir, 'model', 'train.csv'), GOOD);
  fs.writeFileSync(path.join(dir, 'model', 'test.csv'), GOOD);
  fs.writeFileSync(path.join(dir, 'model', 'tiny.bnn'), TINY('train.csv', 'test.csv'));
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const file = path.join(dir, 'model', name);
    if (content === null) spawnSync('mkfifo', [file]);
    else if (content.startsWith('LINK:')) fs.symlinkSync(content.slice(5), file);
    else fs.writeFileSync(file, content);
  }
  return dir;
}

function bnnc(
  dir: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', '10', process.execPath, ...bnncArgs, ...args], {
      cwd: path.join(dir, 'model'),
      env: {
        PATH: process.env.PATH,
        HOME: path.join(dir, 'home'),
        XDG_CACHE_HOME: path.join(dir, 'home', '.cache'),
        PROBE_TOKEN: SECRET_ENV,
        AWS_SECRET_ACCESS_KEY: SECRET_ENV,
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}

/** Every file under `dir`, with its content (links not followed; FIFOs skipped). */
function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** The files as they were before the command: only what it wrote or changed is searched for secrets. */
let before = new Map<string, Buffer>();

function judge(
  c: Case,
  dir: string,
  r: { code: number | null; signal: string | null; out: string; err: string },
): void {
  counts.runs++;
  const both = c.deliberate
    ? (r.out + '\n' + r.err).replace(/"S3CRET-FILE-d41b2e" is not a number/g, '')
    : r.out + '\n' + r.err;
  if (/\n\s+at .+:\d+:\d+\)?/.test(both) || /internal error/i.test(both)) {
    counts.stackTraces++;
    example('stack trace', `${c.name}: ${r.err.slice(0, 300)}`);
  }
  if (both.includes(SECRET_ENV) || both.includes(SECRET_FILE)) {
    counts.secrets++;
    example(
      'secret echoed',
      `${c.name}: ${both.slice(Math.max(0, both.search(/S3CRET/) - 150), both.search(/S3CRET/) + 50)}`,
    );
  }
  for (const [file, content] of filesUnder(dir)) {
    if (before.get(file)?.equals(content)) continue;
    const s = content.toString('latin1');
    if (s.includes(SECRET_ENV) || s.includes(SECRET_FILE)) {
      counts.secrets++;
      example('secret written', `${c.name}: ${path.relative(dir, file)}`);
    }
  }
  if (r.code === null || ![0, 1, 2].includes(r.code)) {
    counts.badExits++;
    example('exit', `${c.name}: ${r.code ?? r.signal} ${r.err.slice(0, 200)}`);
  } else if (!c.exits.includes(r.code)) {
    counts.unexpected++;
    example('unexpected exit', `${c.name}: ${r.code}, expected ${c.exits.join(' or ')}: ${r.err.slice(0, 200)}`);
  }
  const problem = c.after?.(dir);
  if (problem) {
    counts.escaped++;
    example('escaped', `${c.name}: ${problem}`);
  }
}

// ---- the cases ----

const run =
  (...more: string[]) =>
  (_dir: string) => ['run', 'tiny.bnn', '--no-report', '--quiet', ...more];
const withData = (name: string, train: string, test = 'test.csv', extra = ''): Case => ({
  name,
  files: { 'tiny.bnn': TINY(train, test, extra) },
  args: run(),
  exits: [1],
});

function dataCases(dir0: string): Case[] {
  const secret = path.join(dir0, 'secret.txt');
  const escapes: Case[] = [
    withData('read ../secret.txt', '../secret.txt'),
    withData('read an absolute path outside', secret),
    withData('read /proc/self/environ', '/proc/self/environ'),
    withData('read /proc/self/cmdline', '/proc/self/cmdline'),
    withData('read /etc/passwd', '/etc/passwd'),
    withData('read ../../../../../../etc/passwd', '../../../../../../etc/passwd'),
    withData('read /dev/zero', '/dev/zero'),
    withData('read /dev/stdin', '/dev/stdin'),
    {
      ...withData('read a link to the secret', 'link.csv'),
      files: { 'tiny.bnn': TINY('link.csv', 'test.csv'), 'link.csv': 'LINK:../secret.txt' },
    },
    {
      ...withData('read a link to /proc/self/environ', 'env.csv'),
      files: { 'tiny.bnn': TINY('env.csv', 'test.csv'), 'env.csv': 'LINK:/proc/self/environ' },
    },
    { ...withData('read a FIFO', 'fifo.csv'), files: { 'tiny.bnn': TINY('fifo.csv', 'test.csv'), 'fifo.csv': null } },
    { ...withData('read a folder', 'sub'), files: { 'tiny.bnn': TINY('.', 'test.csv') } },
    withData('read ~/.bashrc', '~/.bashrc'),
    withData('read file:///etc/passwd', 'file:///etc/passwd'),
    {
      ...withData('--allow-any-data on the secret: read on purpose', '../secret.txt'),
      args: run('--allow-any-data'),
      deliberate: true,
    },
    { ...withData('check of ../secret.txt', '../secret.txt'), args: () => ['check', 'tiny.bnn'] },
    {
      ...withData('check --json of /proc/self/environ', '/proc/self/environ'),
      args: () => ['check', '--json', 'tiny.bnn'],
    },
    { ...withData('--data-dir / then /proc/self/environ', 'proc/self/environ'), args: run('--data-dir', '/') },
  ];
  const odd = (name: string, csv: string, exits = [0, 1]): Case => ({
    name,
    files: { 'odd.csv': csv, 'tiny.bnn': TINY('odd.csv', 'odd.csv') },
    args: run(),
    exits,
  });
  const values: Case[] = [
    odd(
      '1e39 in a column',
      rows(40, (i) => [i % 2 ? 1e39 : i, i, i % 2]),
    ),
    odd(
      '1e300 in a column',
      rows(40, (i) => [i % 3 ? 1e300 : -1e300, i, i % 2]),
    ),
    odd(
      '1e309 (overflows to Infinity)',
      rows(40, (i) => [i === 3 ? '1e309' : i, i, i % 2]),
      [1],
    ),
    odd(
      'NaN in a column',
      rows(40, (i) => [i === 5 ? 'NaN' : i, i, i % 2]),
      [1],
    ),
    odd(
      'Infinity in a column',
      rows(40, (i) => [i === 5 ? 'Infinity' : i, i, i % 2]),
      [1],
    ),
    odd('an empty file', '', [1]),
    odd('only a newline', '\n', [1]),
    odd('one row', '1,2,1\n', [0, 1]),
    odd(
      'one class',
      rows(40, (i) => [i, i * 2, 1]),
      [0, 1],
    ),
    odd(
      'a constant column',
      rows(40, (i) => [3, i, i % 2]),
      [0, 1],
    ),
    odd(
      'label 2 in a binary target',
      rows(40, (i) => [i, i, i % 3]),
      [1],
    ),
    odd('ragged rows', rows(40, (i) => [i, i, i % 2]) + '1,2\n', [1]),
    odd(
      'words in a number column',
      rows(40, (i) => [i === 7 ? 'abc' : i, i, i % 2]),
      [1],
    ),
    odd('binary garbage', String.fromCharCode(...Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)), [1]),
    odd('a 1 MB line', 'x'.repeat(1_000_000) + '\n', [1]),
    odd('a byte-order mark and CRLF', '\ufeff' + rows(40, (i) => [i, i, i % 2]).replace(/\n/g, '\r\n'), [0, 1]),
    odd(
      '-0 and 9007199254740993',
      rows(40, (i) => [i % 2 ? '-0' : '9007199254740993', i, i % 2]),
      [0, 1],
    ),
    {
      ...odd('the secret as a column value', rows(40, (i) => [i, i, i % 2]) + `${SECRET_FILE},1,1\n`, [1]),
      deliberate: true,
    },
  ];
  return [...escapes, ...values];
}

function outCases(): Case[] {
  const manifestOk = (dir: string) => {
    const m = path.join(dir, 'model', 'tiny.bnn');
    return fs.readFileSync(m, 'utf8').startsWith('model tiny') &&
      fs.readFileSync(path.join(dir, 'model', 'train.csv'), 'utf8') === GOOD
      ? undefined
      : 'an input was overwritten';
  };
  const outAt = (
    name: string,
    target: (dir: string) => string,
    exits = [1],
    files?: Record<string, string | null>,
  ): Case => ({
    name,
    files,
    args: (dir) => ['run', 'tiny.bnn', '--no-report', '--quiet', '--out', target(dir)],
    exits,
    after: manifestOk,
  });
  return [
    outAt('--out at a file', (d) => path.join(d, 'model', 'test.csv')),
    outAt('--out at the model', (d) => path.join(d, 'model', 'tiny.bnn')),
    outAt('--out at a dangling link', () => 'dangling', [1], { dangling: 'LINK:/nonexistent/x' }),
    outAt('--out at /proc/self', () => '/proc/self'),
    outAt('--out under /proc', () => '/proc/self/bnnc-out'),
    outAt('--out at /dev/null', () => '/dev/null'),
    outAt('--out under /sys', () => '/sys/bnnc-out'),
    outAt('--out under a file', (d) => path.join(d, 'model', 'train.csv', 'sub')),
    outAt('--out a link to the model folder', () => 'here', [0], { here: 'LINK:.' }),
    outAt('--out at an empty name', () => '', [1, 2]),
  ];
}

function predictCases(): Case[] {
  const make = (dir: string) => {
    spawnSync(
      'nice',
      ['-n', '10', process.execPath, ...bnncArgs, 'run', 'tiny.bnn', '--no-report', '--quiet', '--out', 'r'],
      { cwd: path.join(dir, 'model') },
    );
  };
  const predict = (name: string, args: string[], exits: number[], files?: Record<string, string | null>): Case => ({
    name,
    files,
    before: make,
    args: () => ['predict', 'tiny.bnn', ...args],
    exits,
    after: (dir) =>
      fs.readFileSync(path.join(dir, 'model', 'test.csv'), 'utf8') === GOOD &&
      fs.existsSync(path.join(dir, 'model', 'r', 'posterior.json'))
        ? undefined
        : 'an input or the posterior was overwritten',
  });
  const P = ['--posterior', 'r/posterior.json'];
  const IN =
    'a,b\n' +
    GOOD.split('\n')
      .filter(Boolean)
      .map((l) => l.split(',').slice(0, 2).join(','))
      .join('\n') +
    '\n';
  return [
    predict('predict (good)', [...P, '--input', 'in.csv'], [0], { 'in.csv': IN }),
    {
      ...predict('predict --input ../secret.txt, on purpose', [...P, '--input', '../secret.txt'], [1]),
      deliberate: true,
    },
    predict('predict --input /proc/self/environ', [...P, '--input', '/proc/self/environ'], [1]),
    predict('predict --input a FIFO', [...P, '--input', 'fifo.csv'], [1], { 'fifo.csv': null }),
    predict('predict --posterior ../secret.txt', ['--posterior', '../secret.txt', '--input', 'test.csv'], [1]),
    predict(
      'predict --posterior /proc/self/environ',
      ['--posterior', '/proc/self/environ', '--input', 'test.csv'],
      [1],
    ),
    predict('predict --posterior the model', ['--posterior', 'tiny.bnn', '--input', 'test.csv'], [1]),
    predict('predict --out at its input', [...P, '--input', 'test.csv', '--out', 'test.csv'], [1, 2]),
    predict('predict --out at its posterior', [...P, '--input', 'test.csv', '--out', 'r/posterior.json'], [1, 2]),
    predict('predict --out at the model', [...P, '--input', 'test.csv', '--out', 'tiny.bnn'], [1, 2]),
    predict('predict --out at a link to its input', [...P, '--input', 'test.csv', '--out', 'l.csv'], [1, 2], {
      'l.csv': 'LINK:test.csv',
    }),
    predict('predict --out /proc/self/environ', [...P, '--input', 'test.csv', '--out', '/proc/self/environ'], [1]),
    predict('predict --out a folder', [...P, '--input', 'test.csv', '--out', 'r'], [1]),
    predict('predict --input with 1e39 and NaN', [...P, '--input', 'odd.csv'], [0, 1], {
      'odd.csv': '1e39,NaN,1\n1e300,-1e300,0\n',
    }),
    predict('predict --input empty', [...P, '--input', 'empty.csv'], [1], { 'empty.csv': '' }),
  ];
}

function fmtCases(): Case[] {
  const fmt = (
    name: string,
    args: string[],
    exits: number[],
    files?: Record<string, string | null>,
    after?: Case['after'],
  ): Case => ({ name, files, args: () => ['fmt', ...args], exits, after });
  const same = (file: string, content: string) => (dir: string) =>
    fs.readFileSync(path.join(dir, file), 'utf8') === content ? undefined : `${file} changed`;
  const broken = 'model m\ndata {\n  x = = \n';
  return [
    fmt(
      'fmt --write a file with syntax errors',
      ['--write', 'b.bnn'],
      [1],
      { 'b.bnn': broken },
      same('model/b.bnn', broken),
    ),
    fmt(
      'fmt --write through a link outside the folder',
      ['--write', 'l.bnn'],
      [0, 1],
      { 'l.bnn': 'LINK:../secret.txt' },
      same('secret.txt', `a,b,label\n${SECRET_FILE},1,1\n`),
    ),
    fmt('fmt --write /proc/self/environ', ['--write', '/proc/self/environ'], [1]),
    fmt('fmt --write a folder', ['--write', '.'], [1, 2]),
    fmt('fmt --write a FIFO', ['--write', 'f.bnn'], [2], { 'f.bnn': null }),
    fmt('fmt --write /dev/null', ['--write', '/dev/null'], [0, 1, 2]),
    fmt('fmt --write a missing file', ['--write', 'nope.bnn'], [2]),
    fmt('fmt --check /proc/self/environ', ['--check', '/proc/self/environ'], [1]),
    fmt('fmt of a NUL-filled file', ['--write', 'z.bnn'], [1], { 'z.bnn': '\0'.repeat(10000) }),
    fmt('fmt --write a 5 MB file', ['--write', 'big.bnn'], [0, 1], {
      'big.bnn': TINY('train.csv', 'test.csv').repeat(1) + '// x\n'.repeat(1_000_000),
    }),
  ];
}

function fetchCases(port: number): Case[] {
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;
  const HASH = 'a'.repeat(64);
  const src = (file: string, u: string, sha = HASH) =>
    `  source ${JSON.stringify(file)}\n    url ${JSON.stringify(u)}\n    sha256 ${JSON.stringify(sha)}\n`;
  const fetch = (name: string, extra: string, args: string[] = [], exits = [1], after?: Case['after']): Case => ({
    name,
    files: { 'tiny.bnn': TINY('train.csv', 'test.csv', extra) },
    args: () => ['fetch', 'tiny.bnn', '--timeout', '3', ...args],
    exits,
    after,
  });
  const nothingOutside = (dir: string) =>
    fs.existsSync(path.join(dir, 'pwned.csv')) || fs.existsSync('/tmp/bnnc-pwned.csv')
      ? 'fetch wrote outside its cache'
      : undefined;
  return [
    fetch('fetch a wrong checksum', src('train.csv', url('/good'))),
    fetch('fetch a file too big', src('train.csv', url('/big')), ['--max-data-mb', '1']),
    fetch('fetch a redirect to http', src('train.csv', url('/redirect'))),
    fetch('fetch a redirect loop', src('train.csv', url('/loop'))),
    fetch('fetch a slow server', src('train.csv', url('/slow'))),
    fetch('fetch a 500', src('train.csv', url('/error'))),
    fetch(
      'fetch a file name that climbs out of the cache',
      src('../../../pwned.csv', url('/good')),
      [],
      [1],
      nothingOutside,
    ),
    fetch('fetch an absolute file name', src('/tmp/bnnc-pwned.csv', url('/good')), [], [1], nothingOutside),
    fetch('fetch a closed port', src('train.csv', 'http://127.0.0.1:1/x')),
    fetch('fetch file:// (refused by the checker)', src('train.csv', 'file:///etc/passwd')),
    fetch('fetch --cache-dir at a file', src('train.csv', url('/good')), ['--cache-dir', 'test.csv']),
    fetch('fetch --cache-dir under /proc', src('train.csv', url('/good')), ['--cache-dir', '/proc/self/x']),
  ];
}

function server(): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    if (req.url === '/good') res.end(GOOD);
    else if (req.url === '/big') {
      res.writeHead(200);
      const chunk = Buffer.alloc(65536, 49);
      let n = 0;
      const more = () => {
        while (n++ < 40) if (!res.write(chunk)) return res.once('drain', more);
        res.end();
      };
      more();
    } else if (req.url === '/redirect')
      res.writeHead(302, { location: `http://127.0.0.1:${(s.address() as { port: number }).port}/good` }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/slow') {
      res.writeHead(200);
      const t = setInterval(() => res.write('1'), 500);
      res.on('close', () => clearInterval(t));
    } else res.writeHead(500).end('boom');
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

// ---- kill -9 ----

async function killCase(i: number, seed: number, template: string): Promise<void> {
  const r = rng(seed * 1_000_003 + i);
  const dir = setUp({ name: 'kill', args: () => [], exits: [] });
  const out = path.join(dir, 'model', 'out');
  fs.cpSync(template, out, { recursive: true });
  fs.writeFileSync(path.join(out, 'mine.txt'), 'the author’s own file');
  const args = [
    '-n',
    '10',
    process.execPath,
    ...bnncArgs,
    'run',
    'tiny.bnn',
    '--quiet',
    '--out',
    'out',
    ...(r() < 0.5 ? ['--no-report'] : []),
  ];
  const child = spawn('nice', args, { cwd: path.join(dir, 'model'), stdio: 'ignore', detached: false });
  // Listened for at once: a run may end by itself before the kill.
  const closed = new Promise((res) => child.on('close', res));
  const delay = 200 + int(r, 2200);
  await new Promise((res) => setTimeout(res, delay));
  // nice execs node, so the child's pid is node's.
  child.kill('SIGKILL');
  await closed;
  counts.kills++;
  const problems = inspectRun(out, false);
  if (problems.length) {
    counts.torn++;
    example('torn', `kill after ${delay} ms: ${problems.join('; ')}`);
  }
  // The next run must finish the folder cleanly.
  before = filesUnder(dir);
  const next = await bnnc(dir, ['run', 'tiny.bnn', '--quiet', '--no-report', '--out', 'out']);
  judge({ name: `run after a kill at ${delay} ms`, args: () => [], exits: [0] }, dir, next);
  const after = inspectRun(out, true);
  if (after.length) {
    counts.leftovers++;
    example('after the next run', after.join('; '));
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** What is wrong with a run folder: torn files, missing files, leftovers (a complete folder only). */
function inspectRun(out: string, mustBeComplete: boolean): string[] {
  const problems: string[] = [];
  if (fs.readFileSync(path.join(out, 'mine.txt'), 'utf8') !== 'the author’s own file')
    problems.push('the author’s file was changed');
  let m: { complete?: boolean; files?: string[] };
  try {
    m = JSON.parse(fs.readFileSync(path.join(out, 'bnnc-run.json'), 'utf8'));
  } catch (e) {
    return [...problems, `bnnc-run.json: ${(e as Error).message}`];
  }
  for (const f of m.files ?? []) {
    const p = path.join(out, f);
    if (!fs.existsSync(p)) {
      if (m.complete) problems.push(`${f} listed but missing`);
      continue;
    }
    if (f.endsWith('.json')) {
      try {
        JSON.parse(fs.readFileSync(p, 'utf8'));
      } catch {
        problems.push(`${f} is not whole JSON`);
      }
    }
  }
  if (!m.complete) {
    counts.markedIncomplete++;
    if (mustBeComplete) problems.push('not marked complete after a finished run');
  }
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(out, path.join(d, e.name))]));
  const temps = walk(out).filter((f) => /(^|\/)\..*\.tmp$|\.figures-new-/.test(f));
  if (temps.length && mustBeComplete) problems.push(`temporary files left: ${temps.slice(0, 3).join(', ')}`);
  return problems;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '90' },
      seed: { type: 'string', default: '13' },
      'skip-cases': { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  const srv = await server();
  const port = (srv.address() as { port: number }).port;
  const probeDir = setUp({ name: 'probe', args: () => [], exits: [] });
  const cases = values['skip-cases']
    ? []
    : [...dataCases(probeDir), ...outCases(), ...predictCases(), ...fmtCases(), ...fetchCases(port)];
  fs.rmSync(probeDir, { recursive: true, force: true });
  for (const c of cases) {
    const dir = setUp(c);
    // Paths that name the probe's first folder are rewritten to this case's folder.
    c.before?.(dir);
    const args = c.args(dir).map((a) => a.replace(probeDir, dir));
    const files = c.files
      ? Object.fromEntries(Object.entries(c.files).map(([k, v]) => [k, v?.replace(probeDir, dir) ?? null]))
      : undefined;
    if (files?.['tiny.bnn']) fs.writeFileSync(path.join(dir, 'model', 'tiny.bnn'), files['tiny.bnn']);
    before = filesUnder(dir);
    judge(c, dir, await bnnc(dir, args));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // A complete run to start each kill from.
  const templateDir = setUp({ name: 'template', args: () => [], exits: [] });
  before = filesUnder(templateDir);
  const first = await bnnc(templateDir, ['run', 'tiny.bnn', '--quiet', '--out', 'out']);
  judge({ name: 'the template run', args: () => [], exits: [0] }, templateDir, first);
  const kills = Number(values.kills);
  for (let i = 0; i < kills; i++) await killCase(i, Number(values.seed), path.join(templateDir, 'model', 'out'));
  fs.rmSync(templateDir, { recursive: true, force: true });
  srv.close();
  console.log(
    `hostile-runs: ${counts.runs} runs (${cases.length} hostile cases, ${kills} runs after a kill) and ${counts.kills} kill -9s, ${Math.round((Date.now() - started) / 1000)} s`,
  );
  console.log(
    `stack traces ${counts.stackTraces}, secrets echoed ${counts.secrets}, exits other than 0/1/2 ${counts.badExits}, unexpected exits ${counts.unexpected}, ` +
      `files escaped or overwritten ${counts.escaped}, torn or lost files ${counts.torn}, leftovers after the next run ${counts.leftovers}; folders marked incomplete after a kill ${counts.markedIncomplete}`,
  );
  for (const e of examples) console.log('  ' + e);
  const bad =
    counts.stackTraces +
    counts.secrets +
    counts.badExits +
    counts.unexpected +
    counts.escaped +
    counts.torn +
    counts.leftovers;
  return bad > 0 ? 1 : 0;
}

main().then((code) => (process.exitCode = code));

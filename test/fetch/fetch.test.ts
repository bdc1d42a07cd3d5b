// fetchFiles against a small HTTP server on 127.0.0.1 (random port) that this test starts.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchFiles } from '../../src/runtime/fetch.js';

const BODY = Buffer.from('0.1 1.1 -102.5 58.6 -117.7 0.48 0.21 0.29 0\n'.repeat(50));
const SHA = createHash('sha256').update(BODY).digest('hex');
const WRONG = 'f'.repeat(64);

let server: http.Server;
let base: string;
const stalled: http.ServerResponse[] = [];
const dripping: NodeJS.Timeout[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/data.txt') res.end(BODY);
    else if (req.url === '/endless') {
      // A body that never ends, as fast as the client reads it.
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    } else if (req.url === '/huge') {
      res.writeHead(200, { 'content-length': String(2 ** 40) }); // 1 TiB announced, then nothing
      res.flushHeaders();
      stalled.push(res);
    } else if (req.url === '/redirect-http') {
      res.writeHead(302, { location: '/data.txt' });
      res.end();
    } else if (req.url === '/stall')
      stalled.push(res); // accepted, never answered
    else if (req.url === '/drip') {
      // Answers at once, then sends a byte every 20 ms: never idle, never done.
      res.writeHead(200);
      let sent = 0;
      const t = setInterval(() => {
        if (++sent > 500) {
          clearInterval(t);
          res.end();
        } else res.write('x');
      }, 20);
      dripping.push(t);
    } else {
      res.statusCode = 404;
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of dripping) clearInterval(t);
  for (const r of stalled) r.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const dirs: string[] = [];
function cacheDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-fetch-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length > 0) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Every file under dir, relative to it. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FetchError) return e;
    throw e;
  }
  throw new Error('expected a FetchError');
}

describe('fetchFiles', () => {
  it('downloads, verifies and stores a file under its relative name, then skips it when present', async () => {
    const dir = cacheDir();
    const spec = { file: 'rupture/rupturemodel_train.txt', url: `${base}/data.txt`, sha256: SHA.toUpperCase() };
    const first = await fetchFiles([spec], { cacheDir: dir });
    expect(first).toEqual([
      {
        file: spec.file,
        path: path.join(dir, 'rupture/rupturemodel_train.txt'),
        status: 'downloaded',
        bytes: BODY.length,
      },
    ]);
    expect(fs.readFileSync(first[0].path).equals(BODY)).toBe(true);
    expect(listFiles(dir)).toEqual(['rupture/rupturemodel_train.txt']);

    const second = await fetchFiles([spec], { cacheDir: dir });
    expect(second[0].status).toBe('present');
  });

  it('replaces a cached file whose checksum is wrong', async () => {
    const dir = cacheDir();
    fs.mkdirSync(path.join(dir, 'r'));
    fs.writeFileSync(path.join(dir, 'r/f.txt'), 'corrupted');
    const [out] = await fetchFiles([{ file: 'r/f.txt', url: `${base}/data.txt`, sha256: SHA }], { cacheDir: dir });
    expect(out.status).toBe('downloaded');
    expect(fs.readFileSync(path.join(dir, 'r/f.txt')).equals(BODY)).toBe(true);
  });

  it('keeps nothing when the checksum is wrong, and says expected and got', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 'r/f.txt', url: `${base}/data.txt`, sha256: WRONG }], { cacheDir: dir }),
    );
    expect(err.failures).toHaveLength(1);
    expect(err.message).toContain(`expected SHA-256 ${WRONG}, got ${SHA}`);
    expect(err.message).toContain('nothing was kept');
    expect(listFiles(dir)).toEqual([]);
  });

  it('names the address and status of a 404, and still fetches the other files', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles(
        [
          { file: 'missing.txt', url: `${base}/missing.txt`, sha256: SHA },
          { file: 'ok.txt', url: `${base}/data.txt`, sha256: SHA },
        ],
        { cacheDir: dir },
      ),
    );
    expect(err.failures.map((f) => f.file)).toEqual(['missing.txt']);
    expect(err.message).toContain(`the server answered 404 Not Found for ${base}/missing.txt`);
    expect(err.done.map((d) => d.file)).toEqual(['ok.txt']);
    expect(listFiles(dir)).toEqual(['ok.txt']);
  });

  it('times out a connection that is accepted but never answered', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 's.txt', url: `${base}/stall`, sha256: SHA }], {
        cacheDir: dir,
        idleTimeoutMs: 300,
        timeoutMs: 10_000,
      }),
    );
    expect(err.message).toContain(`the connection to ${base}/stall stalled: nothing arrived for 300 ms`);
    expect(listFiles(dir)).toEqual([]);
  });

  it('bounds the whole download even while bytes keep arriving', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 'd.txt', url: `${base}/drip`, sha256: SHA }], {
        cacheDir: dir,
        idleTimeoutMs: 2_000,
        timeoutMs: 400,
      }),
    );
    expect(err.message).toContain(`downloading ${base}/drip took longer than 400 ms`);
    expect(listFiles(dir)).toEqual([]);
  });

  it('refuses names that would leave the cache and malformed checksums', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles(
        [
          { file: '../escape.txt', url: `${base}/data.txt`, sha256: SHA },
          { file: '/abs.txt', url: `${base}/data.txt`, sha256: SHA },
          { file: 'ok.txt', url: `${base}/data.txt`, sha256: 'abc' },
        ],
        { cacheDir: dir },
      ),
    );
    expect(err.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/cannot be stored in the data cache/),
      expect.stringMatching(/cannot be stored in the data cache/),
      expect.stringMatching(/"abc" is not a SHA-256/),
    ]);
    expect(listFiles(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '../escape.txt'))).toBe(false);
  });

  it('streams to disk and stops a body that never ends at the size limit, keeping nothing', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 'e.txt', url: `${base}/endless`, sha256: SHA }], {
        cacheDir: dir,
        maxBytes: 2 * 1024 * 1024,
      }),
    );
    expect(err.message).toContain(
      `${base}/endless sent more than 2.0 MB, the limit; nothing was kept. Pass --max-data-mb N`,
    );
    expect(listFiles(dir)).toEqual([]);
  });

  it('refuses a Content-Length over the limit before reading the body', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 'h.txt', url: `${base}/huge`, sha256: SHA }], { cacheDir: dir, idleTimeoutMs: 5_000 }),
    );
    expect(err.message).toMatch(/huge is 1048576 MB, over the limit of 512 MB; nothing was downloaded/);
    expect(listFiles(dir)).toEqual([]);
  });

  it('follows a redirect only to an https address', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 'r.txt', url: `${base}/redirect-http`, sha256: SHA }], { cacheDir: dir }),
    );
    expect(err.message).toContain(`${base}/redirect-http redirects to ${base}/data.txt, which is not https`);
    expect(listFiles(dir)).toEqual([]);
  });

  it('says how to point at local data when the host cannot be reached', async () => {
    const dir = cacheDir();
    const err = await failure(
      fetchFiles([{ file: 'o.txt', url: 'http://bnnc-test.invalid/data.txt', sha256: SHA }], {
        cacheDir: dir,
        timeoutMs: 10_000,
      }),
    );
    expect(err.message).toMatch(
      /could not download http:\/\/bnnc-test\.invalid\/data\.txt: E[A-Z_]+\. Without a network, point bnnc at a copy of the data instead: BNN_DATA_PATH=FOLDER \(or --data-dir FOLDER\)/,
    );
  });

  it('stores into $XDG_CACHE_HOME/bnnc/data by default', async () => {
    const xdg = cacheDir();
    const [out] = await fetchFiles([{ file: 'a/b.txt', url: `${base}/data.txt`, sha256: SHA }], {
      env: { XDG_CACHE_HOME: xdg },
    });
    expect(out.path).toBe(path.join(xdg, 'bnnc/data/a/b.txt'));
  });
});

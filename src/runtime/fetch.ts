// Downloading a model's data files into the data cache (what `bnnc fetch` does).
//
//   fetchFiles(specs, options) → FetchOutcome[] for each spec, in order
//       Each file is downloaded with Node's fetch, its SHA-256 checked, and stored atomically
//       at CACHE/<file> (CACHE: options.cacheDir, default dataCacheDir(env)), so the data path
//       finds it under the name the model uses. A file already there with the right checksum is
//       not downloaded again. Every spec is tried; if any failed, a FetchError lists the
//       failures (the files that did succeed are kept).
//
// Timeouts: timeoutMs bounds a whole download; idleTimeoutMs bounds each wait for the server
// (for the response, then for each piece of the body), so a stalled connection fails early.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { dataCacheDir, type Env } from './datapath.js';

export interface FetchSpec {
  /** The file's name as the model writes it, e.g. "rupture/rupturemodel_train.txt". */
  file: string;
  url: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface FetchOptions {
  cacheDir?: string;
  /** For the default cache folder; default process.env. */
  env?: Env;
  /** Limit for one whole download; default 60 s. */
  timeoutMs?: number;
  /** Limit for any one wait on the server; default 20 s. */
  idleTimeoutMs?: number;
  /** Called as each file is done, for progress output. */
  onFile?: (outcome: FetchOutcome) => void;
}

export interface FetchOutcome {
  file: string;
  /** Where it is stored. */
  path: string;
  /** 'present': already there with the right checksum, not downloaded. */
  status: 'downloaded' | 'present';
  bytes: number;
}

export interface FetchFailure {
  file: string;
  url: string;
  message: string;
}

/** One or more files could not be fetched. The message is for users as is. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly failures: FetchFailure[],
    readonly done: FetchOutcome[],
  ) {
    super(
      [`could not fetch ${failures.length} file${failures.length === 1 ? '' : 's'}:`, ...failures.map((f) => `  ${f.file}: ${f.message}`)].join('\n'),
    );
  }
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 20_000;

export async function fetchFiles(specs: FetchSpec[], options: FetchOptions = {}): Promise<FetchOutcome[]> {
  const cacheDir = path.resolve(options.cacheDir ?? dataCacheDir(options.env ?? process.env));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const done: FetchOutcome[] = [];
  const failures: FetchFailure[] = [];
  for (const spec of specs) {
    try {
      const outcome = await fetchOne(spec, cacheDir, timeoutMs, idleTimeoutMs);
      done.push(outcome);
      options.onFile?.(outcome);
    } catch (err) {
      failures.push({ file: spec.file, url: spec.url, message: err instanceof FetchProblem ? err.message : `${(err as Error).message}` });
    }
  }
  if (failures.length > 0) throw new FetchError(failures, done);
  return done;
}

/** A failure whose message is already worded for the user. */
class FetchProblem extends Error {}

async function fetchOne(spec: FetchSpec, cacheDir: string, timeoutMs: number, idleTimeoutMs: number): Promise<FetchOutcome> {
  const dest = destination(cacheDir, spec.file);
  const expected = spec.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new FetchProblem(`"${spec.sha256}" is not a SHA-256 (64 hex digits)`);
  if (!/^https?:\/\//i.test(spec.url)) throw new FetchProblem(`${spec.url} is not an http(s) address`);

  const existing = await sha256OfFile(dest);
  if (existing?.hash === expected) return { file: spec.file, path: dest, status: 'present', bytes: existing.bytes };

  const body = await download(spec.url, timeoutMs, idleTimeoutMs);
  const got = createHash('sha256').update(body).digest('hex');
  if (got !== expected) {
    throw new FetchProblem(
      `checksum mismatch for ${spec.url}: expected SHA-256 ${expected}, got ${got} (${body.length} bytes); nothing was kept. ` +
        'The file at that address is not the one the model was written for: check the address and checksum in the model.',
    );
  }
  await writeFileAtomic(dest, body);
  return { file: spec.file, path: dest, status: 'downloaded', bytes: body.length };
}

/** CACHE/<file>, refusing names that would land outside the cache. */
function destination(cacheDir: string, file: string): string {
  const parts = file.split(/[\\/]/);
  if (path.isAbsolute(file) || file === '' || parts.some((p) => p === '..' || p === '')) {
    throw new FetchProblem(`"${file}" cannot be stored in the data cache: a fetched file needs a relative name without ".." or empty parts`);
  }
  return path.join(cacheDir, ...parts);
}

async function download(url: string, timeoutMs: number, idleTimeoutMs: number): Promise<Buffer> {
  const overall = AbortSignal.timeout(timeoutMs);
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleTimeoutMs);
  };
  const signal = AbortSignal.any([overall, idle.signal]);
  arm();
  try {
    const res = await fetch(url, { signal, redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchProblem(`the server answered ${res.status}${res.statusText ? ' ' + res.statusText : ''} for ${url}; check the address in the model`);
    }
    const chunks: Uint8Array[] = [];
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        arm();
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    }
    return Buffer.concat(chunks);
  } catch (err) {
    if (err instanceof FetchProblem) throw err;
    if (idle.signal.aborted) {
      throw new FetchProblem(`the connection to ${url} stalled: nothing arrived for ${seconds(idleTimeoutMs)}; try again later, or check the network`);
    }
    if (overall.aborted) {
      throw new FetchProblem(`downloading ${url} took longer than ${seconds(timeoutMs)}; try again, or allow more time`);
    }
    const cause = (err as { cause?: { message?: string; code?: string } }).cause;
    throw new FetchProblem(`could not download ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

async function sha256OfFile(file: string): Promise<{ hash: string; bytes: number } | undefined> {
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of fs.createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { hash: hash.digest('hex'), bytes };
  } catch {
    return undefined;
  }
}

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
//
// The body is streamed to a temporary file beside the target while it is hashed, never held in
// memory; a body over maxBytes (a Content-Length over it is refused before anything is read)
// or with the wrong checksum leaves nothing behind. Redirects are followed (at most 5) only to
// https addresses.

import { fetchProblemText, R, RunError, type FetchProblem } from '../lang/diagnostics/run-messages.js';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AtomicWriter } from './atomic.js';
import { DEFAULT_MAX_DATA_MB, megabytes } from '../data/access.js';
import { dataCacheDir, type Env } from '../data/datapath.js';

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
  /** The largest file downloaded, in bytes; default DEFAULT_MAX_DATA_MB MiB. */
  maxBytes?: number;
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
export class FetchError extends RunError {
  override readonly name = 'FetchError';
  constructor(
    readonly failures: FetchFailure[],
    readonly done: FetchOutcome[],
  ) {
    super(R.fetchFailed(failures.map((f) => `  ${f.file}: ${f.message}`)));
  }
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 20_000;
const MAX_REDIRECTS = 5;

interface Limits {
  timeoutMs: number;
  idleTimeoutMs: number;
  maxBytes: number;
}

export async function fetchFiles(specs: FetchSpec[], options: FetchOptions = {}): Promise<FetchOutcome[]> {
  const cacheDir = path.resolve(options.cacheDir ?? dataCacheDir(options.env ?? process.env));
  const limits: Limits = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_DATA_MB * 1024 * 1024,
  };
  const done: FetchOutcome[] = [];
  const failures: FetchFailure[] = [];
  for (const spec of specs) {
    try {
      const outcome = await fetchOne(spec, cacheDir, limits);
      done.push(outcome);
      options.onFile?.(outcome);
    } catch (err) {
      failures.push({ file: spec.file, url: spec.url, message: (err as Error).message });
    }
  }
  if (failures.length > 0) throw new FetchError(failures, done);
  return done;
}

/** One file's failure, worded by the catalog. */
class FetchFailureError extends Error {
  constructor(problem: FetchProblem) {
    super(fetchProblemText(problem));
  }
}

async function fetchOne(spec: FetchSpec, cacheDir: string, limits: Limits): Promise<FetchOutcome> {
  const dest = destination(cacheDir, spec.file);
  const expected = spec.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new FetchFailureError({ kind: 'notSha256', sha256: spec.sha256 });
  if (!/^https?:\/\//i.test(spec.url)) throw new FetchFailureError({ kind: 'notHttp', url: spec.url });

  const existing = await sha256OfFile(dest);
  if (existing?.hash === expected) return { file: spec.file, path: dest, status: 'present', bytes: existing.bytes };

  const out = await AtomicWriter.open(dest);
  let got: { hash: string; bytes: number };
  try {
    got = await download(spec.url, limits, out);
  } catch (err) {
    await out.abort();
    throw err;
  }
  if (got.hash !== expected) {
    await out.abort();
    throw new FetchFailureError({ kind: 'checksum', url: spec.url, expected, got: got.hash, bytes: got.bytes });
  }
  await out.commit();
  return { file: spec.file, path: dest, status: 'downloaded', bytes: got.bytes };
}

/** CACHE/<file>, refusing names that would land outside the cache. */
function destination(cacheDir: string, file: string): string {
  const parts = file.split(/[\\/]/);
  if (path.isAbsolute(file) || file === '' || parts.some((p) => p === '..' || p === '')) {
    throw new FetchFailureError({ kind: 'badName', file });
  }
  return path.join(cacheDir, ...parts);
}

/** Streams the body at `url` into `out`, hashing it; the SHA-256 and the length. */
async function download(url: string, limits: Limits, out: AtomicWriter): Promise<{ hash: string; bytes: number }> {
  const { timeoutMs, idleTimeoutMs, maxBytes } = limits;
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
    const res = await follow(url, signal);
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailureError({
        kind: 'status',
        url,
        status: `${res.status}${res.statusText ? ' ' + res.statusText : ''}`,
      });
    }
    const announced = Number(res.headers.get('content-length') ?? NaN);
    if (announced > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailureError({
        kind: 'announcedTooLarge',
        url,
        mb: megabytes(announced),
        limitMb: megabytes(maxBytes),
      });
    }
    const hash = createHash('sha256');
    let bytes = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        arm();
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        if (bytes > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new FetchFailureError({ kind: 'sentTooMuch', url, limitMb: megabytes(maxBytes) });
        }
        hash.update(value);
        await out.write(value);
      }
    }
    return { hash: hash.digest('hex'), bytes };
  } catch (err) {
    if (err instanceof FetchFailureError) throw err;
    if (idle.signal.aborted) {
      throw new FetchFailureError({ kind: 'stalled', url, idle: seconds(idleTimeoutMs) });
    }
    if (overall.aborted) {
      throw new FetchFailureError({ kind: 'tooSlow', url, limit: seconds(timeoutMs) });
    }
    const cause = (err as { cause?: { message?: string; code?: string } }).cause;
    const code = cause?.code ?? '';
    const offline = ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(
      code,
    );
    throw new FetchFailureError({
      kind: 'network',
      url,
      why: code || cause?.message || (err as Error).message,
      offline,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** The response at `url`, following redirects only to https addresses. */
async function follow(url: string, signal: AbortSignal): Promise<Response> {
  let at = url;
  for (let hops = 0; ; hops++) {
    const res = await fetch(at, { signal, redirect: 'manual' });
    if (res.status < 300 || res.status >= 400 || !res.headers.has('location')) return res;
    await res.body?.cancel().catch(() => undefined);
    const next = new URL(res.headers.get('location')!, at);
    if (next.protocol !== 'https:')
      throw new FetchFailureError({ kind: 'redirectNotHttps', from: at, to: next.href.slice(0, 200) });
    if (hops >= MAX_REDIRECTS) throw new FetchFailureError({ kind: 'tooManyRedirects', url, max: MAX_REDIRECTS });
    at = next.href;
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

// The data-access policy: which files a model may read. A model names its data files in
// read("…"); bnnc reads such a file only when it is
//   - below one of the data roots: the model's folder, each --data-dir, each BNN_DATA_PATH folder
//     and the download cache (after following links; a name that climbs out with '..' or an
//     absolute path elsewhere is refused), unless the policy allows any place (--allow-any-data);
//   - a regular file, not a device, a FIFO, a folder or a file of /proc, /sys or /dev (always);
//   - at most maxBytes long (--max-data-mb raises it); reading stops there even when the file
//     grows or its size is not known beforehand (a /proc file reports 0).
//
//   lexicalRefusal(name, roots, policy) → why a name is refused without looking at the disk
//   fileRefusal(path, roots, policy)    → why an existing file is refused
//   readBounded(path, maxBytes)          → the file's text, or undefined when it is longer
// Messages name the file as a short escaped excerpt (see data/excerpt.ts).
import { P } from '../lang/diagnostics/data-problems.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { excerpt } from './excerpt.js';
import type { Refusal } from '../lang/diagnostics/run-messages.js';

export const DEFAULT_MAX_DATA_MB = 512;

export interface AccessPolicy {
  /** Read files anywhere, not only below the data roots (--allow-any-data). */
  anywhere?: boolean;
  /** The largest data file read, in bytes (default DEFAULT_MAX_DATA_MB MiB). */
  maxBytes?: number;
}

export function maxDataBytes(policy: AccessPolicy = {}): number {
  return policy.maxBytes ?? DEFAULT_MAX_DATA_MB * 1024 * 1024;
}

const SPECIAL_TREES = ['/proc', '/sys', '/dev'];

export function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Why `name`, as a model writes it, is refused before any file is looked at; undefined when it is not. */
export function lexicalRefusal(name: string, roots: readonly string[], policy: AccessPolicy = {}): Refusal | undefined {
  if (policy.anywhere) return undefined;
  if (path.isAbsolute(name)) {
    if (roots.some((r) => isInside(path.resolve(name), r))) return undefined;
    return { kind: 'absolute', name: excerpt(name) };
  }
  const normal = path.normalize(name);
  if (normal === '..' || normal.startsWith(`..${path.sep}`)) return { kind: 'climbs', name: excerpt(name) };
  return undefined;
}

/** Why the existing file at `file` is refused; undefined when it may be read. */
export function fileRefusal(
  file: string,
  roots: readonly string[],
  policy: AccessPolicy = {},
  name = file,
): Refusal | undefined {
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch {
    return undefined; // not there: that is the data path's message, not the policy's
  }
  if (!stat.isFile()) return { kind: 'notFile', name: excerpt(name), is: kindOf(stat) };
  const tree = SPECIAL_TREES.find((t) => isInside(real, t));
  if (tree) return { kind: 'specialTree', name: excerpt(name), tree };
  if (!policy.anywhere && !roots.some((r) => isInside(real, realOrSelf(r))))
    return { kind: 'linkOutside', name: excerpt(name) };
  const max = maxDataBytes(policy);
  if (stat.size > max)
    return { kind: 'tooLarge', name: excerpt(name), mb: megabytes(stat.size), limitMb: megabytes(max) };
  return undefined;
}

/** The text of `file`, or undefined when it holds more than `maxBytes` (reading stops there). */
export function readBounded(file: string, maxBytes: number): string | undefined {
  // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`it is ${kindOf(stat)}, not a regular file`);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return undefined;
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export function tooLargeMessage(maxBytes: number): string {
  return P.tooLarge(megabytes(maxBytes));
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** What a file that is not a regular file is, in words. */
export function kindOf(s: fs.Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** A size in MB for messages: one decimal below 10. */
export function megabytes(bytes: number): string {
  const v = bytes / (1024 * 1024);
  return v >= 10 ? v.toFixed(0) : v.toFixed(1);
}

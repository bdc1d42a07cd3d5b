// Atomic file writes: a reader sees the old file or the new one, never a half-written one.
//
//   writeFileAtomic(path, data)       async; creates the folder (mkdir -p) if needed
//   writeFileAtomicSync(path, data, mode?)   the same, synchronous; with mode, the new file gets it
//   AtomicWriter.open(path)           streamed: write(chunk)…, then commit() or abort()
//
// The data goes to a temporary file in the same folder (a rename is only atomic within one
// file system), is flushed to disk with fsync, and is then renamed over `path`. On any failure
// the temporary file is removed and `path` is left as it was.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export type FileData = string | Uint8Array;

/**
 * mkdir -p, one folder at a time: Node's own recursive mkdir never returns for a path under
 * /proc (it retries forever), where this fails at once with ENOENT.
 */
export function makeFolderSync(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function tempNameFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

export async function writeFileAtomic(target: string, data: FileData): Promise<void> {
  makeFolderSync(path.dirname(target));
  const temp = tempNameFor(target);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncFolder(path.dirname(target));
}

export function writeFileAtomicSync(target: string, data: FileData, mode?: number): void {
  makeFolderSync(path.dirname(target));
  const temp = tempNameFor(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode ?? 0o666);
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    fs.rmSync(temp, { force: true });
    throw err;
  }
  try {
    const dirFd = fs.openSync(path.dirname(target), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself has still happened.
  }
}

/** Makes the rename durable; best effort, as some file systems refuse fsync on a folder. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const h = await fsp.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // see above
  }
}

/** A file written piece by piece (a download), renamed over its target only on commit(). */
export class AtomicWriter {
  private constructor(
    readonly target: string,
    private readonly temp: string,
    private handle: fsp.FileHandle | undefined,
  ) {}

  static async open(target: string): Promise<AtomicWriter> {
    makeFolderSync(path.dirname(target));
    const temp = tempNameFor(target);
    return new AtomicWriter(target, temp, await fsp.open(temp, 'wx'));
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (!this.handle) throw new Error('write after commit or abort');
    await this.handle.write(chunk);
  }

  async commit(): Promise<void> {
    try {
      await this.handle!.sync();
      await this.handle!.close();
      this.handle = undefined;
      await fsp.rename(this.temp, this.target);
    } catch (err) {
      await this.abort();
      throw err;
    }
    await syncFolder(path.dirname(this.target));
  }

  /** Removes the temporary file; the target is left as it was. */
  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await fsp.rm(this.temp, { force: true }).catch(() => undefined);
  }
}

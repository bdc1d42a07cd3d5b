// A run's output folder (runs/MODEL or --out DIR) and its manifest, bnnc-run.json.
//
//   OutputFolder.open(dir, model) → checks the folder before anything is fitted (not a file, not
//       a dangling link, not under /proc, /sys or /dev, writable) and reads the manifest of the
//       run before; throws OutputFolderError with what to do
//   out.write(rel, data)         → writes DIR/rel atomically; the first write marks the manifest
//       unfinished ("complete": false), so a folder that a killed run left half-written says so
//   out.finish()                 → removes the files the run before wrote and this one did not
//       (never any other file: the author's own files beside bnnc's stay), then writes the
//       manifest last, listing this run's files, with "complete": true
import { R, RunError, type FolderProblem } from '../lang/diagnostics/run-messages.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeFolderSync, writeFileAtomicSync, type FileData } from './atomic.js';
import { isInside } from '../data/access.js';

export const MANIFEST = 'bnnc-run.json';

export interface RunManifest {
  format: 'bnnc-run';
  version: 1;
  model: string;
  source_hash: string;
  /** false while a run writes its files; true once all of them are written. */
  complete: boolean;
  /** The files the run wrote, relative to the folder, in the order written. */
  files: string[];
}

/** An output folder that cannot be used: the message is for the user as it is. */
export class OutputFolderError extends RunError {}

const SPECIAL_TREES = ['/proc', '/sys', '/dev'];

export class OutputFolder {
  private readonly written: string[] = [];
  private started = false;

  private constructor(
    readonly dir: string,
    private readonly model: { name: string; sourceHash: string },
    private readonly previous: string[],
  ) {}

  static open(dir: string, model: { name: string; sourceHash: string }): OutputFolder {
    usableFolder(dir);
    removeOldStaging(dir);
    return new OutputFolder(dir, model, previousFiles(dir));
  }

  write(rel: string, data: FileData): string {
    if (!this.started) {
      this.started = true;
      // Unfinished until finish(): the files of the run before are listed too, as they may stay.
      this.manifest(false, [...new Set([...this.previous, ...this.written])]);
    }
    const file = path.join(this.dir, rel);
    writeFileAtomicSync(file, data);
    if (!this.written.includes(rel)) this.written.push(rel);
    return file;
  }

  finish(): void {
    for (const rel of this.previous) {
      if (this.written.includes(rel)) continue;
      fs.rmSync(path.join(this.dir, rel), { force: true });
    }
    this.manifest(true, this.written);
  }

  private manifest(complete: boolean, files: string[]): void {
    const m: RunManifest = {
      format: 'bnnc-run',
      version: 1,
      model: this.model.name,
      source_hash: this.model.sourceHash,
      complete,
      files,
    };
    writeFileAtomicSync(path.join(this.dir, MANIFEST), JSON.stringify(m, null, 2) + '\n');
  }
}

/** Throws OutputFolderError unless `dir` is (or can be made) a folder that bnnc can write in. */
export function usableFolder(dir: string): void {
  const shown = JSON.stringify(dir.length > 200 ? dir.slice(0, 200) + '…' : dir);
  const fail = (why: FolderProblem) => {
    throw new OutputFolderError(R.outputFolderUnusable(shown, why));
  };
  // An empty name would resolve to the working folder; say so rather than write there.
  if (dir.trim() === '') fail({ kind: 'emptyName' });
  const abs = path.resolve(dir);
  const tree = SPECIAL_TREES.find((t) => isInside(realAncestor(abs), t));
  if (tree) fail({ kind: 'specialTree', tree });
  let lst: fs.Stats | undefined;
  try {
    lst = fs.lstatSync(abs);
  } catch {
    lst = undefined;
  }
  if (lst?.isSymbolicLink() && !fs.existsSync(abs)) fail({ kind: 'danglingLink' });
  if (lst && fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) fail({ kind: 'isFile' });
  try {
    makeFolderSync(abs);
    const probe = path.join(abs, `.bnnc-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(
      code === 'EACCES' || code === 'EPERM'
        ? { kind: 'denied' }
        : code === 'EROFS'
          ? { kind: 'readOnly' }
          : code === 'ENOTDIR'
            ? { kind: 'pathThroughFile' }
            : code === 'ENOSPC'
              ? { kind: 'diskFull' }
              : { kind: 'other', system: (e as Error).message },
    );
  }
}

/** The real path of `p`'s nearest existing ancestor (itself, when it exists), for where it really lies. */
function realAncestor(p: string): string {
  for (let q = p; ; q = path.dirname(q)) {
    try {
      return path.join(fs.realpathSync(q), path.relative(q, p));
    } catch {
      if (path.dirname(q) === q) return p;
    }
  }
}

/** The files the last run listed in its manifest, those inside the folder only. */
function previousFiles(dir: string): string[] {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Partial<RunManifest>;
    if (m?.format !== 'bnnc-run' || !Array.isArray(m.files)) return [];
    return m.files.filter(
      (f): f is string =>
        typeof f === 'string' && f !== '' && !path.isAbsolute(f) && isInside(path.join(dir, f), dir) && f !== MANIFEST,
    );
  } catch {
    return [];
  }
}

/**
 * Staging folders that an earlier bnnc (which replaced figures/ whole) may have left behind, and
 * the temporary files of atomic writes (atomic.ts) whose process is gone, killed mid-write.
 */
function removeOldStaging(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && /^\.figures-new-[A-Za-z0-9]{6}(\.old)?$/.test(e.name))
      fs.rmSync(path.join(dir, e.name), { recursive: true, force: true });
  }
  for (const folder of [dir, path.join(dir, 'figures')]) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const pid = e.isFile() ? /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(e.name)?.[1] : undefined;
      if (pid !== undefined && !isRunning(Number(pid))) fs.rmSync(path.join(folder, e.name), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

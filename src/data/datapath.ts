// The data path: where a data file named in a model (e.g. "rupture/rupturemodel_train.txt") is
// looked for, in this order:
//   1. the folder of the model file
//   2. each folder given with --data-dir (in the order given)
//   3. each folder of the BNN_DATA_PATH environment variable (colon-separated)
//   4. the download cache that `bnnc fetch` fills ($XDG_CACHE_HOME/bnnc/data or ~/.cache/bnnc/data)
//
//   resolveDataFile(name, options) → absolute path; throws DataPathError when no folder has it
//   resolveDataFiles(names, options) → paths; one DataPathError names every missing file
//   dataSearchPath(options)        → the folders above, each with where it came from
//   dataCacheDir(env)              → the download cache folder
//
// What may be read at all is the data-access policy's to say (access.ts): a name or a file
// it refuses is a DataPathError too, with the policy's reason.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileRefusal, lexicalRefusal, type AccessPolicy } from './access.js';
import { R, RunError, type MissingFiles, type Refusal, type Worded } from '../lang/diagnostics/run-messages.js';

export type Env = Record<string, string | undefined>;

export interface DataPathOptions {
  /** Folder of the model file; relative names in the model are looked for here first. */
  modelDir?: string;
  /** Folders from --data-dir. */
  dataDirs?: string[];
  /** Environment to read BNN_DATA_PATH, XDG_CACHE_HOME and HOME from; default process.env. */
  env?: Env;
  /** The model file as the user named it, for the "how to get the data" hint. */
  modelFile?: string;
  /** What may be read (default: only below the folders above, files up to the size limit). */
  access?: AccessPolicy;
  /** The files the model has a `source` for, which `bnnc fetch` can download (default: all). */
  fetchable?: string[];
}

export type SearchSource = 'model folder' | '--data-dir' | 'BNN_DATA_PATH' | 'download cache';

export interface SearchFolder {
  dir: string;
  source: SearchSource;
}

/** A data file that is in none of the folders of the data path. The message is for users as is. */
export class DataPathError extends RunError {
  override readonly name = 'DataPathError';
  constructor(
    worded: Worded,
    /** The missing files, as the model names them. */
    readonly files: string[],
    /** Every path that was tried, in order. */
    readonly tried: string[],
  ) {
    super(worded);
  }
}

export function dataCacheDir(env: Env = process.env): string {
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and is to be ignored.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'bnnc', 'data');
}

export function dataSearchPath(options: DataPathOptions = {}): SearchFolder[] {
  const env = options.env ?? process.env;
  const folders: SearchFolder[] = [];
  if (options.modelDir !== undefined) folders.push({ dir: path.resolve(options.modelDir), source: 'model folder' });
  for (const d of options.dataDirs ?? []) if (d !== '') folders.push({ dir: path.resolve(d), source: '--data-dir' });
  for (const d of (env.BNN_DATA_PATH ?? '').split(':'))
    if (d !== '') folders.push({ dir: path.resolve(d), source: 'BNN_DATA_PATH' });
  folders.push({ dir: dataCacheDir(env), source: 'download cache' });
  return folders;
}

export function resolveDataFile(name: string, options: DataPathOptions = {}): string {
  return resolveDataFiles([name], options)[0];
}

/** Resolves every name; when some are missing, one DataPathError names all of them. */
export function resolveDataFiles(names: string[], options: DataPathOptions = {}): string[] {
  const folders = dataSearchPath(options);
  const roots = folders.map((f) => f.dir);
  const found: string[] = [];
  const missing: { name: string; tried: string[] }[] = [];
  const refused: { name: string; why: Refusal }[] = [];
  for (const name of names) {
    const lexical = lexicalRefusal(name, roots, options.access);
    if (lexical !== undefined) {
      refused.push({ name, why: lexical });
      continue;
    }
    const tried = candidates(name, folders);
    const hit = tried.find(exists);
    const why = hit === undefined ? undefined : fileRefusal(hit, roots, options.access, name);
    if (why !== undefined) refused.push({ name, why });
    else if (hit !== undefined) found.push(hit);
    else missing.push({ name, tried });
  }
  if (missing.length > 0 || refused.length > 0) {
    const files = missingFiles(missing, folders, options);
    const worded =
      refused.length > 0
        ? R.dataFileRefused(
            refused.map((r) => r.why),
            files,
          )
        : R.dataFileMissing(files);
    throw new DataPathError(
      worded,
      [...refused, ...missing].map((m) => m.name),
      missing.flatMap((m) => m.tried),
    );
  }
  return found;
}

/** The first place a name is found: a data-path hit (a folder of that name does not count). */
export function findDataFile(name: string, options: DataPathOptions = {}): string | undefined {
  return candidates(name, dataSearchPath(options)).find(exists);
}

function candidates(name: string, folders: SearchFolder[]): string[] {
  return path.isAbsolute(name) ? [name] : folders.map((f) => path.join(f.dir, name));
}

function missingFiles(
  missing: { name: string; tried: string[] }[],
  folders: SearchFolder[],
  options: DataPathOptions,
): MissingFiles {
  const relative = missing.filter((m) => !path.isAbsolute(m.name)).map((m) => m.name);
  return {
    files: missing.map((m) => ({
      name: m.name,
      absolute: path.isAbsolute(m.name),
      tried: m.tried.map((p, i) => ({ path: p, source: folders[i].source })),
    })),
    model: options.modelFile ?? 'MODEL.bnn',
    cacheDir: dataCacheDir(options.env ?? process.env),
    fetchable: relative.filter((n) => options.fetchable === undefined || options.fetchable.includes(n)),
  };
}

/** Something other than a folder is there (a FIFO or a device too: the policy refuses those by name). */
function exists(p: string): boolean {
  try {
    return !fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// What every command shares: reading a source file, printing diagnostics, and the user-facing
// error type whose message is printed without a stack trace.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkSource, type CheckedDocument } from '../lang/front-end.js';
import type { Diagnostic } from '../lang/diagnostics/diagnostic.js';
import { diagnosticToJson, renderAll, summary } from '../lang/diagnostics/render.js';
import type { DataPathOptions } from '../data/datapath.js';
import { withDataAccess } from '../data/diagnostics.js';

/** An error the user can fix; main prints its message and exits with its code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function readSource(file: string): string {
  try {
    // Reading a FIFO or a device would wait for a writer, or never end.
    const stat = statSync(file);
    if (!stat.isFile() && !stat.isDirectory()) throw new UserError(`bnnc: cannot read ${file}: it is ${stat.isFIFO() ? 'a FIFO (named pipe)' : 'a device or special file'}, not a regular file.`, 2);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new UserError(`bnnc: cannot read ${file}: ${why}.`, 2);
  }
}

/** The file's diagnostics; with `data`, those of the data-access policy on its read(...) files too. */
export function checkFile(file: string, data?: DataPathOptions): CheckedDocument {
  const doc = checkSource(readSource(file), file);
  return data ? withDataAccess(doc, data) : doc;
}

export function hasErrors(ds: Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

export function printDiagnostics(doc: CheckedDocument, ds: Diagnostic[] = doc.diagnostics): void {
  if (ds.length > 0) process.stderr.write(renderAll(ds, doc.source) + '\n');
}

export function diagnosticsJson(doc: CheckedDocument, ds: Diagnostic[] = doc.diagnostics) {
  return ds.map((d) => diagnosticToJson(d, doc.source));
}

export { summary };

/** Throws a usage error when `out` names one of the command's own inputs (after following links). */
export function refuseToOverwrite(command: string, out: string, inputs: { what: string; file: string }[]): void {
  const real = (f: string) => {
    try {
      return realpathSync(f);
    } catch {
      return path.resolve(f);
    }
  };
  const hit = inputs.find((i) => real(i.file) === real(out));
  if (hit) throw new UserError(`bnnc ${command}: --out ${out} is ${hit.what}; writing there would destroy it. Name another file.`, 2);
}

// What every command shares: reading a source file, printing diagnostics, and the user-facing
// error type whose message is printed without a stack trace.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkSource, type CheckedDocument } from '../lang/front-end.js';
import type { Diagnostic } from '../lang/diagnostics/diagnostic.js';
import { diagnosticToJson, renderAll, summary } from '../lang/diagnostics/render.js';
import type { DataPathOptions } from '../data/datapath.js';
import { withDataAccess } from '../data/diagnostics.js';
import { kindOf } from '../data/access.js';
import { fileTrouble, R, RunError, type Worded } from '../lang/diagnostics/run-messages.js';

/** An error the user can fix on the command line; main prints its code and message and exits with exitCode. */
export class UserError extends RunError {
  constructor(
    worded: Worded,
    readonly exitCode = 1,
  ) {
    super(worded);
  }
}

export function readSource(file: string): string {
  try {
    // Reading a FIFO or a device would wait for a writer, or never end.
    const stat = statSync(file);
    if (!stat.isFile() && !stat.isDirectory())
      throw new UserError(R.sourceUnreadable(file, { kind: 'notRegular', what: kindOf(stat) }), 2);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(R.sourceUnreadable(file, fileTrouble(e)), 2);
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
  if (hit) throw new UserError(R.outIsInput(out, hit.what), 2);
}

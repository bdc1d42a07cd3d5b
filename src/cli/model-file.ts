// The first steps of every command that needs a compiled model: check the file, print what is
// wrong with it, and lower it to the IR when it has no errors.
import { R } from '../lang/diagnostics/run-messages.js';
import { lower } from '../compiler/lower.js';
import type { IRModel } from '../compiler/ir.js';
import { BACKENDS, type BackendName } from '../compiler/compile.js';
import type { CheckedDocument } from '../lang/front-end.js';
import type { DataPathOptions } from '../data/datapath.js';
import { checkFile, hasErrors, printDiagnostics, UserError } from './io.js';

/**
 * undefined when the model has errors (they are printed): the command exits 1. With `data`, a
 * data file that the access policy refuses is one of them.
 */
export function compileFile(file: string, data?: DataPathOptions): { doc: CheckedDocument; ir: IRModel } | undefined {
  const doc = checkFile(file, data);
  printDiagnostics(doc);
  if (hasErrors(doc.diagnostics) || !doc.model) return undefined;
  return { doc, ir: lower(doc.model, doc.source.text) };
}

export function backendFlag(name: string | undefined): BackendName | undefined {
  if (name === undefined) return undefined;
  if (!(BACKENDS as string[]).includes(name)) throw new UserError(R.unknownBackend(name, BACKENDS), 2);
  return name as BackendName;
}

import { lower } from '../../compiler/lower.js';
import { checkFile, hasErrors, printDiagnostics, UserError } from '../io.js';

export function compileCommand(file: string, opts: { emit: string }): number {
  if (opts.emit !== 'ir') throw new UserError(`bnnc compile: unknown --emit '${opts.emit}': the only form is ir.`, 2);
  const doc = checkFile(file);
  printDiagnostics(doc);
  if (hasErrors(doc.diagnostics) || !doc.model) return 1;
  process.stdout.write(JSON.stringify(lower(doc.model, doc.source.text), null, 2) + '\n');
  return 0;
}

import { UserError } from '../io.js';
import { compileFile } from '../model-file.js';

export function compileCommand(file: string, opts: { emit: string }): number {
  if (opts.emit !== 'ir') throw new UserError(`bnnc compile: unknown --emit '${opts.emit}': the only form is ir.`, 2);
  const compiled = compileFile(file);
  if (!compiled) return 1;
  process.stdout.write(JSON.stringify(compiled.ir, null, 2) + '\n');
  return 0;
}

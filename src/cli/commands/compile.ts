import { R } from '../../lang/diagnostics/run-messages.js';
import { emit, EMIT_FORMS, type EmitForm } from '../../compiler/emit.js';
import { UserError } from '../io.js';
import { compileFile } from '../model-file.js';

export function compileCommand(file: string, opts: { emit: string }): number {
  if (!(EMIT_FORMS as readonly string[]).includes(opts.emit))
    throw new UserError(R.unknownEmit(opts.emit, EMIT_FORMS), 2);
  const compiled = compileFile(file);
  if (!compiled) return 1;
  process.stdout.write(emit(compiled.ir, opts.emit as EmitForm));
  return 0;
}

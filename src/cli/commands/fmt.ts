import { R } from '../../lang/diagnostics/run-messages.js';
import { realpathSync, statSync } from 'node:fs';
import { formatSource } from '../../lang/format/format.js';
import { checkSource } from '../../lang/front-end.js';
import { writeFileAtomicSync } from '../../runtime/atomic.js';
import { printDiagnostics, readSource, UserError } from '../io.js';

export function fmtCommand(files: string[], opts: { check?: boolean; write?: boolean }): number {
  if (opts.check && opts.write) throw new UserError(R.checkAndWrite(), 2);
  let status = 0;
  for (const file of files) {
    const text = readSource(file);
    const result = formatSource(text);
    if (result.text === undefined) {
      printDiagnostics(checkSource(text, file), result.diagnostics);
      process.stderr.write(`${file}: not formatted: fix the syntax errors first.\n`);
      status = 1;
      continue;
    }
    if (opts.check) {
      if (result.text !== text) {
        process.stderr.write(`${file}: not formatted (run bnnc fmt --write ${file})\n`);
        status = 1;
      }
    } else if (opts.write) {
      if (result.text !== text) {
        // Through a link to the file it names, with the file's own permissions.
        const target = realpathSync(file);
        writeFileAtomicSync(target, result.text, statSync(target).mode & 0o7777);
        process.stderr.write(`formatted ${file}\n`);
      }
    } else {
      process.stdout.write(result.text);
    }
  }
  return status;
}

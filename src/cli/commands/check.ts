import { dataOptions, type DataFlags } from '../data-flags.js';
import { checkFile, diagnosticsJson, hasErrors, printDiagnostics, summary } from '../io.js';

export function checkCommand(files: string[], opts: { json?: boolean } & DataFlags): number {
  const data = dataOptions(opts);
  let failed = false;
  const json: unknown[] = [];
  for (const file of files) {
    const doc = checkFile(file, data);
    if (hasErrors(doc.diagnostics)) failed = true;
    if (opts.json) json.push(...diagnosticsJson(doc));
    else {
      printDiagnostics(doc);
      if (doc.diagnostics.length > 0) process.stderr.write(`${file}: ${summary(doc.diagnostics)}\n`);
    }
  }
  if (opts.json) process.stdout.write(JSON.stringify({ diagnostics: json }, null, 2) + '\n');
  return failed ? 1 : 0;
}

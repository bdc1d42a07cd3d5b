import { lower } from '../../compiler/lower.js';
import { dataCacheDir } from '../../runtime/datapath.js';
import { fetchFiles } from '../../runtime/fetch.js';
import { checkFile, hasErrors, printDiagnostics, UserError } from '../io.js';

export async function fetchCommand(file: string, opts: { cacheDir?: string; timeout?: string }): Promise<number> {
  const doc = checkFile(file);
  printDiagnostics(doc);
  if (hasErrors(doc.diagnostics) || !doc.model) return 1;
  const ir = lower(doc.model, doc.source.text);
  const specs = ir.data.sources;
  if (specs.length === 0) {
    throw new UserError(`${file}: the model says nowhere where its data is published: add to its data block, for each file, source "FILE" url "https://…" sha256 "…".`);
  }
  const timeoutMs = opts.timeout ? Number(opts.timeout) * 1000 : undefined;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UserError(`bnnc fetch: --timeout needs a number of seconds greater than 0; got '${opts.timeout}'.`, 2);
  const cacheDir = opts.cacheDir ?? dataCacheDir();
  process.stderr.write(`fetching ${specs.length} file${specs.length === 1 ? '' : 's'} into ${cacheDir}\n`);
  await fetchFiles(specs, {
    cacheDir,
    timeoutMs,
    onFile: (o) => process.stderr.write(`  ${o.status === 'present' ? 'already present' : 'downloaded'}  ${o.file}  (${o.bytes} bytes, SHA-256 checked)\n`),
  });
  return 0;
}

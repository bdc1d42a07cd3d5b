import { dataCacheDir } from '../../runtime/datapath.js';
import { fetchFiles } from '../../runtime/fetch.js';
import { UserError } from '../io.js';
import { compileFile } from '../model-file.js';

export async function fetchCommand(file: string, opts: { cacheDir?: string; timeout?: string }): Promise<number> {
  const compiled = compileFile(file);
  if (!compiled) return 1;
  const { ir } = compiled;
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

import { R } from '../../lang/diagnostics/run-messages.js';
import { dataCacheDir } from '../../data/datapath.js';
import { fetchFiles } from '../../runtime/fetch.js';
import { maxBytesFlag } from '../data-flags.js';
import { UserError } from '../io.js';
import { compileFile } from '../model-file.js';

/** The longest --timeout: Node's timers hold at most 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

export async function fetchCommand(
  file: string,
  opts: { cacheDir?: string; timeout?: string; maxDataMb?: string },
): Promise<number> {
  const maxBytes = maxBytesFlag(opts.maxDataMb);
  const compiled = compileFile(file);
  if (!compiled) return 1;
  const { ir } = compiled;
  const specs = ir.data.sources;
  if (specs.length === 0) {
    throw new UserError(R.noSources(file));
  }
  const timeoutMs = opts.timeout ? Number(opts.timeout) * 1000 : undefined;
  if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_S * 1000)) {
    throw new UserError(R.badTimeout(MAX_TIMEOUT_S, JSON.stringify(opts.timeout!.slice(0, 40))), 2);
  }
  const cacheDir = opts.cacheDir ?? dataCacheDir();
  process.stderr.write(`fetching ${specs.length} file${specs.length === 1 ? '' : 's'} into ${cacheDir}\n`);
  await fetchFiles(specs, {
    cacheDir,
    timeoutMs,
    maxBytes,
    onFile: (o) =>
      process.stderr.write(
        `  ${o.status === 'present' ? 'already present' : 'downloaded'}  ${o.file}  (${o.bytes} bytes, SHA-256 checked)\n`,
      ),
  });
  return 0;
}

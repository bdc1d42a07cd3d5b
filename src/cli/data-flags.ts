// The flags that say where a model's data may be read from, shared by check, compile, run and
// predict: --data-dir (repeatable), --allow-any-data and --max-data-mb.
import { R } from '../lang/diagnostics/run-messages.js';
import type { Command } from 'commander';
import { DEFAULT_MAX_DATA_MB } from '../data/access.js';
import type { DataPathOptions } from '../data/datapath.js';
import { UserError } from './io.js';

export interface DataFlags {
  dataDir?: string[];
  allowAnyData?: boolean;
  maxDataMb?: string;
}

export function addDataFlags(cmd: Command): Command {
  return cmd
    .option(
      '--data-dir <dir>',
      'also look for data files here (repeatable; before BNN_DATA_PATH)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      '--allow-any-data',
      "read data files anywhere, not only below the model's folder, --data-dir, BNN_DATA_PATH and the download cache",
    )
    .option('--max-data-mb <n>', `the largest data file read, in MB (default ${DEFAULT_MAX_DATA_MB})`);
}

/** The data path and access policy of the flags; the model's own folder is added by the caller. */
export function dataOptions(flags: DataFlags): DataPathOptions {
  return {
    dataDirs: flags.dataDir ?? [],
    access: { anywhere: flags.allowAnyData === true, maxBytes: maxBytesFlag(flags.maxDataMb) },
  };
}

/** --max-data-mb in bytes; undefined when not given. */
export function maxBytesFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mb = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(mb > 0) || mb > 1024 * 1024) {
    throw new UserError(R.badMaxDataMb(JSON.stringify(value.slice(0, 40))), 2);
  }
  return Math.floor(mb * 1024 * 1024);
}

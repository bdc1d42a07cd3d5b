// Errors whose message is for the user as it is: printed without a stack trace.
import { DataError } from '../data/errors.js';
import { DataPathError } from '../data/datapath.js';
import { FetchError } from '../runtime/fetch.js';
import { FitDivergedError } from '../runtime/vi/errors.js';
import { BackendUnavailableError } from '../compiler/backend-error.js';
import { UserError } from './io.js';

export function userMessage(e: unknown): { message: string; exitCode: number } | undefined {
  if (e instanceof UserError) return { message: e.message, exitCode: e.exitCode };
  if (e instanceof DataError || e instanceof DataPathError || e instanceof FetchError || e instanceof FitDivergedError || e instanceof BackendUnavailableError) return { message: e.message, exitCode: 1 };
  if (e instanceof Error && (e as { userFacing?: boolean }).userFacing) return { message: e.message, exitCode: 1 };
  return undefined;
}

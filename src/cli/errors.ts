// Errors whose message is for the user as it is: printed with their code, without a stack trace.
import { RunError } from '../lang/diagnostics/run-messages.js';
import { UserError } from './io.js';

export function userMessage(e: unknown): { code: string; message: string; exitCode: number } | undefined {
  if (!(e instanceof RunError)) return undefined;
  return { code: e.code, message: e.message, exitCode: e instanceof UserError ? e.exitCode : 1 };
}

/** How the command line shows a user's error, as the front end shows a diagnostic: `error CODE: message`. */
export function userErrorText(e: { code: string; message: string }): string {
  return `error ${e.code}: ${e.message}`;
}

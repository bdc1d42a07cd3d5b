// Every request handler runs inside guard: a cancelled request is answered as cancelled, a
// refusal as an error the editor shows, and an exception is logged and answered as an internal
// error, so that no handler can take the server down.
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node.js';

export function guard<P, R>(
  connection: Connection,
  method: string,
  handler: (params: P) => R,
): (params: P, token: CancellationToken) => R | ResponseError<void> {
  return (params, token) => {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} cancelled`);
    try {
      return handler(params);
    } catch (e) {
      if (e instanceof ResponseError) return e;
      const err = e as Error;
      connection.console.error(`bnnc language server: ${method} failed: ${err?.stack ?? String(e)}`);
      return new ResponseError(ErrorCodes.InternalError, `${method} failed: ${err?.message ?? String(e)}`);
    }
  };
}

/** For notifications, which have no answer: log and carry on. */
export function guardNotification<P>(
  connection: Connection,
  method: string,
  handler: (params: P) => void,
): (params: P) => void {
  return (params) => {
    try {
      handler(params);
    } catch (e) {
      connection.console.error(`bnnc language server: ${method} failed: ${(e as Error)?.stack ?? String(e)}`);
    }
  };
}

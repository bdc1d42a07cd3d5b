// The shape of a request's parameters, checked before a handler sees them: a malformed request
// (no textDocument, a position that is not two whole numbers, …) is answered InvalidParams,
// saying what is wrong, rather than failing inside the handler as an internal error.
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node.js';

/** What a request carries beside textDocument. */
export interface ParamShape {
  position?: boolean;
  range?: boolean;
  newName?: boolean;
  /** references' and codeAction's context: an object (codeAction's `only`, where given, a list of strings). */
  context?: boolean;
}

export function checkParams(method: string, params: unknown, shape: ParamShape): void {
  const bad = (what: string) => {
    throw new ResponseError(ErrorCodes.InvalidParams, `${method}: ${what}`);
  };
  if (!isObject(params)) return bad('the parameters must be an object');
  const doc = params.textDocument;
  if (!isObject(doc) || typeof doc.uri !== 'string') bad('textDocument.uri must be a string');
  if (shape.position && !isPosition(params.position))
    bad('position must be { line, character }, two whole numbers ≥ 0');
  if (shape.range && !(isObject(params.range) && isPosition(params.range.start) && isPosition(params.range.end)))
    bad('range must be { start, end }, two positions');
  if (shape.newName && typeof params.newName !== 'string') bad('newName must be a string');
  if (shape.context && !isObject(params.context)) bad('context must be an object');
  if (shape.context && isObject(params.context) && params.context.only !== undefined && !isStrings(params.context.only))
    bad('context.only must be a list of strings');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isPosition(v: unknown): boolean {
  return isObject(v) && isCount(v.line) && isCount(v.character);
}

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * Whether a text-synchronization notification (didOpen, didChange, didClose, …) is well formed
 * enough to apply: one that is not is dropped, as there is no one to answer, rather than failing
 * inside the document store with an error in the editor's log.
 */
export function isSyncNotification(method: string, params: unknown): boolean {
  if (!isObject(params) || !isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') return false;
  if (method !== 'didChange') return true;
  const changes = params.contentChanges;
  return (
    Number.isInteger(params.textDocument.version) &&
    Array.isArray(changes) &&
    changes.every(
      (c) =>
        isObject(c) &&
        typeof c.text === 'string' &&
        (c.range === undefined || (isObject(c.range) && isPosition(c.range.start) && isPosition(c.range.end))),
    )
  );
}

// Formatting is `bnnc fmt`: the same formatSource. The edit covers only the part that changes,
// so the editor keeps the cursor and folds elsewhere. Text with syntax errors is left alone.
import type { TextEdit } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { formatSource } from '../../src/lang/format/format.js';
import { toRange } from '../positions.js';

export function formatting(doc: CheckedDocument): TextEdit[] {
  const before = doc.source.text;
  const after = formatSource(before).text;
  if (after === undefined || after === before) return [];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  // Never split a \r\n or a surrogate pair between kept and replaced text.
  while (start > 0 && isPairTail(before, start)) start--;
  while (endBefore < before.length && isPairTail(before, endBefore)) {
    endBefore++;
    endAfter++;
  }
  return [{ range: toRange(doc.source, { start, end: endBefore }), newText: after.slice(start, endAfter) }];
}

function isPairTail(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const p = text.charCodeAt(i - 1);
  return (c === 10 && p === 13) || (c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff);
}

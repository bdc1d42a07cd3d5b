// Folding: every multi-line { … } (blocks, from the tokens so that unbalanced text still folds),
// multi-line block comments, and runs of line comments.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import * as T from '../../src/lang/syntax/tokens.js';
import { tokenEnd } from '../analysis/tokens.js';

export function foldingRanges(doc: CheckedDocument): FoldingRange[] {
  const line = (offset: number) => doc.source.position(offset).line - 1;
  const out: FoldingRange[] = [];
  const open: number[] = [];
  for (const tok of doc.tokens) {
    if (tok.tokenType === T.LCurly) open.push(line(tok.startOffset));
    else if (tok.tokenType === T.RCurly && open.length > 0) {
      const startLine = open.pop()!;
      // The closing brace's line stays visible.
      const endLine = line(tok.startOffset) - 1;
      if (endLine > startLine) out.push({ startLine, endLine });
    }
  }
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start)
      out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of doc.comments) {
    const first = line(c.startOffset);
    const last = line(tokenEnd(c));
    if (c.tokenType !== T.LineComment) {
      flush();
      if (last > first) out.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Comment });
      continue;
    }
    // Only comments on lines of their own join a run.
    const ownLine = doc.source.text.slice(doc.source.lineStarts[first], c.startOffset).trim() === '';
    if (run && ownLine && first === run.end + 1) run.end = first;
    else {
      flush();
      if (ownLine) run = { start: first, end: first };
    }
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine);
}

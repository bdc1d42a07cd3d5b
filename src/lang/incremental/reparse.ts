// Reparsing after an edit. Only the statements around the edit are lexed and parsed again; the
// rest is taken from the previous parse, moved by the edit's change of length. The result is the
// same as parsing the whole new text (a property test holds it to that); wherever that cannot be
// shown from the previous parse's statement marks (statement-marks.ts), the whole text is parsed instead.
import type { IToken } from 'chevrotain';
import type * as A from '../syntax/ast.js';
import { buildStatement } from '../syntax/build-ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_LEXICAL, tokenize } from '../syntax/lexer.js';
import type { BlockRecord, DocumentOutline, StatementMark } from './statement-marks.js';
import { deepestNesting, MAX_NESTING, parse, type ParsedDocument } from '../syntax/parse.js';
import { parser } from '../syntax/grammar.js';
import { collectSpans, shiftSpans, shiftSpansInPlace, shiftTokensInPlace } from './shift.js';
import type { Span } from '../source.js';
import { issueDiagnostics, syntaxIssues } from '../syntax/syntax-errors.js';

/**
 * The parse of `text`, an edit of `previous.text`. The previous parse is taken over: its tokens
 * and tree move into the result, and it must not be used afterwards.
 */
export function reparse(previous: ParsedDocument, text: string): ParsedDocument {
  if (text === previous.text) return previous;
  let windowed: ParsedDocument | undefined;
  try {
    windowed = reparseWindow(previous, text);
  } catch {
    // Never worse than parsing the whole text (as checkSource, reparse never throws).
    windowed = undefined;
  }
  return windowed ?? parse(text);
}

/** The changed part of the text: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function textChange(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  // Whole chunks first (string comparison is native), then character by character.
  const CHUNK = 1024;
  let start = 0;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK))
    start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const room = max - start;
  while (
    tail + CHUNK <= room &&
    before.slice(before.length - tail - CHUNK, before.length - tail) ===
      after.slice(after.length - tail - CHUNK, after.length - tail)
  )
    tail += CHUNK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail))
    tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

function reparseWindow(prev: ParsedDocument, text: string): ParsedDocument | undefined {
  const outline = prev.outline;
  if (!outline) return undefined;
  const change = textChange(prev.text, text);
  const delta = change.newEnd - change.oldEnd;
  const tokens = prev.tokens;

  // The block whose statements hold the change.
  let k = -1;
  outline.blocks.forEach((b, i) => {
    if (b.open + 1 <= change.start) k = i;
  });
  const block = outline.blocks[k];
  const blockAst = prev.program.blocks[k];
  if (!block || !blockAst) return undefined;

  // The window starts at a statement whose first two tokens are before the change (a statement
  // before it may have looked that far ahead), or else at the block's opening brace.
  const firstChanged = firstIndex(tokens, (t) => t.startOffset + t.image.length >= change.start);
  const a = lastIndex(block.statements, (m) => tokenAt(tokens, m.start) + 2 <= firstChanged);
  const restart = a >= 0 ? block.statements[a].start : block.open + 1;
  // It ends at a statement that starts after the change, or where the statements ended.
  const b = firstIndex(block.statements, (m) => m.start > change.oldEnd);
  const stopOld =
    b < block.statements.length
      ? block.statements[b].start
      : block.end && block.end.start > change.oldEnd
        ? block.end.start
        : NaN;
  if (!Number.isFinite(stopOld)) return undefined;

  const lexed = relex(text, restart, stopOld + delta, outline.lexical.length);
  if (!lexed) return undefined;
  const oldStart = firstIndex(tokens, (t) => t.startOffset >= restart);
  const oldStop = tokenAt(tokens, stopOld);
  const header = tokens.slice(tokenAt(tokens, blockAst.keywordSpan.start), tokenAt(tokens, block.open) + 1);
  if (oldStop < 0 || header.length === 0 || header[header.length - 1].startOffset !== block.open) return undefined;
  // From here on the previous parse is being taken over, whether or not the reparse succeeds.
  shiftTokensInPlace(tokens, oldStop, delta);
  const after = tokens.slice(oldStop);
  const newTokens = tokens.slice(0, oldStart).concat(lexed.tokens, after);
  if (deepestNesting(newTokens).depth > MAX_NESTING) return undefined;

  // Parse the block's header again, then statements from the window's start until the parse
  // meets a statement start (or the end) of the previous parse.
  const syncs = block.statements.slice(b).map((m) => m.start + delta);
  const window = {
    statementSyncs: new Set(syncs),
    endSync: block.end && Number.isFinite(block.end.start) ? block.end.start + delta : undefined,
    nodes: [],
  };
  const result = parser.parseWindow(parser.program, header.concat(lexed.tokens, after), window, text);
  if (!result) return undefined;
  const metOld = result.met.offset - delta;
  const j = result.met.atEnd ? block.statements.length : firstIndex(block.statements, (m) => m.start >= metOld);
  const resumed: StatementMark | undefined = result.met.atEnd ? block.end : block.statements[j];
  if (!resumed || resumed.start !== metOld) return undefined;
  // Spans that end before where the parses met would have to be found again: rare, so parse it all.
  if (blockAst.span.end <= metOld || prev.program.span.end <= metOld) return undefined;

  const errorsBefore = a >= 0 ? block.statements[a].errorsBefore : block.errorsAtOpen;
  const issues = syntaxIssues(result.errors, text.length);
  const errorShift = errorsBefore + issues.length - resumed.errorsBefore;
  const moveMark = (m: StatementMark): StatementMark => ({
    start: m.start + delta,
    errorsBefore: m.errorsBefore + errorShift,
  });
  const keep = Math.max(a, 0);
  const laterItems = block.items.slice(j);
  const laterSpans = moveItems(block, j, delta);
  const laterAst = prev.program.blocks.slice(k + 1);
  const windowBlock: BlockRecord = {
    open: block.open,
    errorsAtOpen: block.errorsAtOpen,
    statements: [
      ...block.statements.slice(0, keep),
      ...result.outline.statements.map((m) => ({ start: m.start, errorsBefore: m.errorsBefore + errorsBefore })),
      ...block.statements.slice(j).map(moveMark),
    ],
    items: [...block.items.slice(0, keep), ...window.nodes.map(buildStatement), ...laterItems],
    spans: [
      ...block.items.slice(0, keep).map((_, i) => block.spans[i]),
      ...window.nodes.map(() => undefined),
      ...laterSpans,
    ],
    end: block.end && moveMark(block.end),
  };
  const laterBlocks = outline.blocks.slice(k + 1).map((r, i): BlockRecord => {
    const { statements: _, ...header } = laterAst[i];
    shiftSpansInPlace(collectSpans(header), delta);
    return {
      open: r.open + delta,
      errorsAtOpen: r.errorsAtOpen + errorShift,
      statements: r.statements.map(moveMark),
      items: r.items,
      spans: moveItems(r, 0, delta),
      end: r.end && moveMark(r.end),
    };
  });
  const blocks = [...outline.blocks.slice(0, k), windowBlock, ...laterBlocks];
  const program: A.Program = {
    ...prev.program,
    blocks: [
      ...prev.program.blocks.slice(0, k),
      {
        ...blockAst,
        statements: present(windowBlock.items),
        span: { start: blockAst.span.start, end: blockAst.span.end + delta },
      } as A.Block,
      ...laterAst,
    ],
    span: { start: prev.program.span.start, end: prev.program.span.end + delta },
  };
  const newOutline: DocumentOutline = {
    blocks,
    lexical: [
      ...outline.lexical.filter((d) => d.span.start < restart),
      ...lexed.diagnostics,
      ...shiftSpans(
        outline.lexical.filter((d) => d.span.start >= stopOld),
        delta,
      ),
    ],
    issues: [
      ...outline.issues.slice(0, errorsBefore),
      ...issues,
      ...outline.issues
        .slice(resumed.errorsBefore)
        .map((i) => ({ at: i.at + delta, diagnostic: shiftSpans(i.diagnostic, delta) })),
    ],
  };
  const commentsBefore = prev.comments.filter((c) => c.startOffset < restart);
  const commentsAfter = prev.comments.filter((c) => c.startOffset >= stopOld);
  shiftTokensInPlace(commentsAfter, 0, delta);
  const comments = [...commentsBefore, ...lexed.comments, ...commentsAfter];
  return {
    text,
    program,
    tokens: newTokens,
    comments,
    diagnostics: [...newOutline.lexical, ...issueDiagnostics(newOutline.issues)],
    outline: newOutline,
    how: 'window',
  };
}

interface Relexed {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/**
 * Lexes text[from, to), where both ends are places the lexer is known to pass through. Undefined
 * when a token, comment or problem reaches `to` (it might have run on past it), or when the
 * lexer's cap on problems could come into play.
 */
function relex(text: string, from: number, to: number, otherProblems: number): Relexed | undefined {
  if (to <= from) return to === from ? { tokens: [], comments: [], diagnostics: [] } : undefined;
  const lexed = tokenize(text.slice(from, to));
  const length = to - from;
  const reaches = (t: IToken) => t.startOffset + t.image.length >= length;
  if (lexed.tokens.some(reaches) || lexed.comments.some(reaches) || lexed.diagnostics.some((d) => d.span.end >= length))
    return undefined;
  if (lexed.diagnostics.length + otherProblems >= MAX_LEXICAL) return undefined;
  for (const t of [...lexed.tokens, ...lexed.comments]) {
    t.startOffset += from;
    t.endOffset = (t.endOffset as number) + from;
  }
  return { tokens: lexed.tokens, comments: lexed.comments, diagnostics: shiftSpans(lexed.diagnostics, from) };
}

/** Moves a block's items from the j-th on by delta, in place; returns their span lists. */
function moveItems(block: BlockRecord, j: number, delta: number): Span[][] {
  const out: Span[][] = [];
  for (let i = j; i < block.items.length; i++) {
    const spans = block.spans[i] ?? collectSpans(block.items[i]);
    shiftSpansInPlace(spans, delta);
    out.push(spans);
  }
  return out;
}

function present(items: (A.Stmt | undefined)[]): A.Stmt[] {
  return items.filter((s): s is A.Stmt => !!s);
}

/** The index of the token starting at offset, or -1. */
function tokenAt(tokens: IToken[], offset: number): number {
  const i = firstIndex(tokens, (t) => t.startOffset >= offset);
  return tokens[i]?.startOffset === offset ? i : -1;
}

/** The first index whose item satisfies a predicate that is false then true along the array (length if none). */
function firstIndex<T>(items: T[], pred: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(items[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The last index whose item satisfies a predicate that is true then false along the array (-1 if none). */
function lastIndex<T>(items: T[], pred: (item: T) => boolean): number {
  return firstIndex(items, (item) => !pred(item)) - 1;
}

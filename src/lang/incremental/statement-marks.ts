// Where a parse began the statements of each block, and how many syntax errors it had met by
// then. An incremental reparse (reparse.ts) parses again only a window of statements around an
// edit: a statement start after the edit, met again by the new parse, is where the two parses
// are known to be back in step, so everything after it can be taken from the previous parse.
import type { CstNode } from 'chevrotain';
import type { Stmt } from '../syntax/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../source.js';
import type { SyntaxIssue } from '../syntax/syntax-errors.js';

export interface StatementMark {
  /** The offset of the statement's first token (for `end`: of the token after the statements). */
  start: number;
  /** How many syntax errors the parse had met before it. */
  errorsBefore: number;
}

export interface BlockOutline {
  /** The offset of the block's opening brace (NaN when the parser had to invent it). */
  open: number;
  /** How many syntax errors the parse had met by the opening brace. */
  errorsAtOpen: number;
  statements: StatementMark[];
  /** Where the block's statements ended (usually at its closing brace); absent when the parse was cut short. */
  end?: StatementMark;
}

/** What a window reparse is told, and what it reports back. */
export interface ParseWindow {
  /** Offsets (in the new text) where a statement of the previous parse began, after the edit. */
  statementSyncs: Set<number>;
  /** The offset (in the new text) where the previous parse's statements of this block ended. */
  endSync?: number;
  /** The window's statements, in order, as the parser built them. */
  nodes: CstNode[];
}

/** Thrown by the parser when a window reparse meets the previous parse again, at `offset`. */
export class WindowMet {
  constructor(
    readonly offset: number,
    readonly atEnd: boolean,
    /** How many errors the parse had met by then. */
    readonly errors: number,
  ) {}
}

/** Thrown by the parser when a window reparse leaves its block without meeting the previous parse. */
export class WindowMissed {}

/** A block's outline with the statement built from each statement the parser began. */
export interface BlockRecord extends BlockOutline {
  items: (Stmt | undefined)[];
  /** The spans of each item, listed when a reparse first has to move them (shift.ts). */
  spans: (Span[] | undefined)[];
}

/** All a document's parse keeps for reparsing it. */
export interface DocumentOutline {
  /** One per block of the program, in order. */
  blocks: BlockRecord[];
  /** The lexer's diagnostics. */
  lexical: Diagnostic[];
  /** The parser's errors, one per error, in the order met. */
  issues: SyntaxIssue[];
}

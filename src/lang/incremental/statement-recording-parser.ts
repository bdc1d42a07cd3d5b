// The parser's bookkeeping for reparsing (reparse.ts), kept out of the grammar's rules: while it
// parses, it notes where each block's statements begin (statement-marks.ts), and while it
// reparses a window of statements it stops where it meets the previous parse again. The grammar
// (syntax/grammar.ts) extends this class and calls two hooks: `blocks` for the program's blocks,
// `statements` for a block's statements.
import { type CstNode, type IRecognitionException, type IToken, type ParserMethod } from 'chevrotain';
import { LinearRecoveryParser } from '../syntax/linear-recovery-parser.js';
import { LCurly } from '../syntax/tokens.js';
import { WindowMet, WindowMissed, type BlockOutline, type ParseWindow } from './statement-marks.js';

export interface ParseResult {
  cst: CstNode;
  errors: IRecognitionException[];
  outline: BlockOutline[];
}

export interface WindowResult {
  met: WindowMet;
  /** The window's statements: where each began, and the errors met from the first on. */
  outline: BlockOutline;
  errors: IRecognitionException[];
}

type Rule = ParserMethod<[], CstNode>;

export abstract class StatementRecordingParser extends LinearRecoveryParser {
  /** Where each block's statements began. */
  private outline: BlockOutline[] = [];
  /** Set while reparsing a window of statements. */
  private window: ParseWindow | undefined;
  /** The source being parsed, when known: where lines end (tokens carry offsets only). */
  private text = '';

  /** The tokens parsed from the start rule, with the outline of each block's statements. */
  parseAll(start: Rule, tokens: IToken[], text = ''): ParseResult {
    this.begin(tokens, text, undefined);
    const cst = withoutStackTraces(() => start.call(this));
    return { cst, errors: this.errors, outline: this.outline };
  }

  /**
   * Parses a block's header (its tokens up to the opening brace) and then statements from the
   * window's first token, until the parse meets one of the window's sync points. Undefined when it
   * meets none, or runs out of stack.
   */
  parseWindow(start: Rule, tokens: IToken[], window: ParseWindow, text = ''): WindowResult | undefined {
    this.begin(tokens, text, window);
    try {
      withoutStackTraces(() => start.call(this));
      return undefined;
    } catch (e) {
      if (e instanceof WindowMet) {
        const outline = this.outline[0];
        const first = outline.errorsAtOpen;
        const shifted = outline.statements.map((m) => ({ start: m.start, errorsBefore: m.errorsBefore - first }));
        // (The parser also notes, on the way out, that the input was not all parsed.)
        return {
          met: e,
          outline: { open: outline.open, errorsAtOpen: 0, statements: shifted },
          errors: this.errors.slice(first, e.errors),
        };
      }
      if (e instanceof WindowMissed || e instanceof RangeError) return undefined;
      throw e;
    } finally {
      this.window = undefined;
    }
  }

  private begin(tokens: IToken[], text: string, window: ParseWindow | undefined): void {
    this.input = tokens;
    this.text = text;
    this.outline = [];
    this.window = window;
  }

  /** The program's blocks. Every block the parser begins gets an outline, so that outlines and the AST's blocks pair up. */
  protected blocks(block: Rule): void {
    this.MANY(() => {
      this.ACTION(() => this.outline.push({ open: NaN, errorsAtOpen: NaN, statements: [] }));
      this.SUBRULE(block);
      // A window reparse that left its block without meeting the earlier parse again.
      this.ACTION(() => {
        if (this.window) throw new WindowMissed();
      });
    });
  }

  /** A block's statements, after its opening brace, marking where each begins. */
  protected statements(statement: Rule): void {
    this.ACTION(() => this.opened());
    this.MANY(() => {
      this.ACTION(() => this.mark(false));
      const node = this.SUBRULE(statement);
      this.ACTION(() => this.window?.nodes.push(node));
    });
    this.ACTION(() => this.mark(true));
  }

  /**
   * Notes the block's opening brace: the token just consumed, unless the parser invented the
   * brace in recovery (an invented token is not in the input, so the last one consumed is then
   * the block's keyword or name).
   */
  private opened(): void {
    const brace = this.LA(0);
    const block = this.outline[this.outline.length - 1];
    block.open = brace.tokenType === LCurly ? brace.startOffset : NaN;
    block.errorsAtOpen = this.errorCount();
  }

  private mark(atEnd: boolean): void {
    const start = this.LA(1).startOffset;
    const window = this.window;
    if (window && (atEnd ? window.endSync === start : window.statementSyncs.has(start)))
      throw new WindowMet(start, atEnd, this.errorCount());
    const block = this.outline[this.outline.length - 1];
    const mark = { start, errorsBefore: this.errorCount() };
    if (atEnd) block.end = mark;
    else block.statements.push(mark);
  }

  /**
   * How many errors the parse has met. `errors` copies the list on every read, which at every
   * statement of a file full of errors would cost time quadratic in its length; Chevrotain 11
   * keeps the list in `_errors`.
   */
  private errorCount(): number {
    return (this as unknown as { _errors?: unknown[] })._errors?.length ?? this.errors.length;
  }

  /** Whether b starts on a's line (false when the text is not known). */
  protected sameLine(a: IToken, b: IToken): boolean {
    if (
      !this.text ||
      !Number.isFinite(a.startOffset) ||
      !Number.isFinite(b.startOffset) ||
      b.startOffset < a.startOffset
    )
      return false;
    const between = this.text.slice(a.startOffset, b.startOffset);
    return !between.includes('\n') && !between.includes('\r');
  }
}

/**
 * Chevrotain signals each syntax error with an exception, and capturing its stack trace (never
 * read) was most of the time spent parsing a file with thousands of errors.
 */
function withoutStackTraces<R>(run: () => R): R {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// Source text with the offsets of its line starts, to turn offsets into lines and columns.

export interface Span {
  /** Offset of the first character, in UTF-16 code units (as LSP counts them). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export class SourceText {
  readonly lineStarts: number[];

  constructor(
    readonly text: string,
    readonly fileName: string,
  ) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo] + 1 };
  }

  offset(pos: Position): number {
    const i = Math.max(0, Math.min(pos.line - 1, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[i] + Math.max(0, pos.column - 1), this.lineEnd(i + 1));
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const i = line - 1;
    if (i < 0 || i >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[i], this.lineEnd(line));
  }

  /** Offset of the end of a 1-based line, before its line break. */
  lineEnd(line: number): number {
    const i = line - 1;
    let end = i + 1 < this.lineStarts.length ? this.lineStarts[i + 1] : this.text.length;
    while (end > this.lineStarts[i] && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

export function spanUnion(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

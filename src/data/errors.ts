// DataError: bad data, with every problem located in its file. Problems are collected (up to
// MAX_PROBLEMS_PER_FILE per file) before failing, so one run shows what to fix; nothing is
// fitted on bad data. The message is meant for users as it is (no stack needed).
import { R, RunError } from '../lang/diagnostics/run-messages.js';
import { P } from '../lang/diagnostics/data-problems.js';

export interface DataProblem {
  file: string;
  /** 1-based line in the file; absent for a problem of the whole file or set. */
  line?: number;
  /** position: 1-based place in the file's row; absent for a derived column. */
  column?: { name: string; position?: number };
  /** What is wrong and what to do about it. */
  message: string;
}

export const MAX_PROBLEMS_PER_FILE = 20;

export class DataError extends RunError {
  override readonly name = 'DataError';
  constructor(
    readonly problems: DataProblem[],
    /** Problems found but not listed, per file (beyond MAX_PROBLEMS_PER_FILE). */
    readonly omitted: Record<string, number> = {},
  ) {
    super(badData(problems, omitted));
  }
}

export function formatProblem(p: DataProblem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  const col = !p.column
    ? ''
    : p.column.position === undefined
      ? ` column ${p.column.name}:`
      : ` column ${p.column.name} (${p.column.position}):`;
  return `${where}:${col} ${p.message}`;
}

function badData(problems: DataProblem[], omitted: Record<string, number>) {
  const files = new Set(problems.map((p) => p.file));
  const more = Object.values(omitted).reduce((a, b) => a + b, 0);
  const lines = problems.map((p) => '  ' + formatProblem(p));
  for (const [file, n] of Object.entries(omitted)) if (n > 0) lines.push('  ' + P.more(file, n));
  return R.badData(problems.length + more, files.size, lines);
}

/** Collects problems with the per-file cap; throw() raises one DataError with all of them. */
export class ProblemCollector {
  readonly problems: DataProblem[] = [];
  readonly omitted: Record<string, number> = {};
  private perFile = new Map<string, number>();

  add(p: DataProblem): void {
    const n = this.perFile.get(p.file) ?? 0;
    this.perFile.set(p.file, n + 1);
    if (n < MAX_PROBLEMS_PER_FILE) this.problems.push(p);
    else this.omitted[p.file] = (this.omitted[p.file] ?? 0) + 1;
  }

  /** Problems so far in one file, listed or not. */
  countIn(file: string): number {
    return this.perFile.get(file) ?? 0;
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new DataError(this.problems, this.omitted);
  }
}

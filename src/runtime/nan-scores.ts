// Scores that are not numbers: a network whose arithmetic overflowed float32 on some case
// gives it a NaN score. The run stops there with the cases named, before anything is written,
// rather than evaluating (or saving) a fit whose answers are not numbers.
import { R, RunError } from '../lang/diagnostics/run-messages.js';
import type { RawTable } from '../data/table.js';
import { rowOrigin } from '../data/table.js';

export class NonFiniteScoresError extends RunError {}

/**
 * Throws NonFiniteScoresError when a case's mean score is NaN or infinite. `meanScores` holds
 * one score per case, or (categorical) one per case and class; `rows[i]` is case i's row of `table`.
 */
export function checkScores(
  setName: string,
  meanScores: ArrayLike<number>,
  rows: ArrayLike<number>,
  table: RawTable | undefined,
): void {
  const width = rows.length > 0 ? Math.max(1, Math.round(meanScores.length / rows.length)) : 1;
  const bad: number[] = [];
  for (let i = 0; i < meanScores.length; i++)
    if (!Number.isFinite(meanScores[i]) && bad[bad.length - 1] !== Math.floor(i / width))
      bad.push(Math.floor(i / width));
  if (bad.length === 0) return;
  const where = table
    ? bad.slice(0, 3).map((i) => {
        const o = rowOrigin(table, rows[i]);
        return `${o.file}:${o.line}`;
      })
    : [];
  throw new NonFiniteScoresError(R.scoresNotNumbers(bad.length, rows.length, setName, where));
}

// Reading the cases to predict: a file whose first line is a header naming the model's input
// columns, in any order, with any other columns beside them; comma-, tab- or whitespace-separated
// (detected from the header line as for data files). Blank lines are skipped, and line numbers in
// messages are the file's own.
//
//   readCases(file, columns, reserved) → Cases; throws PredictInputError listing every located
//       problem. `reserved`: names the output adds, which the header must not already use.

import { P } from '../../lang/diagnostics/data-problems.js';
import { maxDataBytes, readBounded, tooLargeMessage } from '../../data/access.js';
import { ProblemCollector } from '../../data/errors.js';
import { excerptList } from '../../data/excerpt.js';
import { chooseSeparator, looksNumeric, parseNumber, splitLine } from '../../data/fields.js';
import type { RawTable } from '../../data/table.js';
import { PredictInputError } from './errors.js';

export interface Cases {
  file: string;
  header: string[];
  /** Each row's fields as written (trimmed and unquoted by the splitter), in header order. */
  rows: string[][];
  /** The input columns as numbers, with each row's 1-based line (for messages further on). */
  table: RawTable;
}

export function readCases(file: string, columns: string[], reserved: string[] = []): Cases {
  const problems = new ProblemCollector();
  const cases = readInto(file, columns, reserved, problems);
  if (!problems.empty) throw new PredictInputError(file, problems.problems, problems.omitted[file] ?? 0);
  return cases;
}

function readInto(file: string, columns: string[], reserved: string[], problems: ProblemCollector): Cases {
  const noCases: Cases = { file, header: [], rows: [], table: tableOf(file, columns, 0) };
  const expected = columns.join(', ');
  let text: string | undefined;
  try {
    text = readBounded(file, maxDataBytes());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.add({
      file,
      message: P.unreadable(
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message,
      ),
    });
    return noCases;
  }
  if (text === undefined) {
    problems.add({ file, message: tooLargeMessage(maxDataBytes()) });
    return noCases;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) {
    problems.add({ file, message: P.casesEmpty(expected) });
    return noCases;
  }
  const sep = chooseSeparator(undefined, lines[first]);
  const header = splitLine(lines[first], sep);
  const at = { file, line: first + 1 };

  if (header.every(looksNumeric)) {
    problems.add({ ...at, message: P.noHeader(expected) });
    return noCases;
  }
  const repeated = [...new Set(header.filter((h, i) => header.indexOf(h) !== i))];
  if (repeated.length > 0) problems.add({ ...at, message: P.casesHeaderRepeats(repeated) });
  const clashes = header.filter((h) => reserved.includes(h));
  if (clashes.length > 0) {
    problems.add({ ...at, message: P.headerClashes(clashes, reserved) });
  }
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    problems.add({
      ...at,
      message: P.casesHeaderLacks(missing, expected, excerptList(header, ', ')),
    });
  }
  if (!problems.empty) return noCases;

  const position = columns.map((c) => header.indexOf(c));
  const rows: string[][] = [];
  const values = columns.map(() => new Float64Array(lines.length));
  const rowLine: number[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = splitLine(lines[i], sep);
    if (fields.length !== header.length) {
      problems.add({ file, line: i + 1, message: P.caseWidth(fields.length, header.length) });
      continue;
    }
    columns.forEach((c, j) => {
      const v = parseNumber(fields[position[j]]);
      if (typeof v === 'number') values[j][rows.length] = v;
      else problems.add({ file, line: i + 1, column: { name: c, position: position[j] + 1 }, message: v.problem });
    });
    rows.push(fields);
    rowLine.push(i + 1);
  }
  if (rows.length === 0 && problems.empty) {
    problems.add({ file, message: P.noCases(expected) });
  }
  const table = tableOf(file, columns, rows.length);
  columns.forEach((c, j) => table.columns[c].set(values[j].subarray(0, rows.length)));
  table.rowLine.set(rowLine);
  return { file, header, rows, table };
}

function tableOf(file: string, columns: string[], n: number): RawTable {
  return {
    set: 'input',
    files: [file],
    n,
    columns: Object.fromEntries(columns.map((c) => [c, new Float64Array(n)])),
    rowFile: new Uint16Array(n),
    rowLine: new Uint32Array(n),
  };
}

// Reading data files into raw tables.
//
//   loadDataSets(irData, options) → Record<set name, RawTable>
//       resolves every file of every set on the data path (a DataPathError names all missing
//       ones), reads and checks them, and throws one DataError listing the located problems of
//       all files when any is bad.
//   readTable(set, paths, spec)   → RawTable for already-resolved files (e.g. for `bnnc predict`)
//
// A file is whitespace-, comma- or tab-separated, with or without a header line (both detected
// unless the model says; see looksLikeHeader). With a header, the declared columns are picked by name, in any order,
// and other columns are ignored; without one, a row must have exactly the declared columns.
// Blank lines are skipped; line numbers in messages are the file's own.

import { P } from '../lang/diagnostics/data-problems.js';
import type { CheckedModel, TargetKind } from '../lang/checking/checked-model.js';
import { maxDataBytes, readBounded, tooLargeMessage } from './access.js';
import { resolveDataFiles, type DataPathOptions } from './datapath.js';
import { ProblemCollector } from './errors.js';
import { excerptList } from './excerpt.js';
import { chooseSeparator, describeSeparator, looksNumeric, parseNumber, splitLine } from './fields.js';
import { labelProblem } from './labels.js';
import type { RawTable } from './table.js';

export interface ReadSpec {
  /** The declared columns, in file order (the order matters only without a header). */
  columns: string[];
  /** undefined: a first line that is not all numbers is a header. */
  header?: boolean;
  /** undefined: detect (see chooseSeparator). */
  separator?: string;
  /** When given and its column is read, each value is checked against the target's kind. */
  target?: { column: string } & TargetKind;
  /** The most bytes read from a file (default: the data-access policy's limit). */
  maxBytes?: number;
}

export interface LoadOptions extends DataPathOptions {
  /** Only these sets (default: all of the model's). */
  sets?: string[];
}

/** What loadDataSets needs of a model (an IRData has it). */
export type ModelData = Pick<CheckedModel, 'columns' | 'sets' | 'sources' | 'target'>;

export function loadDataSets(irData: ModelData, options: LoadOptions = {}): Record<string, RawTable> {
  const sets = options.sets ? irData.sets.filter((s) => options.sets!.includes(s.name)) : irData.sets;
  const unknown = (options.sets ?? []).filter((n) => !irData.sets.some((s) => s.name === n));
  if (unknown.length > 0)
    throw new Error(
      `no data set named ${unknown.join(', ')}; the model has ${irData.sets.map((s) => s.name).join(', ')}`,
    );

  const paths = resolveDataFiles(
    sets.flatMap((s) => s.files),
    { fetchable: irData.sources.map((s) => s.file), ...options },
  );
  const target = irData.columns.includes(irData.target.column) ? irData.target : undefined;
  const problems = new ProblemCollector();
  const tables: Record<string, RawTable> = {};
  let k = 0;
  for (const s of sets) {
    const files = paths.slice(k, k + s.files.length);
    k += s.files.length;
    tables[s.name] = readInto(
      s.name,
      files,
      {
        columns: irData.columns,
        header: s.header,
        separator: s.separator,
        target,
        maxBytes: maxDataBytes(options.access),
      },
      problems,
    );
  }
  problems.throwIfAny();
  return tables;
}

export function readTable(set: string, files: string[], spec: ReadSpec): RawTable {
  const problems = new ProblemCollector();
  const table = readInto(set, files, spec, problems);
  problems.throwIfAny();
  return table;
}

interface FileRows {
  n: number;
  values: Float64Array[];
  lines: Uint32Array;
}

function readInto(set: string, files: string[], spec: ReadSpec, problems: ProblemCollector): RawTable {
  const parts = files.map((f) => readDataFile(f, spec, problems));
  const n = parts.reduce((a, p) => a + p.n, 0);
  const columns: Record<string, Float64Array> = {};
  spec.columns.forEach((c, j) => {
    const col = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      col.set(p.values[j].subarray(0, p.n), o);
      o += p.n;
    }
    columns[c] = col;
  });
  const rowFile = new Uint16Array(n);
  const rowLine = new Uint32Array(n);
  let o = 0;
  parts.forEach((p, i) => {
    rowFile.fill(i, o, o + p.n);
    rowLine.set(p.lines.subarray(0, p.n), o);
    o += p.n;
  });
  return { set, files, n, columns, rowFile, rowLine };
}

/** Reads one file; its problems go to `problems` (its rows are then not to be used). */
export function readDataFile(file: string, spec: ReadSpec, problems: ProblemCollector): FileRows {
  const declared = spec.columns;
  const empty: FileRows = { n: 0, values: declared.map(() => new Float64Array(0)), lines: new Uint32Array(0) };
  let text: string | undefined;
  const maxBytes = spec.maxBytes ?? maxDataBytes();
  try {
    text = readBounded(file, maxBytes);
  } catch (err) {
    problems.add({ file, message: P.unreadable((err as Error).message) });
    return empty;
  }
  if (text === undefined) {
    problems.add({ file, message: tooLargeMessage(maxBytes) });
    return empty;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  const isBlank = (l: string) => l.trim() === '';
  const first = lines.findIndex((l) => !isBlank(l));
  if (first < 0) {
    problems.add({ file, message: P.empty(declared) });
    return empty;
  }
  const firstLine = stripCR(lines[first]);
  const sep = chooseSeparator(spec.separator, firstLine);
  const firstFields = splitLine(firstLine, sep);
  const hasHeader = spec.header ?? looksLikeHeader(firstFields, declared);

  // position[j]: where declared column j is in a row; width: how many values a row must have.
  let position: number[];
  let width: number;
  let start: number;
  if (hasHeader) {
    const repeated = declared.filter((c) => firstFields.indexOf(c) !== firstFields.lastIndexOf(c));
    if (repeated.length > 0) {
      problems.add({ file, line: first + 1, message: P.headerRepeats(repeated) });
      return empty;
    }
    const missing = declared.filter((c) => !firstFields.includes(c));
    if (missing.length > 0) {
      problems.add({
        file,
        line: first + 1,
        message: P.headerLacks(
          missing,
          spec.header === undefined ? first + 1 : undefined,
          excerptList(firstFields),
          declared,
        ),
      });
      return empty;
    }
    position = declared.map((c) => firstFields.indexOf(c));
    width = firstFields.length;
    start = first + 1;
  } else {
    if (firstFields.length !== declared.length) {
      problems.add({
        file,
        line: first + 1,
        message: P.columnCount(firstFields.length, describeSeparator(sep), declared),
      });
      return empty;
    }
    position = declared.map((_, j) => j);
    width = declared.length;
    start = first;
  }

  const capacity = lines.length - start;
  const values = declared.map(() => new Float64Array(capacity));
  const lineOf = new Uint32Array(capacity);
  const targetJ = spec.target ? declared.indexOf(spec.target.column) : -1;
  const before = problems.countIn(file);
  let n = 0;
  for (let i = start; i < lines.length; i++) {
    const line = stripCR(lines[i]);
    if (isBlank(line)) continue;
    const fields = splitLine(line, sep);
    if (fields.length !== width) {
      problems.add({
        file,
        line: i + 1,
        message: P.rowWidth(fields.length, width, hasHeader),
      });
      continue;
    }
    let ok = true;
    for (let j = 0; j < declared.length; j++) {
      const v = parseNumber(fields[position[j]]);
      const column = { name: declared[j], position: position[j] + 1 };
      if (typeof v !== 'number') {
        problems.add({ file, line: i + 1, column, message: v.problem });
        ok = false;
        continue;
      }
      if (j === targetJ) {
        const bad = labelProblem(v, spec.target!);
        if (bad !== undefined) {
          problems.add({ file, line: i + 1, column, message: bad });
          ok = false;
          continue;
        }
      }
      values[j][n] = v;
    }
    if (ok) lineOf[n++] = i + 1;
  }
  if (n === 0 && problems.countIn(file) === before) {
    problems.add({ file, message: P.noRows(hasHeader, declared) });
  }
  return { n, values, lines: lineOf };
}

/**
 * A first line that is not all numbers is a header, unless it has numbers and names no declared
 * column: that is a data row with a typo, better reported as a bad value on its line.
 */
function looksLikeHeader(fields: string[], declared: string[]): boolean {
  const numeric = fields.filter(looksNumeric).length;
  if (numeric === fields.length) return false;
  return numeric === 0 || fields.some((f) => declared.includes(f));
}

function stripCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

// A raw table: the declared columns of one data set as read from its files (concatenated in
// the order the model lists them), before derived columns, standardization or balancing.

export interface RawTable {
  /** The data set's name in the model. */
  set: string;
  /** Resolved paths of the set's files, in order. */
  files: string[];
  /** Number of rows. */
  n: number;
  /** Declared column name → its n values. */
  columns: Record<string, Float64Array>;
  /** Where row i came from: files[rowFile[i]], 1-based line rowLine[i]; for error messages. */
  rowFile: Uint16Array;
  rowLine: Uint32Array;
}

/** Where a row of a table came from, as "file:line". */
export function rowOrigin(table: RawTable, row: number): { file: string; line: number } {
  return { file: table.files[table.rowFile[row]], line: table.rowLine[row] };
}

// The wording of each problem of a data file, listed one a line under BNN2001 (bad data) or
// BNN5201 (bad input to predict): what is wrong at a file, line and column, and what to do.
// Where the problem is (file:line: column NAME (POSITION):) is added by data/errors.ts.

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const list = (xs: readonly string[]) => xs.join(', ');
const theColumns = (names: readonly string[]) =>
  names.length === 1 ? `the column ${names[0]}` : `the columns ${names.join(', ')}`;

export const P = {
  // any data file
  unreadable: (why: string) => `cannot be read (${why})`,
  tooLarge: (limitMb: string) =>
    `holds more than ${limitMb} MB, the limit on a data file; pass --max-data-mb N to read a larger one`,

  // a value
  beyondFloat32: () =>
    'beyond float32, the precision bnnc computes in (the largest magnitude is about 3.4e38); rescale the column',
  valueBeyondFloat32: (value: string) => `${value} is ${P.beyondFloat32()}`,
  overflows: (value: string) => `${value} is too large for a number (it overflows to infinity); rescale the column`,
  emptyValue: () => 'empty value (a missing value?); fill it in or remove the row',
  notFinite: (value: string) => `${value} is not allowed: every value must be a finite number; fix or remove the row`,
  notANumber: (value: string) => `${value} is not a number; fix the value or remove the row`,

  // a label of the target
  notBinary: (value: number, column: string) =>
    `label ${value} is not 0 or 1 (the target ${column} is binary); fix the label, or declare the target categorical`,
  notAClass: (value: number, column: string, classes: number) =>
    `label ${value} is not a class 0..${classes - 1} (the target ${column} is categorical with ${classes} classes); fix the label, or change the number of classes`,
  targetNotFinite: (value: number) => `target value ${value} is not a finite number`,
  notACount: (value: number, column: string) =>
    `count ${value} is not a whole number ≥ 0 (the target ${column} is a count); fix the value, or declare the target real`,

  // a training or evaluation file
  empty: (declared: readonly string[]) => `is empty; it should hold rows of the columns ${declared.join(' ')}`,
  headerRepeats: (repeated: readonly string[]) =>
    `the header names column ${list(repeated)} more than once; rename or remove the repeats`,
  headerLacks: (
    missing: readonly string[],
    headerHint: number | undefined,
    header: string,
    declared: readonly string[],
  ) =>
    `the header lacks the declared column${plural(missing.length, '', 's')} ${list(missing)}${headerHint !== undefined ? ` (line ${headerHint} was read as a header because not all its values are numbers)` : ''}; ` +
    `the header has: ${header}. Name every declared column (${declared.join(' ')}) in the header, or fix the declared columns`,
  columnCount: (values: number, separator: string, declared: readonly string[]) =>
    `has ${values} ${separator}-separated values per row, but the model declares ${declared.length} columns (${declared.join(' ')}); ` +
    'declare the columns the file has, in file order, or add a header line naming them',
  rowWidth: (values: number, width: number, hasHeader: boolean) =>
    `row has ${values} values, expected ${width} (as ${hasHeader ? 'the header' : 'the declared columns'}); fix the row or remove it`,
  noRows: (hasHeader: boolean, declared: readonly string[]) =>
    `has ${hasHeader ? 'a header but ' : ''}no data rows; it should hold rows of the columns ${declared.join(' ')}`,

  // prepared data
  derivedNotFinite: (name: string, expr: string, value: number, beyond: boolean, shown: string) =>
    `the derived column ${name} = ${expr} is ${value}${beyond ? `, ${P.beyondFloat32()},` : ''} on this row (${shown}); fix the row's values or change the expression`,
  constantTarget: (set: string, value: number, name: string, column: string) =>
    `is constant in the training set ${set} (every value is ${value}), so the target cannot be standardized; write ${name} = ${column} : real`,
  constantFeature: (set: string, value: number, matrix: string) =>
    `is constant in the training set ${set} (every value is ${value}), so it cannot be standardized for the feature matrix ${matrix}; ` +
    'remove it from the features, or turn standardization off for that matrix',

  // cases to predict
  casesEmpty: (expected: string) =>
    `is empty; it needs a header line naming the columns ${expected}, then one row per case`,
  noHeader: (expected: string) =>
    `the first line holds numbers, not column names; add a header line naming the columns (${expected}) above the rows`,
  casesHeaderRepeats: (repeated: readonly string[]) =>
    `the header names ${theColumns(repeated)} more than once; rename or remove the repeats`,
  headerClashes: (clashes: readonly string[], reserved: readonly string[]) =>
    `the header already has ${theColumns(clashes)}, which the predictions add (${reserved.join(', ')}); rename ${plural(clashes.length, 'it', 'them')}`,
  casesHeaderLacks: (missing: readonly string[], expected: string, header: string) =>
    `the header lacks ${theColumns(missing)}; the model needs ${expected} (in any order), and the header has ${header}. Add ${plural(missing.length, 'it', 'them')}`,
  caseWidth: (values: number, header: number) =>
    `the row has ${values} values and the header ${header}; give every row a value for each column`,
  noCases: (expected: string) =>
    `has a header but no cases; add one row per case below the header, with a value for each of ${expected}`,
  scoreNotNumber: (what: string) =>
    `the posterior gives this case a ${what} that is not a number: a value of the row is too large for the network's float32 arithmetic; rescale it or remove the row`,

  // the list itself
  more: (file: string, n: number) => `${file}: ... and ${n} more problem${plural(n, '', 's')}`,
} as const;

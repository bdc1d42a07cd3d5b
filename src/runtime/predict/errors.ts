// PredictInputError: bad cases to predict, with every problem located in the input file (as a
// DataError is for training data). The message is for users as it is.

import { formatProblem, type DataProblem } from '../../data/errors.js';

export class PredictInputError extends Error {
  override readonly name = 'PredictInputError';
  readonly userFacing = true;
  constructor(
    readonly file: string,
    readonly problems: DataProblem[],
    /** Problems found beyond the listed ones. */
    readonly omitted = 0,
  ) {
    const total = problems.length + omitted;
    const lines = [`bad input: ${total} problem${total === 1 ? '' : 's'} in ${file}; nothing was predicted.`, ...problems.map((p) => '  ' + formatProblem(p))];
    if (omitted > 0) lines.push(`  ${file}: ... and ${omitted} more problem${omitted === 1 ? '' : 's'}`);
    super(lines.join('\n'));
  }
}

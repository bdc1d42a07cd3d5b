// PredictInputError: bad cases to predict, with every problem located in the input file (as a
// DataError is for training data). The message is for users as it is.

import { formatProblem, type DataProblem } from '../../data/errors.js';
import { R, RunError } from '../../lang/diagnostics/run-messages.js';
import { P } from '../../lang/diagnostics/data-problems.js';

export class PredictInputError extends RunError {
  override readonly name = 'PredictInputError';
  constructor(
    readonly file: string,
    readonly problems: DataProblem[],
    /** Problems found beyond the listed ones. */
    readonly omitted = 0,
  ) {
    const lines = problems.map((p) => '  ' + formatProblem(p));
    if (omitted > 0) lines.push('  ' + P.more(file, omitted));
    super(R.badInput(file, problems.length + omitted, lines));
  }
}

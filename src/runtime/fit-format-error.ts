// A saved fit (inside posterior.json) that cannot be loaded; reading the posterior turns it into
// a CheckpointError that names the file (BNN5007).
import { fitProblemText, type FitProblem } from '../lang/diagnostics/run-messages.js';

export class FitFormatError extends Error {
  constructor(readonly problem: FitProblem) {
    super(fitProblemText(problem));
  }
}

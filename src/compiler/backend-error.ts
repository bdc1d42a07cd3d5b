import { RunError, type Worded } from '../lang/diagnostics/run-messages.js';

/** A named backend that cannot be loaded here (e.g. tfjs-node missing). */
export class BackendUnavailableError extends RunError {
  readonly backend: string;
  constructor(backend: string, worded: Worded) {
    super(worded);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}

/** A named backend that cannot be loaded here (e.g. tfjs-node missing). */
export class BackendUnavailableError extends Error {
  readonly backend: string;
  constructor(backend: string, message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}

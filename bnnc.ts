#!/usr/bin/env node
// The bnnc command: the command line (src/cli) composed with the language server (lsp/), so that
// neither imports the other.
import { endQuietlyOnClosedPipe, main } from './src/cli/main.js';

endQuietlyOnClosedPipe();
main(process.argv.slice(2), {
  startLanguageServer: async () => (await import('./lsp/stdio.js')).runStdioServer(),
}).then((code) => {
  process.exitCode = code;
});

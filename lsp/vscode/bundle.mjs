// Bundles the client (extension.js and vscode-languageclient) into one file, dist/extension.js,
// the manifest's `main`: the packaged extension then ships that file and no node_modules.
//   node bundle.mjs [OUTFILE]      (npm run bundle; vsce runs it as vscode:prepublish)
import * as esbuild from 'esbuild';

const outfile = process.argv[2] ?? 'dist/extension.js';
await esbuild.build({
  entryPoints: [new URL('./extension.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // VS Code provides `vscode` at run time; everything else goes in the bundle.
  external: ['vscode'],
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
});

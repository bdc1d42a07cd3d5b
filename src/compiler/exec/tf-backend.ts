// Selecting the TensorFlow.js backend that runs the TensorFlow.js executor.
//
//   chooseBackend(name)  -> Promise<TfBackendName>   sets and initialises the backend; throws
//                           BackendUnavailableError when it cannot be loaded (e.g. tfjs-node missing)

import { R } from '../../lang/diagnostics/run-messages.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

import { BackendUnavailableError } from '../backend-error.js';

export type TfBackendName = 'cpu' | 'wasm' | 'tensorflow';

let wasmRegistered = false;
let tfNodeRegistered = false;

export async function chooseBackend(want: TfBackendName): Promise<TfBackendName> {
  // Production mode skips tfjs's debug checks and its "install tfjs-node" banner; NaN/Inf are
  // checked by the fit loop itself.
  tf.enableProdMode();
  if (want === 'wasm' && !wasmRegistered) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(dist + path.sep);
    wasmRegistered = true;
  }
  if (want === 'tensorflow' && !tfNodeRegistered) {
    // A variable specifier keeps TypeScript from requiring the (optional) package at build time.
    const specifier = '@tensorflow/tfjs-node';
    try {
      await import(specifier);
    } catch (e) {
      throw new BackendUnavailableError('tensorflow', R.backendMissing((e as Error).message.split('\n')[0]));
    }
    tfNodeRegistered = true;
  }
  if (tf.getBackend() !== want) {
    // The wasm module's Emscripten glue installs process-wide uncaughtException /
    // unhandledRejection handlers that rethrow and print its whole minified source; remove them
    // so an error elsewhere reports normally.
    const before = {
      uncaughtException: new Set(process.listeners('uncaughtException')),
      unhandledRejection: new Set(process.listeners('unhandledRejection')),
    };
    const ok = await tf.setBackend(want);
    await tf.ready();
    for (const l of process.listeners('uncaughtException'))
      if (!before.uncaughtException.has(l)) process.removeListener('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection'))
      if (!before.unhandledRejection.has(l)) process.removeListener('unhandledRejection', l);
    if (!ok) throw new BackendUnavailableError(want, R.backendFailed(want));
  }
  await tf.ready();
  return want;
}

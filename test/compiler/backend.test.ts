import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../../src/compiler/backend-error.js';
import { compileModel, DEFAULT_BACKEND } from '../../src/compiler/compile.js';
import { chooseBackend } from '../../src/compiler/exec/tf-backend.js';
import { makeIR, mm, p, param, x } from './models.js';

describe('chooseBackend', () => {
  it('compiles for the measured faster backend by default', async () => {
    const cm = await compileModel(
      makeIR({ params: [param('w', [3])], likelihood: { dist: 'Bernoulli', logit: mm(x(), p('w')) } }),
    );
    expect(cm.backend).toBe(DEFAULT_BACKEND);
    cm.dispose();
  });

  it('switches between cpu and wasm', async () => {
    expect(await chooseBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await chooseBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // The wasm module's global exception handlers are removed.
    expect(process.listeners('uncaughtException').some((l) => String(l).includes('ExitStatus'))).toBe(false);
  });

  it("explains how to get 'tensorflow' when @tensorflow/tfjs-node is not installed", async () => {
    let installed = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      installed = false;
    }
    if (installed) {
      expect(await chooseBackend('tensorflow')).toBe('tensorflow');
    } else {
      const err = await chooseBackend('tensorflow').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackendUnavailableError);
      expect((err as Error).message).toMatch(/npm install @tensorflow\/tfjs-node/);
    }
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, chooseBackend, DEFAULT_BACKEND } from '../../src/compiler/tf/backend.js';

describe('chooseBackend', () => {
  it('defaults to the measured faster backend and switches between cpu and wasm', async () => {
    expect(await chooseBackend()).toBe(DEFAULT_BACKEND);
    expect(tf.getBackend()).toBe(DEFAULT_BACKEND);
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

// A seed fixes the draws of fitNUTS: the same in this thread and on 1 or 2 worker threads
// (chain c draws from Rng(seed, 'fit/chain/c') wherever it runs); another seed, other draws.
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import type { TrainingData } from '../../src/compiler/data.js';
import { fitNUTS, type NutsFit, type NutsFitSettings } from '../../src/runtime/nuts/fit.js';
import { Rng } from '../../src/runtime/rng.js';
import { LOGISTIC, lowerSource } from './source.js';

function logisticData(n: number, seed: number): TrainingData {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: 2 * n }, () => rng.normal());
  const target = Float32Array.from({ length: n }, (_, i) =>
    rng.next() < 1 / (1 + Math.exp(-(0.5 + x[2 * i] - x[2 * i + 1]))) ? 1 : 0,
  );
  return { n, features: { x }, widths: { x: 2 }, target };
}

/** Everything a chain leaves that depends on its random stream. */
function outcome(fit: NutsFit) {
  return fit.chains.map((c) => ({
    draws: Array.from(c.draws),
    depth: Array.from(c.stats.depth),
    acceptStat: Array.from(c.stats.acceptStat),
    stepSize: c.stepSize,
    invMetric: Array.from(c.invMetric),
    gradients: c.gradients,
  }));
}

describe('fitNUTS is reproducible', () => {
  it('gives the same draws for the same seed in process and on 1 and 2 workers, other draws for another seed', async () => {
    const ir = lowerSource(LOGISTIC);
    const cm = await compileModel(ir, { backend: 'js' });
    const data = logisticData(20, 1);
    const settings: NutsFitSettings = {
      chains: 3,
      warmup: 100,
      draws: 50,
      maxDepth: 10,
      targetAccept: 0.8,
      thin: 1,
      seed: 11,
    };
    const inProcess = await fitNUTS(cm, data, settings, { workers: 0 });
    const again = await fitNUTS(cm, data, settings, { workers: 0 });
    const oneWorker = await fitNUTS(cm, data, settings, { workers: 1 });
    const twoWorkers = await fitNUTS(cm, data, settings, { workers: 2 });
    const otherSeed = await fitNUTS(cm, data, { ...settings, seed: 12 }, { workers: 0 });
    cm.dispose();

    const expected = outcome(inProcess);
    expect(expected[0].draws).toHaveLength(50 * inProcess.dim);
    expect(outcome(again)).toEqual(expected);
    expect(outcome(oneWorker)).toEqual(expected);
    expect(outcome(twoWorkers)).toEqual(expected);
    // The chains of one fit draw from different streams.
    expect(expected[1].draws).not.toEqual(expected[0].draws);
    outcome(otherSeed).forEach((c, i) => expect(c.draws).not.toEqual(expected[i].draws));
  });
});

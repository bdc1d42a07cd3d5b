// Warmup as Stan does it: the metric windows of Stan's windowed adaptation, and dual averaging
// of the step size onto the target acceptance.
import { describe, expect, it } from 'vitest';
import { StepSizeAdaptation, metricWindowEnds, metricWindowStart } from '../../src/runtime/nuts/adaptation.js';
import { runChain } from '../../src/runtime/nuts/chain.js';
import { Rng } from '../../src/runtime/rng.js';
import { mean } from './helpers.js';

describe('metric windows', () => {
  it("are Stan's for its default buffers (75 initial, 25 first window, 50 terminal)", () => {
    // Stan's windows for 1000 warmup iterations: 75–99, 100–149, 150–249, 250–449, 450–949.
    expect(metricWindowEnds(1000)).toEqual([99, 149, 249, 449, 949]);
    expect(metricWindowStart(1000)).toBe(75);
    // The last doubling would leave less than twice its length before the terminal buffer, so it
    // is stretched to the buffer.
    expect(metricWindowEnds(2000)).toEqual([99, 149, 249, 449, 849, 1949]);
    expect(metricWindowEnds(500)).toEqual([99, 149, 249, 449]);
    // 75 + 25 + 50 fits exactly: one window.
    expect(metricWindowEnds(150)).toEqual([99]);
  });

  it('fall back to 15% / 75% / 10% when the default buffers do not fit, and to none below 20', () => {
    expect(metricWindowEnds(100)).toEqual([89]);
    expect(metricWindowStart(100)).toBe(15);
    expect(metricWindowEnds(149)).toEqual([134]);
    expect(metricWindowStart(149)).toBe(22);
    expect(metricWindowEnds(20)).toEqual([17]);
    expect(metricWindowEnds(19)).toEqual([]);
    expect(metricWindowEnds(0)).toEqual([]);
  });
});

describe('dual averaging of the step size', () => {
  // A stand-in for a sampler: the acceptance statistic falls with the step size as
  // 1/(1 + ε⁴) (ε = 1 accepts half the time), seen through uniform noise that stays within
  // [0, 1] so that it does not bias the statistic.
  const accept = (eps: number) => 1 / (1 + eps ** 4);
  const solve = (delta: number) => Math.pow(1 / delta - 1, 1 / 4);

  for (const delta of [0.6, 0.8, 0.95]) {
    it(`converges on a target acceptance of ${delta}`, () => {
      const rng = new Rng(1);
      const adapt = new StepSizeAdaptation(delta);
      adapt.restart(1);
      let eps = 1;
      for (let t = 0; t < 2000; t++) {
        const a = accept(eps);
        eps = adapt.learn(a + Math.min(a, 1 - a) * (2 * rng.next() - 1));
      }
      const final = adapt.final();
      expect(accept(final)).toBeCloseTo(delta, 1);
      expect(Math.abs(Math.log(final / solve(delta)))).toBeLessThan(0.05);
    });
  }

  it("steers a chain's mean acceptance statistic to the target", () => {
    const D = 10;
    const normal = (q: Float64Array, g: Float64Array) => {
      let lp = 0;
      for (let i = 0; i < D; i++) {
        lp -= 0.5 * q[i] * q[i];
        g[i] = -q[i];
      }
      return lp;
    };
    const steps: number[] = [];
    for (const delta of [0.6, 0.8, 0.95]) {
      const r = runChain(
        normal,
        D,
        { warmup: 1000, draws: 1000, maxDepth: 10, targetAccept: delta, thin: 1 },
        new Rng(9),
      );
      // The sampling step size is the average of the warmup's log iterates, which falls a little
      // below their last values, so the acceptance ends above the target, as in Stan: rstan
      // 2.21's four chains on this model at these settings end at a mean acceptance of
      // 0.66–0.77, 0.85–0.88 and 0.93–0.96 (step sizes 0.98–1.12, 0.70–0.81, 0.42–0.58).
      const a = mean(r.stats.acceptStat);
      expect(a).toBeGreaterThan(delta - 0.05);
      expect(a).toBeLessThan(delta + 0.2);
      steps.push(r.stepSize);
    }
    expect(steps[0]).toBeGreaterThan(steps[1]);
    expect(steps[1]).toBeGreaterThan(steps[2]);
  });
});

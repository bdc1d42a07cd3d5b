// A standardized real target (y = standardize(c) : real) is fit on the standardized scale; what
// is reported goes back to the target's units: y = mean + sd · y_std for labels and means, and
// sd · sigma for the noise scale. Without a standardized target, everything is returned as it is.
import type { StandardizationStats } from './data/standardize.js';
import type { Noise } from './metrics/predictive.js';
import type { Draws } from './metrics/summary.js';

export interface InUnits {
  labels: ArrayLike<number>;
  mean: Draws;
  noise: Noise;
}

export function inTargetUnits(
  stats: Pick<StandardizationStats, 'target'>,
  labels: ArrayLike<number>,
  mean: Draws,
  noise: Noise,
): InUnits {
  const s = stats.target;
  if (!s) return { labels, mean, noise };
  const value = (v: number) => s.mean + s.sd * v;
  const scale = (d: Draws): Draws => d.map((row) => Float64Array.from(row, (v) => s.sd * v));
  return {
    labels: Float64Array.from(labels, value),
    mean: mean.map((row) => Float64Array.from(row, value)),
    noise:
      noise.kind === 'normal'
        ? { kind: 'normal', sigma: scale(noise.sigma) }
        : noise.kind === 'student_t'
          ? { kind: 'student_t', sigma: scale(noise.sigma), nu: noise.nu }
          : noise,
  };
}

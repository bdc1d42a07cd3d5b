// Simulation-based calibration (Talts et al. 2018) of NUTS on a small logistic regression:
// θ = (w₁, w₂, b) ~ N(0, I), y_i ~ Bernoulli(σ(b + x_i·w)) on 20 fixed rows. For each of L
// replications, draw θ from the prior and y given θ, run a short chain on that y, and rank θ
// among the chain's (thinned, roughly independent) draws. If the sampler draws from the
// posterior, θ is one more draw from it, so each rank is uniform on 0..M.
import { describe, expect, it } from 'vitest';
import { runChain } from '../../src/runtime/nuts/chain.js';
import { Rng } from '../../src/runtime/rng.js';
import { ess, mean } from './helpers.js';

const ROWS = 20;
const DIM = 3;
const L = 200;
/** Kept draws per chain: ranks take M + 1 = 100 values, grouped into 10 bins of 10. */
const M = 99;
const THIN = 2;
const BINS = 10;
/** χ² with 9 degrees of freedom exceeds 27.88 with probability 0.001. */
const CHI2_9_999 = 27.88;

function logisticPosterior(x: Float64Array, y: Uint8Array) {
  return (q: Float64Array, grad: Float64Array): number => {
    const [w1, w2, b] = q;
    let lp = -0.5 * (w1 * w1 + w2 * w2 + b * b);
    grad[0] = -w1;
    grad[1] = -w2;
    grad[2] = -b;
    for (let i = 0; i < ROWS; i++) {
      const eta = b + w1 * x[2 * i] + w2 * x[2 * i + 1];
      // log σ(η) and log(1 − σ(η)), stably; the residual y − σ(η) is the gradient in η.
      const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      lp += y[i] ? eta - log1pExp : -log1pExp;
      const r = y[i] - 1 / (1 + Math.exp(-eta));
      grad[0] += r * x[2 * i];
      grad[1] += r * x[2 * i + 1];
      grad[2] += r;
    }
    return lp;
  };
}

/** Pearson's χ² of the ranks, grouped into BINS equal bins of 0..M, against uniform. */
function chiSquare(ranks: number[]): number {
  const counts = new Array(BINS).fill(0);
  for (const r of ranks) counts[Math.floor((r * BINS) / (M + 1))]++;
  const expected = ranks.length / BINS;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe('simulation-based calibration of NUTS', () => {
  it('gives uniform ranks on a logistic regression, and would catch a mis-scaled posterior', () => {
    const rng = new Rng(2018);
    const x = Float64Array.from({ length: 2 * ROWS }, () => rng.normal());
    const ranks: number[][] = Array.from({ length: DIM }, () => []);
    // The broken sampler: the same draws shrunk towards their mean by half, a posterior too narrow.
    const narrowRanks: number[][] = Array.from({ length: DIM }, () => []);
    const essFractions: number[] = [];
    for (let l = 0; l < L; l++) {
      const theta = Float64Array.from({ length: DIM }, () => rng.normal());
      const y = Uint8Array.from({ length: ROWS }, (_, i) =>
        rng.next() < 1 / (1 + Math.exp(-(theta[2] + theta[0] * x[2 * i] + theta[1] * x[2 * i + 1]))) ? 1 : 0,
      );
      const r = runChain(
        logisticPosterior(x, y),
        DIM,
        { warmup: 200, draws: M * THIN, maxDepth: 10, targetAccept: 0.8, thin: THIN },
        rng.fork(`replication/${l}`),
      );
      expect(r.kept).toBe(M);
      for (let k = 0; k < DIM; k++) {
        const d = Array.from({ length: M }, (_, s) => r.draws[s * DIM + k]);
        if (l < 20) essFractions.push(ess([d]) / M);
        ranks[k].push(d.filter((v) => v < theta[k]).length);
        const m = mean(d);
        narrowRanks[k].push(d.filter((v) => m + 0.5 * (v - m) < theta[k]).length);
      }
    }
    // Thinned by 2, the draws are close to independent: otherwise ranks bunch at the ends even
    // for an exact sampler.
    expect(mean(essFractions)).toBeGreaterThan(0.7);
    for (let k = 0; k < DIM; k++) {
      expect(chiSquare(ranks[k]), `θ[${k}]: ranks of the NUTS draws`).toBeLessThan(CHI2_9_999);
      expect(chiSquare(narrowRanks[k]), `θ[${k}]: ranks of the shrunk draws`).toBeGreaterThan(CHI2_9_999);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ebfmi, ebfmiByChain } from '../../src/runtime/diagnostics/index.js';
import { Rng } from '../../src/runtime/rng.js';

describe('E-BFMI', () => {
  it('matches the definition on a hand-computed case', () => {
    // Ē = 3; Σ(ΔE)² = 1 + 4 + 1 = 6; Σ(E − Ē)² = 4 + 1 + 1 + 4 = 10.
    expect(ebfmi([1, 2, 4, 5])).toBeCloseTo(0.6, 12);
  });

  it('independent energies: about 2; slowly varying energies (AR(1), ρ = 0.95): about 2(1 − ρ) = 0.1', () => {
    const rng = new Rng(31);
    const iid = Float64Array.from({ length: 4000 }, () => rng.normal());
    expect(Math.abs(ebfmi(iid) - 2)).toBeLessThan(0.15);
    const ar = new Float64Array(4000);
    for (let i = 1; i < ar.length; i++) ar[i] = 0.95 * ar[i - 1] + rng.normal();
    expect(ebfmi(ar)).toBeLessThan(0.3);
    expect(ebfmiByChain([iid, ar])).toHaveLength(2);
  });

  it('NaN for fewer than 2 or constant energies', () => {
    expect(ebfmi([1])).toBeNaN();
    expect(ebfmi([3, 3, 3])).toBeNaN();
  });
});

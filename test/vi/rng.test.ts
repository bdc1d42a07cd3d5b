import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/runtime/rng.js';

describe('Rng', () => {
  it('is a function of its seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(new Rng(43).next()).not.toBe(xs[0]);
    // Seeds that differ only above 32 bits give different streams.
    expect(new Rng(2 ** 40 + 1).next()).not.toBe(new Rng(1).next());
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const r = new Rng(1);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / n - s ** 2 / n ** 2 - 1 / 12)).toBeLessThan(0.003);
  });

  it('draws standard normals', () => {
    const r = new Rng(2);
    const n = 100_000;
    const xs = r.fillNormal(new Float64Array(n));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const k = xs.reduce((a, b) => a + (b - mean) ** 4, 0) / n / v ** 2;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.015);
    expect(Math.abs(k - 3)).toBeLessThan(0.06);
    expect(r.normal(10, 0) === 10).toBe(true);
  });

  it('draws integers uniformly in [0, n)', () => {
    const r = new Rng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => r.int(0)).toThrow();
    expect(() => r.int(2.5)).toThrow();
  });

  it('shuffles into a permutation', () => {
    const r = new Rng(4);
    const p = r.permutation(50);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const arr = ['a', 'b', 'c', 'd', 'e'];
    expect(r.shuffle(arr).slice().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('forks independent streams that depend only on seed and label', () => {
    const a = new Rng(5);
    const f1 = a.fork('init').next();
    a.next();
    a.next();
    expect(a.fork('init').next()).toBe(f1);
    expect(a.fork('eps').next()).not.toBe(f1);
    expect(a.fork('init').fork('x').label).toBe('init/x');
    expect(new Rng(6).fork('init').next()).not.toBe(f1);
  });
});

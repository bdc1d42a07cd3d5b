// The layer shorthand, h = dense(x, 12, relu): its parameters can be queried by name, it fits
// as the explicit form does (the same plan), and the editor shows what it expands to.
import { afterAll, describe, expect, it } from 'vitest';
import { lower } from '../../src/compiler/lower.js';
import { lowerToPlan } from '../../src/compiler/plan/lower.js';
import { checkSource } from '../../src/lang/front-end.js';
import { fitText, generatedCsv, modelText, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const short = modelText(
  'short',
  'out : binary',
  '  w : [6, 1] ~ Normal(0, 1)',
  '  h = dense(x, 6, tanh)\n  y ~ Bernoulli(logit = h @ w)',
  'evaluate train {\n  draws 100\n  weights h_W, h_b\n}',
);
const explicit = modelText(
  'short',
  'out : binary',
  '  h_W : [3, 6] ~ Normal(0, 1)\n  h_b : [6] ~ Normal(0, 1)\n  w : [6, 1] ~ Normal(0, 1)',
  '  h = tanh(x @ h_W + h_b)\n  y ~ Bernoulli(logit = h @ w)',
);

describe('the layer shorthand', () => {
  it('expands to the explicit parameters and node', () => {
    const doc = checkSource(short, 'm.bnn');
    expect(doc.diagnostics).toEqual([]);
    expect(doc.symbols.get('h')!.detail).toBe(
      'model node [N, 6] = tanh(x @ h_W + h_b), with h_W : [3, 6] and h_b : [6] ~ Normal(0, 1)',
    );
    const a = lower(doc.model!, short);
    const b = lower(checkSource(explicit, 'm.bnn').model!, explicit);
    expect(a.nodes).toEqual(b.nodes);
    expect(a.params.map((p) => [p.name, p.shape])).toEqual([
      ['w', [6, 1]],
      ['h_W', [3, 6]],
      ['h_b', [6]],
    ]);
    expect(lowerToPlan(a).instrs.length).toBe(lowerToPlan(b).instrs.length);
  });

  it('fits, and its parameters answer weights', async () => {
    const run = await fitText(
      short,
      generatedCsv(200, 8, (a, b, _c, rng) => (rng.next() < 1 / (1 + Math.exp(-(2 * a - b))) ? 1 : 0)),
    );
    expect(run.results.weights!.h_W.shape).toEqual([3, 6]);
    expect(run.results.weights!.h_b.mean).toHaveLength(6);
    expect(run.results.accuracy!).toBeGreaterThan(0.7);
  }, 120_000);
});

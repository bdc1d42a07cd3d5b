// The reference model checks clean, and the checked model says what the paper's network is.
import { describe, expect, it } from 'vitest';
import { check, rupture } from './helpers.js';

describe('models/rupture.bnn', () => {
  const doc = check(rupture, 'models/rupture.bnn');

  it('checks clean: no errors, no warnings', () => {
    expect(doc.diagnostics).toEqual([]);
    expect(doc.model).toBeDefined();
  });

  const m = doc.model!;

  it('reads the 9 columns and two sets, and knows where the files are published', () => {
    expect(m.name).toBe('rupture');
    expect(m.columns).toEqual(['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc', 'label']);
    expect(m.sets).toEqual([
      { name: 'train', files: ['rupture/rupturemodel_train.txt', 'rupture/rupturemodel_validate.txt'] },
      { name: 'test', files: ['rupture/rupturemodel_test.txt'] },
    ]);
    expect(m.sources.map((s) => s.file)).toEqual([
      'rupture/rupturemodel_train.txt',
      'rupture/rupturemodel_validate.txt',
      'rupture/rupturemodel_test.txt',
    ]);
    for (const s of m.sources) {
      expect(s.url).toMatch(/^https:\/\//);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(m.derived).toEqual([]);
  });

  it('has 8 standardized features and a binary target', () => {
    expect(m.features).toEqual([
      { name: 'x', columns: ['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc'], standardize: true },
    ]);
    expect(m.features[0].columns).toHaveLength(8);
    expect(m.target).toEqual({ name: 'y', column: 'label', kind: 'binary' });
    expect(m.trainSet).toBe('train');
    expect(m.balance).toEqual([{ set: 'train', method: 'upsample' }]);
  });

  it('has the 8-12-1 network: 4 parameters with Normal(0, 1) priors', () => {
    expect(m.params.map((p) => [p.name, p.shape])).toEqual([
      ['W0', [8, 12]],
      ['b0', [12]],
      ['W1', [12, 1]],
      ['b1', [1]],
    ]);
    for (const p of m.params) {
      expect(p.prior).toEqual({ dist: 'Normal', args: { mu: 0, sigma: 1 } });
      expect(p.positive).toBe(false);
    }
    expect(m.nodes.map((n) => [n.name, n.shape])).toEqual([['h', ['N', 12]]]);
    expect(m.likelihood.dist).toBe('Bernoulli');
    expect(Object.keys(m.likelihood.args)).toEqual(['p']);
  });

  it('fits by mean-field VI with Adam, 5000 steps, seed 2018', () => {
    expect(m.infer).toEqual({
      method: 'vi',
      guide: 'meanfield',
      optimizer: { kind: 'adam', lr: 0.05, decay: 0.999 },
      steps: 5000,
      samples: 1,
      batch: null,
      seed: 2018,
      restarts: 1,
      keep: 'best',
    });
  });

  it("evaluates on the test set with the paper's queries", () => {
    expect(m.evaluate).toEqual([
      {
        set: 'test',
        draws: 1000,
        threshold: { kind: 'maximize', metric: 'f1', set: 'test', refit: false },
        confusion: true,
        classification: true,
        uncertainty: true,
        importance: { method: 'permutation', byClass: true },
        weights: ['W0', 'W1'],
        priorPosterior: ['W0', 'W1', 'b0', 'b1'],
        priorShift: false,
      },
    ]);
  });

  it('keeps the optimistic-threshold warning only because of its allow comment', () => {
    const without = rupture.replace(/^\s*\/\/ bnnc: allow BNN1602.*$/m, '');
    const d = check(without);
    expect(d.diagnostics.map((x) => x.code)).toEqual(['BNN1602']);
    expect(d.diagnostics[0].severity).toBe('warning');
    expect(d.model).toBeDefined();
  });

  it('declares every name it uses, with the right kinds and shapes', () => {
    const kinds = Object.fromEntries([...doc.symbols.values()].map((s) => [s.name, s.kind]));
    expect(kinds).toMatchObject({
      train: 'set',
      test: 'set',
      x: 'features',
      y: 'target',
      W0: 'param',
      b0: 'param',
      W1: 'param',
      b1: 'param',
      h: 'node',
    });
    expect(doc.symbols.get('x')!.shape).toEqual(['N', 8]);
    expect(doc.symbols.get('y')!.shape).toEqual(['N', 1]);
    expect(doc.symbols.get('h')!.shape).toEqual(['N', 12]);
    // W0 is used in the model and named in weights and prior_posterior.
    expect(doc.symbols.get('W0')!.refs).toHaveLength(3);
  });
});

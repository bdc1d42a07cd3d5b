// The real data of the study (Ahamed & Daub 2019), read through the data path as a user would:
// BNN_DATA_PATH when set, else ../shared/data beside the repository, else the download cache that
// `bnnc fetch` fills (test/study-data.ts). Missing files fail the
// test with the data path's own message (how to get them), rather than skipping it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IRData } from '../../src/compiler/ir.js';
import { prepareData } from '../../src/runtime/data/prepare.js';
import { loadDataSets } from '../../src/data/read.js';
import { Rng } from '../../src/runtime/rng.js';
import { studyDataPath } from '../study-data.js';

const BNN_DATA_PATH = studyDataPath();

const COLUMNS = ['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc', 'label'];
const SETS = { train: 'rupturemodel_train.txt', validate: 'rupturemodel_validate.txt', test: 'rupturemodel_test.txt' };
// From shared/README.md.
const SHA256: Record<string, string> = {
  train: 'ad9e8d98e7dc513df268b2ae2ad097b84d527323f5cc329e3400919a01657d06',
  validate: 'd14ad1b12856e596a85ef63ac1d72369454dc6a05e0893833a8edf6bfb71d0cd',
  test: '5bdc7d6e666b096a0c54accb85e9bf2659204ce1e1cb56c1f13516be1c15a844',
};

const rupture: IRData = {
  columns: COLUMNS,
  sets: Object.entries(SETS).map(([name, file]) => ({ name, files: [`rupture/${file}`] })),
  splits: [],
  sources: [],
  derived: [],
  features: [{ name: 'x', columns: COLUMNS.slice(0, 8), standardize: true }],
  target: { name: 'y', column: 'label', kind: 'binary' },
  trainSet: 'train',
  balance: [{ set: 'train', method: 'upsample' }],
};

describe('the rupture data', () => {
  it('loads through BNN_DATA_PATH with the published row counts and binary labels', () => {
    // An empty model folder and no cache, so only BNN_DATA_PATH can supply the files.
    const env = { BNN_DATA_PATH, XDG_CACHE_HOME: '/nonexistent-bnnc-cache' };
    const raw = loadDataSets(rupture, {
      modelDir: '/nonexistent-bnnc-model-dir',
      env,
      modelFile: 'models/rupture.bnn',
    });

    expect(Object.fromEntries(Object.entries(raw).map(([k, t]) => [k, t.n]))).toEqual({
      train: 1000,
      validate: 600,
      test: 400,
    });
    for (const [name, table] of Object.entries(raw)) {
      expect(Object.keys(table.columns)).toEqual(COLUMNS);
      const sha = createHash('sha256').update(fs.readFileSync(table.files[0])).digest('hex');
      expect(sha, `${table.files[0]} is not the published file`).toBe(SHA256[name]);
      const labels = new Set(table.columns.label);
      expect([...labels].sort()).toEqual([0, 1]);
    }

    const prepared = prepareData(rupture, raw, new Rng(2019));
    const train = prepared.sets.train;
    const ones = Array.from(train.target).filter((y) => y === 1).length;
    expect(ones * 2).toBe(train.n);
    expect(prepared.standardization.features[0].columns).toEqual(COLUMNS.slice(0, 8));
    expect(prepared.sets.test.features.x).toHaveLength(400 * 8);
  });
});

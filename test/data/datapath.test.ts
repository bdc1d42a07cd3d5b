import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataPathError,
  dataCacheDir,
  dataSearchPath,
  resolveDataFile,
  resolveDataFiles,
} from '../../src/data/datapath.js';
import { loadDataSets } from '../../src/data/read.js';
import { STUDY_FILE, studyDataPath } from '../study-data.js';
import { cleanEnv, irData, tempDir, thrown } from './helpers.js';

const NAME = 'rupture/train.txt';

describe('data path', () => {
  it('looks in the model folder, then --data-dir, then BNN_DATA_PATH, then the cache', () => {
    const model = tempDir({ [NAME]: 'm' });
    const dirA = tempDir();
    const dirB = tempDir({ [NAME]: 'b' });
    const envA = tempDir();
    const envB = tempDir({ [NAME]: 'e' });
    const cache = tempDir({ [`bnnc/data/${NAME}`]: 'c' });
    const env = cleanEnv({ BNN_DATA_PATH: `${envA}::${envB}`, XDG_CACHE_HOME: cache });
    const opts = { modelDir: model, dataDirs: [dirA, dirB], env };

    expect(dataSearchPath(opts).map((f) => f.source)).toEqual([
      'model folder',
      '--data-dir',
      '--data-dir',
      'BNN_DATA_PATH',
      'BNN_DATA_PATH',
      'download cache',
    ]);
    const read = () => fs.readFileSync(resolveDataFile(NAME, opts), 'utf8');
    expect(read()).toBe('m');
    fs.rmSync(path.join(model, NAME));
    expect(read()).toBe('b');
    fs.rmSync(path.join(dirB, NAME));
    expect(read()).toBe('e');
    fs.rmSync(path.join(envB, NAME));
    expect(read()).toBe('c');
    expect(resolveDataFile(NAME, opts)).toBe(path.join(cache, 'bnnc', 'data', NAME));
  });

  it('puts the cache under $XDG_CACHE_HOME, else ~/.cache, ignoring a relative XDG_CACHE_HOME', () => {
    expect(dataCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/bnnc/data');
    expect(dataCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/bnnc/data');
    expect(dataCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.cache/bnnc/data');
  });

  it('names every place looked and how to get the data when a file is missing', () => {
    const model = tempDir();
    const dir = tempDir();
    const envDir = tempDir();
    const env = cleanEnv({ BNN_DATA_PATH: envDir });
    const err = thrown(
      () => resolveDataFile(NAME, { modelDir: model, dataDirs: [dir], env, modelFile: 'models/rupture.bnn' }),
      DataPathError,
    );
    const e = err;
    expect(e.files).toEqual([NAME]);
    const places = [model, dir, envDir, dataCacheDir(env)].map((d) => path.join(d, NAME));
    expect(e.tried).toEqual(places);
    for (const p of places) expect(e.message).toContain(p);
    expect(e.message).toContain('bnnc fetch models/rupture.bnn');
    expect(e.message).toContain('BNN_DATA_PATH');
  });

  it('reports all missing files at once', () => {
    const dir = tempDir({ 'a.txt': '1' });
    const env = cleanEnv();
    expect(() => resolveDataFiles(['a.txt', 'b.txt', 'c.txt'], { modelDir: dir, env })).toThrow(
      /"b\.txt" not found[\s\S]*"c\.txt" not found/,
    );
    expect(resolveDataFiles(['a.txt'], { modelDir: dir, env })).toEqual([path.join(dir, 'a.txt')]);
  });

  it('makes loadDataSets fail with the data path error before reading anything', () => {
    const dir = tempDir();
    expect(() => loadDataSets(irData(), { modelDir: dir, env: cleanEnv() })).toThrow(DataPathError);
  });
});

describe("the tests' own data folder", () => {
  it('is BNN_DATA_PATH when set, else ../shared/data when it has the study, else the download cache `bnnc fetch` fills', () => {
    const shared = tempDir({ [STUDY_FILE]: '1 2 3\n' });
    const empty = path.join(tempDir(), 'shared-data');
    const home = tempDir({ [path.join('.cache/bnnc/data', STUDY_FILE)]: '1 2 3\n' });
    expect(studyDataPath({ BNN_DATA_PATH: '/somewhere', HOME: home }, shared)).toBe('/somewhere');
    expect(studyDataPath({ HOME: home }, shared)).toBe(shared);
    expect(studyDataPath({ HOME: home }, empty)).toBe(path.join(home, '.cache/bnnc/data'));
    const xdg = tempDir({ [path.join('bnnc/data', STUDY_FILE)]: '1 2 3\n' });
    expect(studyDataPath({ HOME: home, XDG_CACHE_HOME: xdg }, empty)).toBe(path.join(xdg, 'bnnc/data'));
    // Nowhere: the default, so the failure names ../shared/data.
    expect(studyDataPath({ HOME: tempDir() }, empty)).toBe(empty);
  });
});

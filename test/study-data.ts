// Where the tests find the study's data (the rupture files), as one folder for BNN_DATA_PATH:
//   1. BNN_DATA_PATH, when set;
//   2. else ../shared/data beside the repository, when it holds the files;
//   3. else the download cache that `npx bnnc fetch models/rupture.bnn` fills
//      ($XDG_CACHE_HOME/bnnc/data or ~/.cache/bnnc/data), when it holds them;
//   4. else ../shared/data all the same, so a missing file fails with the data path's own message.
// The tests then set XDG_CACHE_HOME to a folder that does not exist, so that nothing but this
// folder can supply the files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataCacheDir, type Env } from '../src/data/datapath.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The file whose presence says a folder holds the study's data. */
export const STUDY_FILE = 'rupture/rupturemodel_train.txt';

export function studyDataPath(env: Env = process.env, shared = path.join(root, '../shared/data')): string {
  if (env.BNN_DATA_PATH) return env.BNN_DATA_PATH;
  const cache = dataCacheDir(env);
  for (const dir of [shared, cache]) if (fs.existsSync(path.join(dir, STUDY_FILE))) return dir;
  return shared;
}

// The reference model and its data, loaded exactly as `bnnc run` loads them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IRModel } from '../src/compiler/ir.js';
import { lower } from '../src/compiler/lower.js';
import { checkSource } from '../src/lang/front-end.js';
import { loadDataSets, prepareData, type PreparedSet } from '../src/runtime/data/index.js';
import { Rng } from '../src/runtime/rng.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function loadReference(): { ir: IRModel; train: PreparedSet; test: PreparedSet } {
  const file = path.join(root, 'models/rupture.bnn');
  const text = readFileSync(file, 'utf8');
  const doc = checkSource(text, file);
  if (!doc.model) throw new Error(`${file} does not check: ${doc.diagnostics.map((d) => d.message).join('; ')}`);
  const ir = lower(doc.model, text);
  const env = { ...process.env, BNN_DATA_PATH: process.env.BNN_DATA_PATH || path.join(root, '../shared/data') };
  const raw = loadDataSets(ir.data, { modelDir: path.dirname(file), env });
  const data = prepareData(ir.data, raw, new Rng(ir.infer.seed).fork('data'));
  return { ir, train: data.sets.train, test: data.sets.test };
}

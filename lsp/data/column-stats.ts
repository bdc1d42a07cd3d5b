// The range and mean of a column in the training set's files, for hover. Files are found as
// the runtime finds them (the model's folder, then BNN_DATA_PATH, then the download cache) and
// read with the runtime's reader; each file's statistics are cached by path, size and mtime.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as A from '../../src/lang/syntax/ast.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { resolveDataFile, type Env } from '../../src/data/datapath.js';
import { ProblemCollector } from '../../src/data/errors.js';
import { readDataFile } from '../../src/data/read.js';

export interface ColumnStats {
  set: string;
  files: string[];
  rows: number;
  min: number;
  max: number;
  mean: number;
}

export type ColumnStatsResult = ColumnStats | { set: string; missing: string[] } | undefined;

interface Summary {
  n: number;
  min: number;
  max: number;
  sum: number;
}

const cache = new Map<string, { key: string; summaries: Map<string, Summary> }>();

/** Statistics of `column` over the training set, what could not be found, or undefined when the model names no set. */
export function columnStats(
  doc: CheckedDocument,
  modelPath: string | undefined,
  column: string,
  env: Env = process.env,
): ColumnStatsResult {
  const set = trainingSet(doc.program);
  if (!set) return undefined;
  const columns = [...doc.symbols.values()]
    .filter((s) => s.kind === 'column')
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((s) => s.name);
  if (!columns.includes(column)) return undefined;
  const options = readOptions(set);
  const found: string[] = [];
  const missing: string[] = [];
  let total: Summary = { n: 0, min: Infinity, max: -Infinity, sum: 0 };
  for (const file of set.files.map((f) => f.value)) {
    let resolved: string;
    try {
      resolved = resolveDataFile(file, { modelDir: modelPath ? path.dirname(modelPath) : undefined, env });
    } catch {
      missing.push(file);
      continue;
    }
    const s = fileSummaries(resolved, columns, options).get(column);
    if (!s) continue;
    found.push(file);
    total = {
      n: total.n + s.n,
      min: Math.min(total.min, s.min),
      max: Math.max(total.max, s.max),
      sum: total.sum + s.sum,
    };
  }
  if (missing.length > 0) return { set: set.name.name, missing };
  if (total.n === 0) return undefined;
  return { set: set.name.name, files: found, rows: total.n, min: total.min, max: total.max, mean: total.sum / total.n };
}

/** The set named by `infer … on SET`, else the set named train, else the first set. */
function trainingSet(program: A.Program): A.ReadStmt | undefined {
  const reads = program.blocks.flatMap((b) =>
    b.kind === 'data' ? b.statements.filter((s): s is A.ReadStmt => s.kind === 'read') : [],
  );
  const infer = program.blocks.find((b): b is A.InferBlock => b.kind === 'infer');
  const wanted = infer?.set?.name ?? 'train';
  return reads.find((r) => r.name.name === wanted) ?? reads[0];
}

function readOptions(set: A.ReadStmt): { header?: boolean; separator?: string } {
  const out: { header?: boolean; separator?: string } = {};
  for (const o of set.options) {
    if (o.name.name === 'header' && o.value.kind === 'word') out.header = o.value.ident.name === 'true';
    if (o.name.name === 'sep' && o.value.kind === 'string')
      out.separator = o.value.value === ' ' ? 'whitespace' : o.value.value;
  }
  return out;
}

function fileSummaries(
  file: string,
  columns: string[],
  options: { header?: boolean; separator?: string },
): Map<string, Summary> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return new Map();
  }
  const key = JSON.stringify([stat.size, stat.mtimeMs, columns, options]);
  const hit = cache.get(file);
  if (hit && hit.key === key) return hit.summaries;
  const rows = readDataFile(file, { columns, ...options }, new ProblemCollector());
  const summaries = new Map<string, Summary>();
  columns.forEach((c, j) => {
    const values = rows.values[j].subarray(0, rows.n);
    if (values.length === 0) return;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    summaries.set(c, { n: values.length, min, max, sum });
  });
  cache.set(file, { key, summaries });
  return summaries;
}

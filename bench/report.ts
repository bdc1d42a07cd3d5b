// What the report adds to `bnnc run models/rupture.bnn` (goal < 3 s): the reference model is
// run without it, then the figures and report.html are made from its results, loading vega
// first as a run does (cold), and once more (warm).
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lower } from '../src/compiler/lower.js';
import { checkSource } from '../src/lang/front-end.js';
import { runModel } from '../src/runtime/run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function benchReport(): Promise<{ coldSeconds: number; warmSeconds: number; figures: number }> {
  const file = path.join(root, 'models/rupture.bnn');
  const text = readFileSync(file, 'utf8');
  const doc = checkSource(text, file);
  if (!doc.model) throw new Error(`${file} does not check`);
  const ir = lower(doc.model, text);
  const env = { ...process.env, BNN_DATA_PATH: process.env.BNN_DATA_PATH || path.join(root, '../shared/data') };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-bench-report-'));
  const run = await runModel(ir, { outDir, modelDir: path.dirname(file), env, report: false });
  const input = { results: run.results, ir, rowLabels: run.rowLabels, sourceText: text };

  const t0 = performance.now();
  const { writeReport } = await import('../src/runtime/report/write.js');
  const files = await writeReport(input, outDir);
  const t1 = performance.now();
  await writeReport(input, outDir);
  const t2 = performance.now();
  return { coldSeconds: (t1 - t0) / 1000, warmSeconds: (t2 - t1) / 1000, figures: files.figures.length };
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchReport();
  console.log(
    `report of models/rupture.bnn: ${r.coldSeconds.toFixed(2)} s with vega loaded (goal < 3 s), ${r.warmSeconds.toFixed(2)} s again; ${r.figures} figures`,
  );
}

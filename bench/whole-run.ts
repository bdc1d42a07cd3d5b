// The wall time and peak memory of `bnnc run models/rupture.bnn` (goals: under 30 s, under 600 MB),
// measured in a child process that runs the command's whole path.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function benchWholeRun(backend?: string): { seconds: number; peakMB: number; f1?: number; auc?: number } {
  const out = path.join(os.tmpdir(), `bnnc-bench-run-${process.pid}`);
  const env = { ...process.env, BNN_DATA_PATH: process.env.BNN_DATA_PATH || path.join(root, '../shared/data') };
  const args = [path.join(root, 'dist/bnnc.js'), 'run', path.join(root, 'models/rupture.bnn'), '--out', out, '--quiet'];
  if (backend) args.push('--backend', backend);
  const t0 = performance.now();
  // /usr/bin/time is not everywhere; the child reports its own peak memory on exit instead.
  const r = spawnSync(process.execPath, ['--import', path.join(root, 'dist/bench/report-rss.js'), ...args], {
    env,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`bnnc run failed (${r.status}):\n${r.stderr}`);
  const rss = /peak-rss-kb (\d+)/.exec(r.stderr);
  const f1 = /weighted F1 ([0-9.]+)/.exec(r.stdout);
  const auc = /ROC AUC ([0-9.]+)/.exec(r.stdout);
  return {
    seconds,
    peakMB: rss ? Number(rss[1]) / 1024 : NaN,
    f1: f1 ? Number(f1[1]) : undefined,
    auc: auc ? Number(auc[1]) : undefined,
  };
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const r = benchWholeRun(process.argv[2]);
  console.log(
    `bnnc run models/rupture.bnn: ${r.seconds.toFixed(1)} s wall (goal < 30 s), peak ${r.peakMB.toFixed(0)} MB (goal < 600 MB); F1 ${r.f1}, AUC ${r.auc}`,
  );
}

// Benchmark of the executors on the rupture model (8-12-1 BNN, 2,082 rows after upsampling,
// 1,600 distinct, which the likelihood weights instead of copying).
//
//   npx tsc -p tsconfig.json && node dist/bench/vi.js [--backend js|wasm|cpu|tensorflow]... [--steps 5000] [--no-fit] [--no-torch]
//
// For each executor: ms per ELBO step (full batch; 1 and 8 Monte-Carlo samples), ms per
// gradient of the log joint at one point (full batch, and 64 rows), then the wall time of a
// whole fit (5000 steps by default) plus 1000 posterior draws predicted on the 400 test rows,
// with the test AUC as a sanity check. Side by side, in the same run, PyTorch's Bayes by Backprop
// on the same model (../shared/anchors/torch_bbb.py, where /usr/bin/python3 has torch), and the
// ratio of each executor's step to PyTorch's. The data are read through BNN_DATA_PATH (default
// ../shared/data), as `bnnc run` reads them.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BACKENDS, BackendUnavailableError, compileModel, type BackendName } from '../src/compiler/compile.js';
import { mergeDuplicateRows, selectRows } from '../src/compiler/data.js';
import { fitVI } from '../src/runtime/vi/fit.js';
import { posteriorDraws, predictScores } from '../src/runtime/vi/posterior.js';
import { Rng } from '../src/runtime/rng.js';
import { rocAuc } from '../src/runtime/metrics/roc.js';
import { loadReference } from './rupture.js';

interface Args {
  backends: BackendName[];
  steps: number;
  fit: boolean;
  torch: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { backends: [], steps: 5000, fit: true, torch: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--backend') a.backends.push(argv[++i] as BackendName);
    else if (k === '--steps') a.steps = Number(argv[++i]);
    else if (k === '--no-fit') a.fit = false;
    else if (k === '--no-torch') a.torch = false;
    else throw new Error(`unknown argument ${k}`);
  }
  if (a.backends.length === 0) a.backends = [...BACKENDS];
  return a;
}

/** PyTorch's ms per step at S samples, or null where torch is not installed. */
function torchMsPerStep(S: number): number | null {
  const script = path.resolve('../shared/anchors/torch_bbb.py');
  const dataDir = path.join(process.env.BNN_DATA_PATH || path.resolve('../shared/data'), 'rupture');
  if (!existsSync(script) || !existsSync('/usr/bin/python3')) return null;
  const r = spawnSync('/usr/bin/python3', [script, dataDir, S === 1 ? '2000' : '500', String(S)], { encoding: 'utf8' });
  const m = /([\d.]+) ms\/step/.exec(r.stdout ?? '');
  if (!m) {
    console.log(`  PyTorch (S=${S}) did not run: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`);
    return null;
  }
  return Number(m[1]);
}

/** Median ms per call of f over `reps` batches of `calls`. */
function msPerCall(f: () => void, calls: number, reps = 7): number {
  for (let i = 0; i < calls; i++) f();
  const per: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) f();
    per.push((performance.now() - t) / calls);
  }
  per.sort((a, b) => a - b);
  return per[Math.floor(reps / 2)];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const data = loadReference();
  const seed = data.ir.infer.seed;
  console.log(`rupture: ${data.train.n} training rows (upsampled), ${data.test.n} test rows; Node ${process.version}`);
  const results: Record<string, unknown>[] = [];
  // PyTorch first and again last, so that a change of load shows in its two readings.
  const torch: { S1: number | null; S8: number | null } = { S1: null, S8: null };
  if (args.torch) {
    torch.S1 = torchMsPerStep(1);
    torch.S8 = torchMsPerStep(8);
    if (torch.S1 !== null)
      console.log(`\n[PyTorch] ELBO step, 1 sample: ${torch.S1.toFixed(3)} ms; 8 samples: ${torch.S8?.toFixed(3)} ms`);
  }
  for (const backend of args.backends) {
    const ir = data.ir;
    if (ir.infer.method !== 'vi') throw new Error('the reference model is fitted with infer vi');
    const infer = ir.infer;
    let cm;
    try {
      cm = await compileModel(ir, { backend });
    } catch (e) {
      if (e instanceof BackendUnavailableError) {
        console.log(`\n[${backend}] skipped: ${e.message}`);
        continue;
      }
      throw e;
    }
    console.log(`\n[${backend}]`);
    const row: Record<string, unknown> = { backend };
    for (const samples of [1, 8]) {
      // One fit, timed between progress callbacks every `every` steps: the median interval is
      // the steady-state cost of a step (the first intervals include JIT warm-up).
      const every = samples === 1 ? 100 : 20;
      const stamps: number[] = [];
      fitVI(
        cm,
        data.train,
        { ...infer, samples, steps: every * 16 },
        new Rng(1),
        () => stamps.push(performance.now()),
        { progressEvery: every },
      );
      const per = stamps
        .slice(1)
        .map((t, i) => (t - stamps[i]) / every)
        .slice(3);
      per.sort((x, y) => x - y);
      const med = per[Math.floor(per.length / 2)];
      console.log(
        `  ELBO step, full batch, ${samples} sample${samples > 1 ? 's' : ''}: ${med.toFixed(3)} ms (min ${per[0].toFixed(3)})`,
      );
      row[`msPerStepS${samples}`] = med;
      row[`msPerStepS${samples}Min`] = per[0];
    }
    const merged = mergeDuplicateRows(data.train);
    const z = Float64Array.from({ length: cm.dim }, (_, i) => 0.3 * Math.sin(i + 1));
    const grad = new Float64Array(cm.dim);
    const full = cm.density(merged);
    row.msPerGradient = msPerCall(() => full.logDensity(z, grad), 300);
    const few = cm.density(
      selectRows(
        merged,
        Int32Array.from({ length: 64 }, (_, i) => i),
      ),
    );
    row.msPerGradient64 = msPerCall(() => few.logDensity(z, grad), 2000);
    console.log(
      `  log-joint gradient at one point: ${(row.msPerGradient as number).toFixed(4)} ms (${merged.n} weighted rows), ${(row.msPerGradient64 as number).toFixed(4)} ms (64 rows)`,
    );
    if (args.fit) {
      const t0 = performance.now();
      const fit = fitVI(cm, data.train, { ...infer, steps: args.steps }, new Rng(seed));
      const t1 = performance.now();
      const draws = posteriorDraws(fit, 1000, new Rng(seed).fork('draws'));
      const sc = predictScores(cm, draws, data.test);
      const t2 = performance.now();
      const n = data.test.n;
      const mean = new Float64Array(n);
      for (let s = 0; s < 1000; s++) for (let i = 0; i < n; i++) mean[i] += sc.values[s * n + i] / 1000;
      const a = rocAuc(data.test.target, mean);
      console.log(
        `  fit ${args.steps} steps: ${((t1 - t0) / 1000).toFixed(2)} s; 1000 draws × ${n} rows: ${((t2 - t1) / 1000).toFixed(2)} s; ` +
          `total ${((t2 - t0) / 1000).toFixed(2)} s; test AUC ${a.toFixed(4)}`,
      );
      Object.assign(row, { fitSeconds: (t1 - t0) / 1000, predictSeconds: (t2 - t1) / 1000, auc: a, steps: args.steps });
    }
    results.push(row);
    cm.dispose();
  }
  if (args.torch && torch.S1 !== null) {
    const again = { S1: torchMsPerStep(1), S8: torchMsPerStep(8) };
    // The better of PyTorch's two readings: the ratio is then the least flattering to bnnc.
    const t1 = Math.min(torch.S1, again.S1 ?? Infinity);
    const t8 = Math.min(torch.S8 ?? Infinity, again.S8 ?? Infinity);
    console.log(`\n[PyTorch] again: 1 sample ${again.S1?.toFixed(3)} ms, 8 samples ${again.S8?.toFixed(3)} ms`);
    for (const row of results) {
      row.torchMsPerStepS1 = t1;
      row.torchMsPerStepS8 = t8;
      row.ratioS1 = (row.msPerStepS1 as number) / t1;
      row.ratioS8 = (row.msPerStepS8 as number) / t8;
      console.log(
        `  ${String(row.backend).padEnd(10)} ELBO step ÷ PyTorch's: 1 sample ${(row.ratioS1 as number).toFixed(2)} (goal ≤ 0.5), 8 samples ${(row.ratioS8 as number).toFixed(2)} (goal ≤ 0.7)`,
      );
    }
  }
  console.log('\n' + JSON.stringify({ bench: 'vi-rupture', results }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

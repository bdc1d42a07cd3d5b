// Benchmark of the VI engine on the rupture model (8-12-1 BNN, ~2,080 rows after upsampling).
//
//   npx tsc -p tsconfig.json && node dist/bench/vi.js [--backend cpu|wasm|tensorflow]... [--steps 5000] [--no-fit]
//
// For each backend: ms per ELBO step (full batch; 1 and 8 Monte-Carlo samples), then the wall
// time of a whole fit (5000 steps by default) plus 1000 posterior draws predicted on the 400
// test rows, with the test AUC as a sanity check. The model is models/rupture.bnn and its data
// are read through BNN_DATA_PATH (default ../shared/data), as `bnnc run` reads them.

import { compileModel } from '../src/compiler/compile.js';
import { BackendUnavailableError, type BackendName } from '../src/compiler/compile.js';
import { fitVI } from '../src/runtime/vi/fit.js';
import { posteriorDraws, predictScores } from '../src/runtime/vi/posterior.js';
import { Rng } from '../src/runtime/rng.js';
import { rocAuc } from '../src/runtime/metrics/roc.js';
import { loadReference } from './rupture.js';

interface Args {
  backends: BackendName[];
  steps: number;
  fit: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { backends: [], steps: 5000, fit: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--backend') a.backends.push(argv[++i] as BackendName);
    else if (k === '--steps') a.steps = Number(argv[++i]);
    else if (k === '--no-fit') a.fit = false;
    else throw new Error(`unknown argument ${k}`);
  }
  if (a.backends.length === 0) a.backends = ['wasm', 'cpu', 'tensorflow'];
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const data = loadReference();
  const seed = data.ir.infer.seed;
  console.log(`rupture: ${data.train.n} training rows (upsampled), ${data.test.n} test rows; Node ${process.version}`);
  const results: Record<string, unknown>[] = [];
  for (const backend of args.backends) {
    const ir = data.ir;
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
      fitVI(cm, data.train, { ...ir.infer, samples, steps: every * 16 }, new Rng(1), () => stamps.push(performance.now()), { progressEvery: every });
      const per = stamps.slice(1).map((t, i) => (t - stamps[i]) / every).slice(3);
      per.sort((x, y) => x - y);
      const med = per[Math.floor(per.length / 2)];
      console.log(`  ELBO step, full batch, ${samples} sample${samples > 1 ? 's' : ''}: ${med.toFixed(3)} ms (min ${per[0].toFixed(3)})`);
      row[`msPerStepS${samples}`] = med;
      row[`msPerStepS${samples}Min`] = per[0];
    }
    if (args.fit) {
      const t0 = performance.now();
      const fit = fitVI(cm, data.train, { ...ir.infer, steps: args.steps }, new Rng(seed));
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
  console.log('\n' + JSON.stringify({ bench: 'vi-rupture', results }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

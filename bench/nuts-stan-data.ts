// bnnc's NUTS against Stan's on identical data: the rows Stan's reference run was given (R's
// upsampling and standardization, bench/stan_data.R), the rupture network, and the per-case
// posterior mean score of each, compared with ../shared/anchors/stan_nuts_pred.txt (2 chains ×
// 500 draws of Stan). Long (minutes): `npm run bench -- --long` runs it.
//
//   node dist/bench/nuts-stan-data.js [--chains 4] [--warmup 500] [--draws 500] [--seed 2018]
//
// models/rupture-nuts.bnn prepares the data bnnc's way (its own upsampling draws; statistics from
// the rows before upsampling), so its posterior is another one; this bench isolates the sampler.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lower } from '../src/compiler/lower.js';
import { checkSource } from '../src/lang/front-end.js';
import { rocAuc } from '../src/runtime/metrics/roc.js';
import { runModel } from '../src/runtime/run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const model = (chains: number, warmup: number, draws: number, seed: number) => `model rupture_stan_data
data {
  columns height, width, sxx, sxy, syy, sdrop, mud, dc, label
  train = read("train.txt")
  test = read("test.txt")
  x = features(height .. dc)
  y = label : binary
}
parameters {
  W0 : [8, 12] ~ Normal(0, 1)
  b0 : [12] ~ Normal(0, 1)
  W1 : [12, 1] ~ Normal(0, 1)
  b1 : [1] ~ Normal(0, 1)
}
model {
  h = relu(x @ W0 + b0)
  y ~ Bernoulli(sigmoid(h @ W1 + b1))
}
infer nuts {
  chains ${chains}
  warmup ${warmup}
  draws ${draws}
  seed ${seed}
}
evaluate test {
  draws ${chains * draws}
}
`;

function scores(label: number[], p: number[]): { f1At05: number; auc: number; nll: number } {
  let nll = 0;
  const counts = [0, 0].map(() => ({ tp: 0, pred: 0, actual: 0 }));
  label.forEach((y, i) => {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    nll -= y === 1 ? Math.log(q) : Math.log(1 - q);
    const pred = p[i] >= 0.5 ? 1 : 0;
    counts[pred].pred++;
    counts[y].actual++;
    if (pred === y) counts[y].tp++;
  });
  const f1 = counts.reduce((a, c) => a + (c.actual * (c.tp ? (2 * c.tp) / (c.pred + c.actual) : 0)) / label.length, 0);
  return { f1At05: f1, auc: rocAuc(label, p), nll: nll / label.length };
}

async function main(): Promise<void> {
  const [chains, warmup, draws, seed] = [arg('chains', 4), arg('warmup', 500), arg('draws', 500), arg('seed', 2018)];
  const dataDir = path.join(process.env.BNN_DATA_PATH || path.join(root, '../shared/data'), 'rupture');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-stan-data-'));
  try {
    const r = spawnSync('Rscript', [path.join(root, 'bench/stan_data.R'), dataDir, dir], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      console.log(
        `  skipped: Rscript could not write Stan's rows (${r.error ? (r.error as NodeJS.ErrnoException).code : (r.stderr || '').trim().split('\n').pop()})`,
      );
      return;
    }
    const text = model(chains, warmup, draws, seed);
    const file = path.join(dir, 'm.bnn');
    const doc = checkSource(text, file);
    if (!doc.model) throw new Error(doc.diagnostics.map((d) => d.message).join('; '));
    const t0 = performance.now();
    const run = await runModel(lower(doc.model, text), { outDir: path.join(dir, 'run'), modelDir: dir, report: false });
    const seconds = (performance.now() - t0) / 1000;
    const stan = readFileSync(path.join(root, '../shared/anchors/stan_nuts_pred.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const pc = run.results.per_case!;
    const dist = pc.mean.reduce((a, m, i) => a + Math.abs(m - stan[i][0]), 0) / pc.mean.length;
    const ours = scores(pc.label, pc.mean);
    const theirs = scores(
      pc.label,
      stan.map((s) => s[0]),
    );
    const sd = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    console.log(
      `  bnnc NUTS, ${chains} chains × (${warmup} + ${draws}) on Stan's ${2082} rows, in ${seconds.toFixed(0)} s:`,
    );
    console.log(
      `    bnnc: F1 at 0.5 ${ours.f1At05.toFixed(4)}, AUC ${ours.auc.toFixed(4)}, NLL ${ours.nll.toFixed(4)}, mean sd ${sd(pc.sd).toFixed(4)}`,
    );
    console.log(
      `    Stan: F1 at 0.5 ${theirs.f1At05.toFixed(4)}, AUC ${theirs.auc.toFixed(4)}, NLL ${theirs.nll.toFixed(4)}, mean sd ${sd(stan.map((s) => s[1])).toFixed(4)}`,
    );
    console.log(
      `    per case, mean |bnnc − Stan| of the mean score: ${dist.toFixed(4)} (goal ≤ 0.05; Stan's two chains differ by about 0.04)`,
    );
    console.log(
      '\n' +
        JSON.stringify({
          bench: 'nuts-stan-data',
          chains,
          warmup,
          draws,
          seconds,
          bnnc: ours,
          stan: theirs,
          meanAbsDiff: dist,
        }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

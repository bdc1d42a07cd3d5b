// npm run bench: every timing goal of the project, each measured in its own process so one
// cannot warm or slow another. Run after `npm run build` (npm ci does it).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const benches: { title: string; script: string; args?: string[] }[] = [
  { title: 'Front end: checking a 5,000-line model (goal < 200 ms)', script: 'check.js' },
  {
    title: 'Language server on a 5,000-line model (goals: diagnostics < 100 ms, hover and completion < 20 ms)',
    script: 'lsp.js',
  },
  {
    title:
      'Executors on the rupture model: ELBO steps beside PyTorch (goals ≤ 0.5× at 1 sample, ≤ 0.7× at 8), log-joint gradient (goals ≤ 0.4 ms full batch, ≤ 0.03 ms at 64 rows)',
    script: 'vi.js',
  },
  {
    title: 'NUTS on the rupture model beside Stan at the same settings (goal: ≥ 3× faster per chain)',
    script: 'nuts.js',
  },
  { title: 'Whole run: bnnc run models/rupture.bnn (goals < 30 s, < 600 MB)', script: 'whole-run.js' },
  { title: 'The figures and report.html of a run (goal < 3 s)', script: 'report.js' },
];

// --long adds the benches that take minutes.
if (process.argv.includes('--long')) {
  benches.push({
    title: "NUTS on Stan's own rows: per-case posterior mean beside Stan's reference run (goal: mean distance ≤ 0.05)",
    script: 'nuts-stan-data.js',
  });
}

let failed = 0;
for (const b of benches) {
  console.log(`\n== ${b.title}`);
  const r = spawnSync(process.execPath, [path.join(here, b.script), ...(b.args ?? [])], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(${b.script} failed with status ${r.status})`);
  }
}
process.exitCode = failed ? 1 : 0;

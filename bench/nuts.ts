// NUTS on the rupture model beside Stan's, at the same settings (goal: bnnc ≥ 3× faster per chain).
//
//   npx tsc -p tsconfig.json && node dist/bench/nuts.js [--chains 1] [--warmup 150] [--draws 100]
//     [--max-depth 10] [--target-accept 0.8] [--seed 2018] [--no-stan]
//
// bnnc: fitNUTS on the float64 executor, in this thread, on the 2,082 upsampled training rows
// (1,600 distinct, which the likelihood weights instead of copying). Stan: bench/stan_nuts.R,
// the model and data of ../shared/anchors/stan_bnn.R, where Rscript has rstan; its compilation
// is not timed. Both report, per chain: seconds (warmup + sampling), gradients (leapfrog steps),
// seconds per 1,000 gradients and the mean tree depth of the sampling iterations. The chains'
// trajectories differ (other random streams, other upsampled copies), so the ratio per chain
// depends on the tree depths each reached as well as on the cost of a gradient; both are printed.
// On a busy machine wall time counts the waits for a core; the CPU seconds of each side (this
// process's, R's around sampling) do not, and their ratio is printed too.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel } from '../src/compiler/compile.js';
import { fitNUTS, type NutsFitSettings } from '../src/runtime/nuts/fit.js';
import { loadReference } from './rupture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ChainTiming {
  seconds: number;
  gradients: number;
  depth: number;
  divergent: number;
  stepSize: number;
}

function parseArgs(argv: string[]): { settings: NutsFitSettings; stan: boolean } {
  const settings: NutsFitSettings = {
    chains: 1,
    warmup: 150,
    draws: 100,
    maxDepth: 10,
    targetAccept: 0.8,
    thin: 1,
    seed: 2018,
  };
  let stan = true;
  const num = (i: number) => {
    const v = Number(argv[i]);
    if (!Number.isFinite(v)) throw new Error(`${argv[i - 1]} needs a number, got ${argv[i]}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--chains') settings.chains = num(++i);
    else if (k === '--warmup') settings.warmup = num(++i);
    else if (k === '--draws') settings.draws = num(++i);
    else if (k === '--max-depth') settings.maxDepth = num(++i);
    else if (k === '--target-accept') settings.targetAccept = num(++i);
    else if (k === '--seed') settings.seed = num(++i);
    else if (k === '--no-stan') stan = false;
    else throw new Error(`unknown argument ${k}`);
  }
  return { settings, stan };
}

/** Stan's chains at the same settings, or why they did not run. */
function stanChains(
  s: NutsFitSettings,
): { chains: ChainTiming[]; rows: number; compileSeconds: number; cpuSeconds: number } | { skipped: string } {
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(rstan))'], { encoding: 'utf8' });
  if (probe.error) return { skipped: `Rscript is not installed (${(probe.error as NodeJS.ErrnoException).code})` };
  if (probe.status !== 0)
    return { skipped: `rstan does not load in Rscript: ${(probe.stderr || '').trim().split('\n').pop()}` };
  const dataDir = path.join(process.env.BNN_DATA_PATH || path.join(root, '../shared/data'), 'rupture');
  const args = [
    path.join(root, 'bench/stan_nuts.R'),
    dataDir,
    s.chains,
    s.warmup,
    s.draws,
    s.seed,
    s.maxDepth,
    s.targetAccept,
  ].map(String);
  const r = spawnSync('Rscript', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = /^stan-nuts (.*)$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !line)
    return {
      skipped: `bench/stan_nuts.R failed (${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ')}`,
    };
  const out = JSON.parse(line[1]) as {
    rows: number;
    compileSeconds: number;
    cpuSeconds: number;
    chains: (ChainTiming & { stepsize: number })[];
  };
  return { ...out, chains: out.chains.map((c) => ({ ...c, stepSize: c.stepsize })) };
}

function summary(chains: ChainTiming[]): {
  secondsPerChain: number;
  secondsPer1000Gradients: number;
  gradients: number;
  depth: number;
} {
  const seconds = chains.reduce((a, c) => a + c.seconds, 0);
  const gradients = chains.reduce((a, c) => a + c.gradients, 0);
  return {
    secondsPerChain: seconds / chains.length,
    secondsPer1000Gradients: (1000 * seconds) / gradients,
    gradients: gradients / chains.length,
    depth: chains.reduce((a, c) => a + c.depth, 0) / chains.length,
  };
}

function print(name: string, chains: ChainTiming[]): ReturnType<typeof summary> {
  const s = summary(chains);
  console.log(
    `  ${name.padEnd(5)} ${s.secondsPerChain.toFixed(2)} s per chain, ${s.gradients.toFixed(0)} gradients per chain, ` +
      `${s.secondsPer1000Gradients.toFixed(3)} s per 1,000 gradients, mean tree depth ${s.depth.toFixed(2)}; ` +
      `step size ${chains.map((c) => c.stepSize.toPrecision(3)).join(', ')}; divergences ${chains.map((c) => c.divergent).join(', ')}`,
  );
  return s;
}

async function main(): Promise<void> {
  const { settings, stan } = parseArgs(process.argv.slice(2));
  const data = loadReference();
  const s = settings;
  console.log(
    `rupture: ${data.train.n} training rows (upsampled); ${s.chains} chain(s), warmup ${s.warmup}, draws ${s.draws}, max depth ${s.maxDepth}, target accept ${s.targetAccept}, seed ${s.seed}; Node ${process.version}`,
  );

  const cm = await compileModel(data.ir, { backend: 'js' });
  const cpu0 = process.cpuUsage();
  const fit = await fitNUTS(cm, data.train, settings, { workers: 0 });
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  cm.dispose();
  const bnnc: ChainTiming[] = fit.chains.map((c) => ({
    seconds: c.seconds.warmup + c.seconds.sampling,
    gradients: c.gradients,
    depth: c.stats.depth.reduce((a, d) => a + d, 0) / c.stats.depth.length,
    divergent: c.stats.divergent.reduce((a, d) => a + d, 0),
    stepSize: c.stepSize,
  }));
  const ours = print('bnnc', bnnc);
  console.log(`        CPU ${(cpuSeconds / s.chains).toFixed(2)} s per chain`);
  const result: Record<string, unknown> = {
    bench: 'nuts-rupture',
    settings,
    bnnc: { ...ours, cpuSecondsPerChain: cpuSeconds / s.chains },
  };

  if (stan) {
    const st = stanChains(settings);
    if ('skipped' in st) {
      console.log(`  Stan skipped: ${st.skipped}`);
      result.stanSkipped = st.skipped;
    } else {
      const theirs = print('Stan', st.chains);
      console.log(
        `        CPU ${(st.cpuSeconds / s.chains).toFixed(2)} s per chain (${st.rows} rows; compiled in ${st.compileSeconds.toFixed(1)} s, not counted)`,
      );
      const perChain = theirs.secondsPerChain / ours.secondsPerChain;
      const perGradient = theirs.secondsPer1000Gradients / ours.secondsPer1000Gradients;
      const cpuPerChain = st.cpuSeconds / cpuSeconds;
      const cpuPerGradient = cpuPerChain * (ours.gradients / theirs.gradients);
      console.log(
        `  Stan ÷ bnnc, wall: ${perChain.toFixed(2)}× per chain (goal ≥ 3), ${perGradient.toFixed(2)}× per gradient`,
      );
      console.log(
        `  Stan ÷ bnnc, CPU:  ${cpuPerChain.toFixed(2)}× per chain, ${cpuPerGradient.toFixed(2)}× per gradient`,
      );
      Object.assign(result, {
        stan: { ...theirs, cpuSecondsPerChain: st.cpuSeconds / s.chains },
        ratioPerChain: perChain,
        ratioPerGradient: perGradient,
        cpuRatioPerChain: cpuPerChain,
        cpuRatioPerGradient: cpuPerGradient,
      });
    }
  }
  console.log('\n' + JSON.stringify(result));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

import * as path from 'node:path';
import cliProgress from 'cli-progress';
import { formatResults } from '../../runtime/report/text.js';
import { runModel } from '../../runtime/run.js';
import { dataOptions, type DataFlags } from '../data-flags.js';
import { backendFlag, compileFile } from '../model-file.js';

export interface RunFlags extends DataFlags {
  out?: string;
  backend?: string;
  posterior?: string;
  quiet?: boolean;
  /** false with --no-report. */
  report?: boolean;
}

export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const backend = backendFlag('run', flags.backend);
  const data = dataOptions('run', flags);
  const compiled = compileFile(file, data);
  if (!compiled) return 1;
  const { doc, ir } = compiled;
  const outDir = flags.out ?? path.join('runs', ir.name);

  const showBar = !flags.quiet && process.stderr.isTTY && !flags.posterior;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'fitting |{bar}| {value}/{total} steps | ELBO {elbo} | {eta_formatted} left',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    const out = await runModel(ir, {
      outDir,
      backend: backend,
      modelFile: path.resolve(file),
      modelDir: path.dirname(path.resolve(file)),
      ...data,
      posteriorFile: flags.posterior,
      report: flags.report,
      sourceText: doc.source.text,
      onStage: (stage) => {
        if (!flags.quiet && !showBar) process.stderr.write(`${stage}…\n`);
        if (stage === 'fitting' && showBar) {
          bar.start('steps' in ir.infer ? ir.infer.steps : 0, 0, { elbo: '-' });
          started = true;
        }
        if (stage === 'evaluating' && started) {
          bar.stop();
          started = false;
        }
      },
      onProgress: (step, elbo) => {
        if (started) bar.update(step, { elbo: elbo.toFixed(1) });
      },
    });
    if (started) bar.stop();
    for (const w of out.results.warnings ?? []) process.stderr.write(`warning: ${w}.\n`);
    process.stdout.write(formatResults(out.results, out.rowLabels));
    const written = [out.files.results, out.files.posterior, out.files.report && `${out.files.report} with its figures`].filter(Boolean);
    process.stdout.write(`\nWrote ${written.slice(0, -1).join(', ')}${written.length > 1 ? ' and ' : ''}${written[written.length - 1]} (${out.results.seconds.total.toFixed(1)} s in all).\n`);
    return 0;
  } finally {
    if (started) bar.stop();
  }
}

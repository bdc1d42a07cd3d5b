import * as path from 'node:path';
import { formatResults } from '../../runtime/report/text.js';
import { runModel } from '../../runtime/run.js';
import { dataOptions, type DataFlags } from '../data-flags.js';
import { backendFlag, compileFile } from '../model-file.js';
import { FitProgressBars } from '../progress.js';

export interface RunFlags extends DataFlags {
  out?: string;
  backend?: string;
  posterior?: string;
  quiet?: boolean;
  /** false with --no-report. */
  report?: boolean;
}

export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const backend = backendFlag(flags.backend);
  const data = dataOptions(flags);
  const compiled = compileFile(file, data);
  if (!compiled) return 1;
  const { doc, ir } = compiled;
  const outDir = flags.out ?? path.join('runs', ir.name);

  const showBar = !flags.quiet && process.stderr.isTTY && !flags.posterior;
  const progress = showBar ? new FitProgressBars() : null;
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
        if (stage === 'evaluating') progress?.stop();
        else if (stage.startsWith('refitting')) progress?.restart();
      },
      onProgress: (p) => progress?.update(p),
    });
    progress?.stop();
    for (const w of out.results.warnings ?? []) process.stderr.write(`warning: ${w}.\n`);
    process.stdout.write(formatResults(out.results, out.rowLabels));
    const written = [
      out.files.results,
      out.files.posterior,
      out.files.report && `${out.files.report} with its figures`,
    ].filter(Boolean);
    process.stdout.write(
      `\nWrote ${written.slice(0, -1).join(', ')}${written.length > 1 ? ' and ' : ''}${written[written.length - 1]} (${out.results.seconds.total.toFixed(1)} s in all).\n`,
    );
    return 0;
  } finally {
    progress?.stop();
  }
}

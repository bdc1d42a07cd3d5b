// One run of a compiled model: load and prepare the data, fit (or load a saved fit), draw from
// the posterior, answer the evaluate block's queries, and write results.json and posterior.json.
import * as path from 'node:path';
import type { IRModel } from '../compiler/ir.js';
import { compileModel, type BackendName } from '../compiler/compile.js';
import type { DataPathOptions } from '../data/datapath.js';
import { checkpointText, dataHash, readCheckpoint } from './posterior-file.js';
import { loadDataSets, prepareData, splitSets } from './data/index.js';
import { evaluateFit } from './evaluate-fit.js';
import { fitModel, type FitProgress } from './fit-model.js';
import { OutputFolder } from './outputs.js';
import { isSampleFit, type Fit } from './posterior.js';
import type { RunResults } from './results.js';
import { Rng } from './rng.js';
import { targetScaleWarning } from './target-scale.js';
import { viHealth, type Restarts } from './vi/index.js';

export interface RunOptions extends DataPathOptions {
  outDir: string;
  backend?: BackendName;
  /** Evaluate this saved fit instead of fitting. */
  posteriorFile?: string;
  onProgress?: (p: FitProgress) => void;
  /** NUTS: worker threads for the chains (0: in this thread); default one per core. */
  workers?: number;
  onStage?: (stage: string) => void;
  /** false: skip the figures and report.html (`bnnc run --no-report`). */
  report?: boolean;
  /** The model's source, shown in report.html. */
  sourceText?: string;
}

export interface RunOutput {
  results: RunResults;
  files: { results: string; posterior?: string; report?: string };
  /** Feature column names of each parameter whose rows are inputs, for printing. */
  rowLabels: Record<string, string[]>;
}

export async function runModel(ir: IRModel, opts: RunOptions): Promise<RunOutput> {
  const t0 = performance.now();
  const compiled = await compileModel(ir, { backend: opts.backend });
  const backend = compiled.backend;
  const rng = new Rng(ir.infer.seed);
  // Before anything is fitted: a folder that cannot be written is found now, not after the fit.
  const out = OutputFolder.open(opts.outDir, { name: ir.name, sourceHash: ir.sourceHash });

  opts.onStage?.('loading data');
  const dataRng = rng.fork('data');
  const raw = splitSets(ir.data, loadDataSets(ir.data, opts), dataRng);
  const prepared = prepareData(ir.data, raw, dataRng);
  const tLoad = performance.now();

  let fit: Fit;
  let summary: RunResults['fit'] = null;
  let restarts: Restarts | undefined;
  if (opts.posteriorFile) {
    fit = readCheckpoint(opts.posteriorFile, ir).fit;
  } else {
    opts.onStage?.('fitting');
    ({ fit, summary, restarts } = await fitModel(compiled, prepared.sets[ir.data.trainSet], rng.fork('fit'), { onProgress: opts.onProgress, workers: opts.workers }));
  }
  const fitted = summary !== null;
  // How far a VI guide is from the posterior (PSIS k̂ and more); its time counts in seconds.fit.
  // The best of several restarts was checked already; a mixture is checked as one guide.
  const health =
    summary?.method === 'vi' && !isSampleFit(fit)
      ? restarts && !fit.mixture
        ? restarts.health[restarts.best]
        : viHealth(compiled, prepared.sets[ir.data.trainSet], fit, rng.fork('health'))
      : undefined;
  const tFit = performance.now();

  const results: RunResults = {
    format: 'bnnc-results',
    version: 1,
    model: ir.name,
    source_hash: ir.sourceHash,
    model_hash: ir.modelHash,
    backend,
    seed: ir.infer.seed,
    fit: summary,
    evaluate: null,
    seconds: { load: (tLoad - t0) / 1000, fit: (tFit - tLoad) / 1000, predict: 0, queries: 0, total: 0 },
  };
  const rowLabels = inputRowLabels(ir);
  const warnings = [...prepared.warnings, ...(summary?.method === 'nuts' ? summary.diagnostics.warnings : [])];
  if (summary?.method === 'vi' && health) {
    Object.assign(summary, { final_elbo: health.final_elbo, diagnostics: health });
    if (health.warning) warnings.push(health.warning);
  }
  const scaleWarning = targetScaleWarning(ir, prepared.sets[ir.data.trainSet].target, ir.data.trainSet);
  if (scaleWarning) warnings.push(scaleWarning);
  let threshold: number | null = null;

  const ev = ir.evaluate;
  if (ev) {
    opts.onStage?.('evaluating');
    threshold = await evaluateFit({ ir, ev, compiled, prepared, raw, fit, summary, restarts, rng, results, warnings, tFit });
  }

  if (warnings.length > 0) results.warnings = warnings;
  results.seconds.total = (performance.now() - t0) / 1000;
  const files: RunOutput['files'] = { results: path.join(opts.outDir, 'results.json') };
  if (fitted) files.posterior = out.write('posterior.json', checkpointText(ir, fit, prepared.standardization, threshold, backend, 'posterior.json', dataHash(prepared.sets[ir.data.trainSet]), results.prior_shift));
  out.write('results.json', JSON.stringify(results, roundFloats) + '\n');
  compiled.dispose?.();
  if (opts.report !== false) {
    opts.onStage?.('writing the report');
    // Loaded here, not at the top: vega is only needed for the report.
    const { writeReport } = await import('./report/write.js');
    files.report = (await writeReport({ results, ir, rowLabels, sourceText: opts.sourceText }, out)).html;
  }
  out.finish();
  return { results, files, rowLabels };
}

/** Parameters multiplied on the right of a feature matrix have one row per input column. */
function inputRowLabels(ir: IRModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const visit = (e: IRModel['nodes'][number]['expr']): void => {
    if (e.op === 'matmul' && e.a.op === 'input' && e.b.op === 'param') {
      const cols = ir.data.features.find((f) => f.name === (e.a as { name: string }).name)?.columns;
      if (cols) out[e.b.name] = cols;
    }
    if ('a' in e) visit(e.a);
    if ('b' in e) visit(e.b);
  };
  for (const n of ir.nodes) visit(n.expr);
  const l = ir.likelihood;
  for (const e of Object.values(l)) if (typeof e === 'object') visit(e);
  return out;
}

/** Keeps results.json readable: 6 significant digits are more than any metric needs. */
function roundFloats(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number.isFinite(v) ? Number(v.toPrecision(6)) : null;
  if (v instanceof Float32Array || v instanceof Float64Array) return Array.from(v, (x) => Number(x.toPrecision(6)));
  return v;
}

// One run of a compiled model: load and prepare the data, fit (or load a saved fit), draw from
// the posterior, answer the evaluate blocks' queries, and write results.json and posterior.json.
// With `threshold maximize … on SET then refit`, fit twice: on the training set to choose the
// threshold on SET, then on the training rows together with SET's for the scores and posterior.json.
import * as path from 'node:path';
import { refitOf, type IRModel } from '../compiler/ir.js';
import { compileModel, type BackendName } from '../compiler/compile.js';
import type { DataPathOptions } from '../data/datapath.js';
import { checkpointText, CheckpointError, dataHash, readCheckpoint, type Checkpoint } from './posterior-file.js';
import { R } from '../lang/diagnostics/run-messages.js';
import { concatTables, loadDataSets, prepareData, splitSets, type PreparedData } from './data/index.js';
import { evaluateFit, tuneThreshold, type RefitThreshold } from './evaluate-fit.js';
import { fitModel, type FitProgress } from './fit-model.js';
import { OutputFolder } from './outputs.js';
import { isSampleFit, type Fit } from './posterior.js';
import type { FitData, RunResults } from './results.js';
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
  const trainSet = ir.data.trainSet;
  const refitRule = refitOf(ir.evaluate);
  const loaded = splitSets(ir.data, loadDataSets(ir.data, opts), dataRng);
  // The refit protocol fits twice: on the training set, to choose the threshold on the held-out
  // set; then on the training rows together with the held-out set's, standardized and balanced
  // as one training set, with the same seed.
  const firstPrepared = refitRule && !opts.posteriorFile ? prepareData(ir.data, loaded, dataRng) : undefined;
  const union = refitRule && concatTables(loaded[trainSet], loaded[refitRule.set], trainSet);
  const prepared = prepareData(ir.data, union ? { ...loaded, [trainSet]: union } : loaded, dataRng);
  // What the refit is scored on: every set standardized with the union's statistics, the
  // training set with its own rows (an evaluated `train` is train's rows, not the union's).
  const unionKey = `${trainSet}+${refitRule?.set}`;
  const evaluated = union
    ? prepareData({ ...ir.data, trainSet: unionKey }, { ...loaded, [unionKey]: union }, dataRng)
    : prepared;
  const tLoad = performance.now();

  let fit: Fit;
  let summary: RunResults['fit'] = null;
  let restarts: Restarts | undefined;
  let refit: RefitThreshold | undefined;
  const fits: FitData[] = [];
  const fitOn = async (data: PreparedData, sets: string[], rows: number, role: FitData['role']) => {
    const t = performance.now();
    const outcome = await fitModel(compiled, data.sets[trainSet], rng.fork('fit'), {
      onProgress: opts.onProgress,
      workers: opts.workers,
    });
    fits.push({ role, sets, rows, fitted_rows: data.sets[trainSet].n, seconds: (performance.now() - t) / 1000 });
    return outcome;
  };
  if (opts.posteriorFile) {
    const saved = readCheckpoint(opts.posteriorFile, ir);
    fit = saved.fit;
    if (refitRule)
      refit = savedRefitThreshold(
        saved.checkpoint,
        opts.posteriorFile,
        refitRule.set,
        trainSet,
        dataHash(prepared.sets[trainSet]),
      );
  } else {
    if (firstPrepared && refitRule) {
      opts.onStage?.(`fitting on '${trainSet}' to choose the threshold on '${refitRule.set}'`);
      const first = await fitOn(firstPrepared, [trainSet], loaded[trainSet].n, 'threshold');
      refit = {
        value: tuneThreshold(ir, compiled, first.fit, firstPrepared, refitRule.set, rng),
        set: refitRule.set,
        trainSet,
      };
      opts.onStage?.(`refitting on '${trainSet}' and '${refitRule.set}'`);
    } else opts.onStage?.('fitting');
    ({ fit, summary, restarts } = await fitOn(
      prepared,
      refitRule ? [trainSet, refitRule.set] : [trainSet],
      union ? union.n : loaded[trainSet].n,
      'final',
    ));
  }
  const fitted = summary !== null;
  // How far a VI guide is from the posterior (PSIS k̂ and more); its time counts in seconds.fit.
  // The best of several restarts was checked already; a mixture is checked as one guide.
  const health =
    summary?.method === 'vi' && !isSampleFit(fit)
      ? restarts && !fit.mixture
        ? restarts.health[restarts.best]
        : viHealth(compiled, prepared.sets[trainSet], fit, rng.fork('health'))
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
    ...(fitted ? { fits } : {}),
    evaluate: null,
    seconds: { load: (tLoad - t0) / 1000, fit: (tFit - tLoad) / 1000, predict: 0, queries: 0, total: 0 },
  };
  const rowLabels = inputRowLabels(ir);
  const warnings = [...prepared.warnings, ...(summary?.method === 'nuts' ? summary.diagnostics.warnings : [])];
  if (summary?.method === 'vi' && health) {
    Object.assign(summary, { final_elbo: health.final_elbo, diagnostics: health });
    if (health.warning) warnings.push(health.warning);
  }
  const scaleWarning = targetScaleWarning(ir, prepared.sets[trainSet].target, trainSet);
  if (scaleWarning) warnings.push(scaleWarning);
  let threshold: number | null = null;

  if (ir.evaluate.length > 0) {
    opts.onStage?.('evaluating');
    threshold = await evaluateFit({
      ir,
      compiled,
      prepared: evaluated,
      fitted: prepared.sets[trainSet],
      raw: loaded,
      fit,
      summary,
      restarts,
      rng,
      results,
      warnings,
      tFit,
      refit,
    });
  }

  if (warnings.length > 0) results.warnings = warnings;
  results.seconds.total = (performance.now() - t0) / 1000;
  const files: RunOutput['files'] = { results: path.join(opts.outDir, 'results.json') };
  if (fitted)
    files.posterior = out.write(
      'posterior.json',
      checkpointText(
        ir,
        fit,
        prepared.standardization,
        threshold,
        backend,
        'posterior.json',
        dataHash(prepared.sets[trainSet]),
        results.prior_shift,
        refit && { set: refit.set, threshold: refit.value },
      ),
    );
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

/**
 * The refit protocol's threshold when a saved posterior is evaluated: the one its run chose with
 * the first fit, kept in posterior.json's `refit`; the posterior must be the refit's (its data
 * hash that of the training rows together with the held-out set's).
 */
function savedRefitThreshold(
  c: Checkpoint,
  file: string,
  set: string,
  trainSet: string,
  unionHash: string,
): RefitThreshold {
  if (c.data_hash !== undefined && c.data_hash !== unionHash) {
    throw new CheckpointError(R.posteriorNotRefit(file, trainSet, set, 'rows'));
  }
  if (c.refit?.set !== set) throw new CheckpointError(R.posteriorNotRefit(file, trainSet, set, 'threshold'));
  return { value: c.refit.threshold, set, trainSet, saved: true };
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

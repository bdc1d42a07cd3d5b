// posterior.json: everything needed to predict later — the fitted guide (VI) or the draws (NUTS,
// MAP), the standardization statistics and the decision threshold — tied to what the model that
// made it means (its lowered IR, compiler/meaning.ts), not to its text: a comment or `bnnc fmt
// --write` keeps a posterior usable; a changed prior does not, and the message says what changed.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IRModel } from '../compiler/ir.js';
import { kindOf } from '../data/access.js';
import type { StandardizationStats } from './data/standardize.js';
import { loadFit, serializeFit, VI_FIT_FORMAT, type VIFitJSON } from './vi/index.js';
import {
  isSampleFit,
  loadSample,
  SAMPLE_FIT_FORMAT,
  serializeSample,
  type Fit,
  type SampleFitJSON,
} from './posterior.js';
import { writeFileAtomicSync } from './atomic.js';
import { FitFormatError } from './fit-format-error.js';
import { fileTrouble, R, RunError, type StatsProblem } from '../lang/diagnostics/run-messages.js';

export const CHECKPOINT_FORMAT = 'bnnc-posterior';
export const CHECKPOINT_VERSION = 1;

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  model: string;
  /** SHA-256 of the .bnn source that made this fit (for tools; not checked). */
  source_hash: string;
  /** SHA-256 of the meaning of the model that made this fit: what is checked. */
  model_hash?: string;
  /** The lines model_hash is made of, to say what differs from the model being run. */
  model_meaning?: string[];
  /** SHA-256 of the training data the fit saw (features and target, as prepared). */
  data_hash?: string;
  backend: string;
  fit: VIFitJSON | SampleFitJSON;
  standardization: StandardizationStats;
  /** The decision threshold of a binary target, as the run chose it. */
  threshold: number | null;
  /** `prior_shift`: the training set's own class shares and those the fit saw, for `bnnc predict`. */
  prior_shift?: { own: number[]; fitted: number[] };
  /** `… on SET then refit`: this fit is the refit, and the threshold its run chose on SET with the first fit (for `bnnc run --posterior`). */
  refit?: { set: string; threshold: number };
}

/** A checkpoint that cannot be used: the message is for the user as it is. */
export class CheckpointError extends RunError {}

export function writeCheckpoint(
  file: string,
  ir: IRModel,
  fit: Fit,
  standardization: StandardizationStats,
  threshold: number | null,
  backend: string,
): void {
  writeFileAtomicSync(file, checkpointText(ir, fit, standardization, threshold, backend, file));
}

/** posterior.json's text; throws CheckpointError when bnnc could not read it back. */
export function checkpointText(
  ir: IRModel,
  fit: Fit,
  standardization: StandardizationStats,
  threshold: number | null,
  backend: string,
  file = 'posterior.json',
  dataHash?: string,
  priorShift?: { own: number[]; fitted: number[] },
  refit?: { set: string; threshold: number },
): string {
  const c: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: ir.name,
    source_hash: ir.sourceHash,
    model_hash: ir.modelHash,
    model_meaning: ir.meaning,
    ...(dataHash ? { data_hash: dataHash } : {}),
    backend,
    fit: isSampleFit(fit) ? serializeSample(fit) : serializeFit(fit),
    standardization,
    threshold,
    ...(priorShift ? { prior_shift: { own: priorShift.own, fitted: priorShift.fitted } } : {}),
    ...(refit ? { refit: { set: refit.set, threshold: refit.threshold } } : {}),
  };
  const text = JSON.stringify(c) + '\n';
  // What is written must read back: a value that is not a finite number becomes null in JSON,
  // and a posterior that `run --posterior` and `predict` would refuse is not written at all.
  try {
    parseCheckpoint(text, file, ir);
  } catch (e) {
    if (!(e instanceof CheckpointError)) throw e;
    throw new CheckpointError(R.posteriorNotWritten(file, e.message.replace(`${file} `, 'it ')));
  }
  return text;
}

export function readCheckpoint(file: string, ir: IRModel): { checkpoint: Checkpoint; fit: Fit } {
  let text: string;
  try {
    // A FIFO or a device would block the read, or never end.
    const stat = statSync(file);
    if (!stat.isFile())
      throw new CheckpointError(
        R.posteriorUnreadable(
          file,
          stat.isDirectory() ? { kind: 'folder' } : { kind: 'notRegular', what: kindOf(stat) },
        ),
      );
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(R.posteriorUnreadable(file, fileTrouble(e)));
  }
  return parseCheckpoint(text, file, ir);
}

/** The checkpoint in `text` (the contents of `file`), checked against the model. */
function parseCheckpoint(text: string, file: string, ir: IRModel): { checkpoint: Checkpoint; fit: Fit } {
  let c: Checkpoint;
  try {
    c = JSON.parse(text) as Checkpoint;
  } catch {
    throw new CheckpointError(R.posteriorNotJson(file));
  }
  if (!c || typeof c !== 'object' || c.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(R.notAPosterior(file, CHECKPOINT_FORMAT));
  }
  if (c.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(R.posteriorVersion(file, String(c.version), CHECKPOINT_VERSION));
  }
  const mismatch = modelMismatch(c, ir);
  if (mismatch) throw new CheckpointError(R.posteriorOfOtherModel(file, mismatch));
  // Read as untrusted JSON: any field may be missing or of another type.
  const f = c.fit as unknown as
    { format?: unknown; params?: { shape?: unknown; loc?: unknown; scale?: unknown }[]; draws?: unknown } | undefined;
  const paramsOk =
    Array.isArray(f?.params) &&
    f.params.every((p) => p && Array.isArray(p.shape) && p.shape.every((d) => Number.isInteger(d) && d >= 0));
  const valuesOk =
    f?.format === VI_FIT_FORMAT
      ? paramsOk && f.params!.every((p) => numbers(p.loc) && numbers(p.scale))
      : f?.format === SAMPLE_FIT_FORMAT && numbers(f.draws);
  if (!paramsOk || !valuesOk || !c.standardization) {
    throw new CheckpointError(R.posteriorIncomplete(file));
  }
  const badStats = standardizationProblem(c.standardization, ir);
  if (badStats) throw new CheckpointError(R.posteriorCorrupted(file, { kind: 'standardization', problem: badStats }));
  if (
    c.prior_shift !== undefined &&
    !(
      c.prior_shift &&
      numbers(c.prior_shift.own) &&
      numbers(c.prior_shift.fitted) &&
      c.prior_shift.own.length === c.prior_shift.fitted.length
    )
  ) {
    throw new CheckpointError(R.posteriorCorrupted(file, { kind: 'priorShift' }));
  }
  if (c.threshold != null && !(typeof c.threshold === 'number' && c.threshold >= 0 && c.threshold <= 1)) {
    throw new CheckpointError(R.posteriorCorrupted(file, { kind: 'threshold', value: JSON.stringify(c.threshold) }));
  }
  if (
    c.refit !== undefined &&
    !(
      c.refit &&
      typeof c.refit.set === 'string' &&
      typeof c.refit.threshold === 'number' &&
      c.refit.threshold >= 0 &&
      c.refit.threshold <= 1
    )
  ) {
    throw new CheckpointError(R.posteriorCorrupted(file, { kind: 'refit' }));
  }
  const expected = ir.params.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  const got = c.fit.params.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  if (expected !== got) throw new CheckpointError(R.posteriorOtherParameters(file, got, expected));
  let fit: Fit;
  try {
    fit = c.fit.format === SAMPLE_FIT_FORMAT ? loadSample(c.fit) : loadFit(c.fit);
  } catch (e) {
    if (e instanceof FitFormatError) throw new CheckpointError(R.posteriorCorrupted(file, e.problem));
    throw e;
  }
  const values = isSampleFit(fit)
    ? [fit.draws]
    : [fit.loc, fit.scale, ...(fit.mixture ?? []).flatMap((g) => [g.loc, g.scale])];
  for (const v of values) {
    if (v.some((x) => !Number.isFinite(x)))
      throw new CheckpointError(R.posteriorCorrupted(file, { kind: 'valueNotFinite' }));
  }
  return { checkpoint: c, fit };
}

/**
 * Why the posterior's model is not the model being run, naming both, or undefined when they mean
 * the same. A posterior without a model hash (from an earlier bnnc) is checked by source text.
 */
function modelMismatch(c: Checkpoint, ir: IRModel): string | undefined {
  const theirs = `model '${String(c.model)}'`;
  const ours = c.model === ir.name ? `the model '${ir.name}' being run` : `model '${ir.name}', the one being run`;
  if (typeof c.model_hash !== 'string') {
    return c.source_hash === ir.sourceHash
      ? undefined
      : `${theirs}, whose source text differs from ${ours} (the posterior predates model hashes).`;
  }
  if (c.model_hash === ir.modelHash) return undefined;
  const lines = Array.isArray(c.model_meaning) ? c.model_meaning.map(String) : [];
  const gone = lines.find((l) => !ir.meaning.includes(l));
  const added = ir.meaning.find((l) => !lines.includes(l));
  const what =
    gone && added
      ? `: the posterior's model has \`${gone}\` where ${ours} has \`${added}\``
      : gone
        ? `: the posterior's model has \`${gone}\`, which ${ours} lacks`
        : added
          ? `: ${ours} has \`${added}\`, which the posterior's model lacks`
          : '';
  return `${theirs}, which differs from ${ours}${what}.`;
}

/** The training data as the fit saw it: rows, features and target, order included. */
export function dataHash(set: {
  n: number;
  features: Record<string, ArrayLike<number>>;
  target: ArrayLike<number>;
}): string {
  const h = createHash('sha256');
  h.update(`rows ${set.n}\n`);
  for (const name of Object.keys(set.features).sort())
    h.update(name).update(new Uint8Array(Float64Array.from(set.features[name]).buffer));
  h.update('target').update(new Uint8Array(Float64Array.from(set.target).buffer));
  return h.digest('hex');
}

/** An array of numbers only: a tampered null or true must not read as 0 or 1. */
function numbers(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

/** Why stored statistics cannot standardize the model's feature matrices, if they cannot. */
function standardizationProblem(stats: StandardizationStats, ir: IRModel): StatsProblem | undefined {
  if (!Array.isArray(stats.features)) return { kind: 'noFeatures' };
  const t = ir.data.target;
  if (
    t.kind === 'real' &&
    t.standardize &&
    !(stats.target && Number.isFinite(stats.target.mean) && stats.target.sd > 0 && Number.isFinite(stats.target.sd))
  ) {
    return { kind: 'noTargetScale', column: t.column };
  }
  for (const f of ir.data.features) {
    const s = stats.features.find((x) => x?.name === f.name);
    if (!s || !Array.isArray(s.columns) || s.columns.join('\0') !== f.columns.join('\0')) {
      return { kind: 'notCovered', name: f.name, columns: f.columns.join(' ') };
    }
    const numbers = (v: unknown, positive: boolean) =>
      Array.isArray(v) &&
      v.length === f.columns.length &&
      v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0));
    if (!numbers(s.mean, false) || !numbers(s.sd, true)) {
      return { kind: 'badNumbers', name: f.name, count: f.columns.length };
    }
  }
  return undefined;
}

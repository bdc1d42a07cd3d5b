// From raw tables to what the model reads.
//
//   prepareData(irData, raw, rng) → PreparedData
//       derived columns → feature matrices (row-major Float32Array [n, width]) standardized with
//       the mean and sd of the training set (IRData.trainSet, before any balancing) → target
//       vector → upsampling of the sets named in IRData.balance (seeded by rng.fork('balance:SET')).
//       Throws DataError for located problems (a NaN derived value, a bad label in a derived
//       target, a constant training column to standardize).
//   applyStandardization(irData, stats, raw) → PreparedFeatures
//       the same derived columns and feature matrices for new rows, standardized with stored
//       statistics (e.g. from a checkpoint, for `bnnc predict`); the target is not needed.
//
// The target vector is a Float32Array for every kind: 0/1, the class index, or the real value.

import { P } from '../../lang/diagnostics/data-problems.js';
import type { IRData } from '../../compiler/ir.js';
import type { Rng } from '../rng.js';
import { upsampleIndices } from './balance.js';
import { gatherRows } from '../../compiler/rows.js';
import { gatherValues } from './batches.js';
import { deriveColumns, type Columns } from './derive.js';
import { ProblemCollector } from '../../data/errors.js';
import { labelProblem } from '../../data/labels.js';
import { buildMatrix, columnStats, isConstant, type FeatureStats, type StandardizationStats } from './standardize.js';
import { rowOrigin, type RawTable } from '../../data/table.js';

export interface PreparedFeatures {
  n: number;
  /** Feature matrix name → row-major [n, widths[name]]. */
  features: Record<string, Float32Array>;
  widths: Record<string, number>;
}

export interface PreparedSet extends PreparedFeatures {
  target: Float32Array;
  /** Row i here is row rows[i] of the raw table (upsampling repeats rows). */
  rows: Int32Array;
  /** `balance SET reweight`: each row's weight in the likelihood, its class's share made equal. */
  weights?: Float64Array;
}

export interface PreparedData {
  sets: Record<string, PreparedSet>;
  standardization: StandardizationStats;
  /** Things the user should know that do not stop the run. */
  warnings: string[];
}

export function prepareData(irData: IRData, raw: Record<string, RawTable>, rng: Rng): PreparedData {
  const train = raw[irData.trainSet];
  if (!train) throw new Error(`the training set ${irData.trainSet} was not loaded`);
  const problems = new ProblemCollector();
  const cols: Record<string, Columns> = {};
  for (const [name, table] of Object.entries(raw)) {
    cols[name] = deriveColumns(irData.derived, table, problems);
    if (!irData.columns.includes(irData.target.column)) checkDerivedTarget(irData, table, cols[name], problems);
  }
  problems.throwIfAny();

  const standardization = computeStats(irData, train, cols[irData.trainSet], problems);
  const t = irData.target;
  if (t.kind === 'real' && t.standardize) {
    const { mean, sd } = columnStats(cols[irData.trainSet], [t.column]);
    if (isConstant(mean[0], sd[0])) {
      problems.add({
        file: train.files.join(', '),
        column: { name: t.column, position: positionOf(irData, t.column) },
        message: P.constantTarget(irData.trainSet, mean[0], t.name, t.column),
      });
    } else standardization.target = { column: t.column, mean: mean[0], sd: sd[0] };
  }
  problems.throwIfAny();

  const warnings: string[] = [];
  const sets: Record<string, PreparedSet> = {};
  for (const [name, table] of Object.entries(raw)) {
    const prepared = buildFeatures(irData, standardization, cols[name], table.n);
    const scale = standardization.target;
    const values = cols[name][irData.target.column];
    // The model fits a standardized target on its scale; results go back to the target's units.
    const target = scale ? Float32Array.from(values, (v) => (v - scale.mean) / scale.sd) : Float32Array.from(values);
    let set: PreparedSet = { ...prepared, target, rows: identity(table.n) };
    const balance = irData.balance.find((b) => b.set === name && b.method !== 'none');
    if (balance?.method === 'upsample') set = upsample(irData, set, rng.fork(`balance:${name}`), warnings, name);
    if (balance?.method === 'reweight') set = { ...set, weights: classWeights(irData, set.target) };
    sets[name] = set;
  }
  return { sets, standardization, warnings };
}

export function applyStandardization(irData: IRData, stats: StandardizationStats, raw: RawTable): PreparedFeatures {
  for (const f of irData.features) {
    const s = stats.features.find((x) => x.name === f.name);
    if (!s || s.columns.join('\0') !== f.columns.join('\0')) {
      throw new Error(
        `the stored standardization does not match the model's feature matrix ${f.name} (${f.columns.join(' ')}); was it saved by another model?`,
      );
    }
  }
  const problems = new ProblemCollector();
  const cols = deriveColumns(irData.derived, raw, problems);
  problems.throwIfAny();
  return buildFeatures(irData, stats, cols, raw.n);
}

function computeStats(
  irData: IRData,
  train: RawTable,
  cols: Columns,
  problems: ProblemCollector,
): StandardizationStats {
  const features: FeatureStats[] = irData.features.map((f) => {
    if (!f.standardize)
      return {
        name: f.name,
        columns: f.columns,
        standardize: false,
        mean: f.columns.map(() => 0),
        sd: f.columns.map(() => 1),
      };
    const { mean, sd } = columnStats(cols, f.columns);
    f.columns.forEach((c, j) => {
      if (!isConstant(mean[j], sd[j])) return;
      problems.add({
        file: train.files.join(', '),
        column: { name: c, position: positionOf(irData, c) },
        message: P.constantFeature(irData.trainSet, mean[j], f.name),
      });
    });
    return { name: f.name, columns: f.columns, standardize: true, mean, sd };
  });
  return { trainSet: irData.trainSet, features };
}

function positionOf(irData: IRData, column: string): number | undefined {
  const i = irData.columns.indexOf(column);
  return i < 0 ? undefined : i + 1;
}

function buildFeatures(irData: IRData, stats: StandardizationStats, cols: Columns, n: number): PreparedFeatures {
  const features: Record<string, Float32Array> = {};
  const widths: Record<string, number> = {};
  for (const f of irData.features) {
    const s = stats.features.find((x) => x.name === f.name)!;
    features[f.name] = buildMatrix(cols, f.columns, n, s.standardize ? s : undefined);
    widths[f.name] = f.columns.length;
  }
  return { n, features, widths };
}

function checkDerivedTarget(irData: IRData, table: RawTable, cols: Columns, problems: ProblemCollector): void {
  const values = cols[irData.target.column];
  if (!values)
    throw new Error(`the target column ${irData.target.column} is neither a data column nor a derived column`);
  for (let i = 0; i < table.n; i++) {
    const bad = labelProblem(values[i], irData.target);
    if (bad !== undefined)
      problems.add({ ...rowOrigin(table, i), column: { name: irData.target.column }, message: bad });
  }
}

function upsample(irData: IRData, set: PreparedSet, rng: Rng, warnings: string[], name: string): PreparedSet {
  const t = irData.target;
  if (t.kind === 'real' || t.kind === 'count')
    throw new Error(
      `cannot upsample the set ${name}: the target ${t.column} is ${t.kind}, and upsampling balances classes`,
    );
  const classes = t.kind === 'binary' ? 2 : t.classes;
  const up = upsampleIndices(set.target, classes, rng);
  if (up.empty.length > 0)
    warnings.push(
      `set ${name}: class${up.empty.length === 1 ? '' : 'es'} ${up.empty.join(', ')} of ${t.column} ha${up.empty.length === 1 ? 's' : 've'} no rows, so upsampling cannot balance ${up.empty.length === 1 ? 'it' : 'them'}`,
    );
  const features: Record<string, Float32Array> = {};
  for (const [k, m] of Object.entries(set.features)) features[k] = gatherRows(m, set.widths[k], up.rows);
  return { n: up.rows.length, features, widths: set.widths, target: gatherValues(set.target, up.rows), rows: up.rows };
}

function identity(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/**
 * Weights that give every class the total weight of the largest: what upsampling gives in
 * expectation, without random copies. A class with no rows stays empty.
 */
function classWeights(irData: IRData, labels: ArrayLike<number>): Float64Array {
  const t = irData.target;
  const classes = t.kind === 'binary' ? 2 : t.kind === 'categorical' ? t.classes : 0;
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const largest = Math.max(...counts);
  return Float64Array.from(labels, (c) => largest / counts[c]);
}

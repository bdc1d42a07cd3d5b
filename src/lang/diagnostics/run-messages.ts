// The catalog of run-time errors: every user-facing error of reading data, compiling, fitting,
// writing outputs and the command line, with its code and its wording (the front end's codes are
// in catalog.ts). Codes are stable: never reuse or renumber one. BNN20xx data files,
// 30xx compiling and backends, 40xx fitting, 50xx the posterior file, 51xx the output folder,
// 52xx predict, 53xx compare, 54xx fetch, 55xx the command line.
// It sits in src/lang so that every layer above (data, compiler, runtime, cli) can use it.
import {
  fitProblemText,
  folderProblem,
  missingLines,
  refusalText,
  troubleText,
  type FileTrouble,
  type FitProblem,
  type FolderProblem,
  type MissingFiles,
  type Objective,
  type Refusal,
} from './run-problems.js';

export { fetchProblemText, fileTrouble, fitProblemText, refusalText, statsProblemText } from './run-problems.js';
export type {
  FetchProblem,
  FileTrouble,
  FitProblem,
  FolderProblem,
  MissingFiles,
  Objective,
  Refusal,
  StatsProblem,
} from './run-problems.js';

export interface RunMessage<A extends unknown[]> {
  (...args: A): Worded;
  code: string;
  /** A short title for the documentation. */
  title: string;
}

/** A message as an error carries it: its code and its text. */
export interface Worded {
  code: string;
  message: string;
}

function def<A extends unknown[]>(code: string, title: string, format: (...args: A) => string): RunMessage<A> {
  return Object.assign((...args: A) => ({ code, message: format(...args) }), { code, title });
}

/** A user's mistake met while running: its code and its message, worded by this catalog. */
export class RunError extends Error {
  readonly code: string;
  constructor(worded: Worded) {
    super(worded.message);
    this.code = worded.code;
  }
}

const s = (n: number, one = '', many = 's') => (n === 1 ? one : many);

export const R = {
  // data files
  badData: def('BNN2001', 'bad data', (total: number, files: number, lines: readonly string[]) =>
    [`bad data: ${total} problem${s(total)} in ${files} file${s(files)}; nothing was fitted.`, ...lines].join('\n'),
  ),
  dataFileMissing: def('BNN2002', 'data file not found', (m: MissingFiles) => missingLines(m).join('\n')),
  dataFileRefused: def('BNN2003', 'data file refused', (refusals: readonly Refusal[], m: MissingFiles) =>
    [...refusals.map((r) => `data file refused: ${refusalText(r)}`), ...missingLines(m)].join('\n'),
  ),

  // compiling and backends
  backendMissing: def(
    'BNN3001',
    'backend package missing',
    (why: string) =>
      `backend 'tensorflow' needs the optional package @tensorflow/tfjs-node, which could not be loaded (${why}). Install it with \`npm install @tensorflow/tfjs-node\`, or use --backend wasm or --backend cpu.`,
  ),
  backendFailed: def(
    'BNN3002',
    'backend failed to start',
    (backend: string) => `TensorFlow.js backend '${backend}' failed to initialise: use --backend js, the default.`,
  ),

  // fitting
  fitDiverged: def(
    'BNN4001',
    'the fit diverged',
    (step: number, value: number, learningRate: number, objective: Objective) => {
      const quantity = objective === 'elbo' ? 'ELBO' : 'log density';
      return (
        `the fit diverged at step ${step}: ${Number.isFinite(value) ? `the ${quantity}'s gradient is not finite (${quantity} ${value})` : `the ${quantity} is ${value}`}. ` +
        `Try a smaller learning rate (currently ${learningRate}; e.g. ${learningRate / 10}).`
      );
    },
  ),
  noStartingPoint: def(
    'BNN4002',
    'NUTS found no starting point',
    (tries: number, radius: number) =>
      `NUTS found no starting point with a finite log density in ${tries} tries of uniform values in (-${radius}, ${radius}) on the unconstrained scale: check the priors and the likelihood for values that cannot occur`,
  ),
  scoresNotNumbers: def(
    'BNN4003',
    'scores that are not numbers',
    (bad: number, cases: number, set: string, where: readonly string[]) =>
      `the fitted network scores ${bad} of the ${cases} cases of '${set}' as not a number (NaN)${where.length ? `, first at ${where.join(', ')}` : ''}: ` +
      "a value there is too large for the network's float32 arithmetic. Rescale the features (standardize them) or fix those rows, and run again; nothing was written.",
  ),

  // the posterior file
  posteriorUnreadable: def(
    'BNN5001',
    'cannot read the posterior',
    (file: string, why: FileTrouble) => `cannot read the posterior ${file}: ${troubleText(why)}.`,
  ),
  posteriorNotJson: def(
    'BNN5002',
    'posterior is not JSON',
    (file: string) =>
      `${file} is not valid JSON (truncated or corrupted?): run the model again to write a new posterior.`,
  ),
  notAPosterior: def(
    'BNN5003',
    'not a bnnc posterior',
    (file: string, format: string) => `${file} is not a bnnc posterior (no "format": "${format}").`,
  ),
  posteriorVersion: def(
    'BNN5004',
    'posterior of another version',
    (file: string, version: string, reads: number) =>
      `${file} has posterior format version ${version}, and this bnnc reads version ${reads}: run the model again with this bnnc.`,
  ),
  posteriorOfOtherModel: def(
    'BNN5005',
    'posterior of another model',
    (file: string, mismatch: string) => `${file} was made by ${mismatch} Run this model to make its own posterior.`,
  ),
  posteriorIncomplete: def(
    'BNN5006',
    'posterior incomplete',
    (file: string) => `${file} is incomplete or corrupted: it lacks the fitted parameters or the standardization.`,
  ),
  posteriorCorrupted: def(
    'BNN5007',
    'posterior corrupted',
    (file: string, p: FitProblem) =>
      `${file} is corrupted: ${fitProblemText(p)}.${p.kind === 'standardization' ? ' Run the model again to write a new posterior.' : ''}`,
  ),
  posteriorOtherParameters: def(
    'BNN5008',
    'posterior of other parameters',
    (file: string, got: string, expected: string) =>
      `${file} holds parameters ${got}, but the model declares ${expected}.`,
  ),
  posteriorNotWritten: def(
    'BNN5009',
    'posterior not written',
    (file: string, why: string) => `bnnc did not write the posterior ${file}, as it could not be read back: ${why}`,
  ),
  posteriorNotRefit: def(
    'BNN5010',
    'posterior not of the refit',
    (file: string, trainSet: string, set: string, why: 'rows' | 'threshold') =>
      why === 'rows'
        ? `${file} was not fit on the rows of '${trainSet}' and '${set}' together, which this model's 'then refit' evaluates: run the model to make its own posterior.`
        : `${file} was not made by a run that refits on '${set}', and keeps no threshold chosen there: run the model to make its own posterior.`,
  ),

  // the output folder
  outputFolderUnusable: def(
    'BNN5101',
    'output folder unusable',
    (folder: string, p: FolderProblem) => `cannot write the output folder ${folder}: ${folderProblem(p)}.`,
  ),

  // predict
  badInput: def('BNN5201', 'bad input to predict', (file: string, total: number, lines: readonly string[]) =>
    [`bad input: ${total} problem${s(total)} in ${file}; nothing was predicted.`, ...lines].join('\n'),
  ),
  predictionsUnwritable: def(
    'BNN5202',
    'cannot write the predictions',
    (file: string, why: FileTrouble) => `cannot write ${file}: ${troubleText(why, 'it is a folder; name a file')}.`,
  ),

  // compare
  resultsMissing: def(
    'BNN5301',
    'no results to compare',
    (where: string) =>
      `${where}: no such file or folder; give a run's output folder (as runs/MODEL) or its results.json.`,
  ),
  resultsFileMissing: def(
    'BNN5302',
    'no results.json',
    (file: string) => `${file}: no such file: run the model first (bnnc run) or give its results.json.`,
  ),
  resultsNotJson: def(
    'BNN5303',
    'results.json is not JSON',
    (file: string) => `${file} is not valid JSON (truncated or corrupted?): run the model again.`,
  ),
  notResults: def(
    'BNN5304',
    'not a bnnc results.json',
    (file: string) => `${file} is not a bnnc results.json (no "format": "bnnc-results").`,
  ),
  noPerCase: def(
    'BNN5305',
    'results without per-case predictions',
    (file: string) =>
      `${file} has no per-case predictions: its model has no evaluate block, or a categorical target (compare works on binary and real targets).`,
  ),
  differentCases: def(
    'BNN5306',
    'fits of different cases',
    (a: string, setA: string, nA: number, b: string, setB: string, nB: number) =>
      `${a} and ${b} evaluate different cases ('${setA}', ${nA} cases, against '${setB}', ${nB} cases): compare two fits evaluated on the same set.`,
  ),

  // fetch
  fetchFailed: def('BNN5401', 'could not fetch', (lines: readonly string[]) =>
    [`could not fetch ${lines.length} file${s(lines.length)}:`, ...lines].join('\n'),
  ),
  noSources: def(
    'BNN5402',
    'no published data',
    (file: string) =>
      `${file}: the model says nowhere where its data is published: add to its data block, for each file, source "FILE" url "https://…" sha256 "…".`,
  ),

  // the command line
  sourceUnreadable: def(
    'BNN5501',
    'cannot read the model file',
    (file: string, why: FileTrouble) => `cannot read ${file}: ${troubleText(why)}.`,
  ),
  outIsInput: def(
    'BNN5502',
    '--out would overwrite an input',
    (out: string, what: string) => `--out ${out} is ${what}; writing there would destroy it. Name another file.`,
  ),
  unknownBackend: def(
    'BNN5503',
    'unknown backend',
    (name: string, backends: readonly string[]) => `unknown --backend '${name}': choose ${backends.join(', ')}.`,
  ),
  badMaxDataMb: def(
    'BNN5504',
    'bad --max-data-mb',
    (got: string) => `--max-data-mb needs a number of megabytes above 0 (at most 1048576), such as 2048; got ${got}.`,
  ),
  unknownEmit: def(
    'BNN5505',
    'unknown --emit',
    (form: string, forms: readonly string[]) => `unknown --emit '${form}': choose ${forms.join(', ')}.`,
  ),
  badTimeout: def(
    'BNN5506',
    'bad --timeout',
    (max: number, got: string) => `--timeout needs a number of seconds greater than 0 and at most ${max}; got ${got}.`,
  ),
  checkAndWrite: def('BNN5507', '--check with --write', () => 'choose one of --check and --write.'),
} as const;

/** Every run-time code and title, for the documentation and its test. */
export const runCatalog: { code: string; title: string }[] = Object.values(R).map((m) => ({
  code: m.code,
  title: m.title,
}));

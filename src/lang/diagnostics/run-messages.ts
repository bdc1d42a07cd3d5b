// The catalog of run-time errors: every user-facing error of reading data, compiling, fitting,
// writing outputs and the command line, with its code and its wording (the front end's codes are
// in catalog.ts). Codes are stable: never reuse or renumber one. BNN20xx data files,
// 30xx compiling and backends, 40xx fitting, 50xx the posterior file, 51xx the output folder,
// 52xx predict, 53xx compare, 54xx fetch, 55xx the command line.
// It sits in src/lang so that every layer above (data, compiler, runtime, cli) can use it.

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

/** What a fit optimizes: the ELBO (VI) or the log density (MAP). */
export type Objective = 'elbo' | 'logDensity';

/** Why a file could not be read or written: a missing file or folder, or the system's own words. */
export type FileTrouble = { kind: 'missing' | 'folder' | 'denied' } | { kind: 'other'; system: string };

/** The trouble of a failed read or write, from its Node.js error. */
export function fileTrouble(e: unknown): FileTrouble {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { kind: 'missing' };
  if (code === 'EISDIR') return { kind: 'folder' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'denied' };
  return { kind: 'other', system: String((e as Error).message) };
}

function troubleText(t: FileTrouble, folder = 'it is a folder'): string {
  switch (t.kind) {
    case 'missing':
      return 'no such file';
    case 'folder':
      return folder;
    case 'denied':
      return 'permission denied';
    case 'other':
      return t.system;
  }
}

const s = (n: number, one = '', many = 's') => (n === 1 ? one : many);
const HOW_TO_ALLOW = "move the file below the model's folder, or name its folder with --data-dir or BNN_DATA_PATH (or pass --allow-any-data to read it where it is, on purpose)";

/** Why the data-access policy refuses a file, `name` being how the model writes it (an excerpt). */
export type Refusal =
  | { kind: 'absolute' | 'climbs' | 'linkOutside'; name: string }
  | { kind: 'notFile'; name: string; is: string }
  | { kind: 'specialTree'; name: string; tree: string }
  | { kind: 'tooLarge'; name: string; mb: string; limitMb: string };

export function refusalText(r: Refusal): string {
  switch (r.kind) {
    case 'absolute':
      return `${r.name} is an absolute path outside the folders bnnc reads data from: ${HOW_TO_ALLOW}.`;
    case 'climbs':
      return `${r.name} climbs out of the folder it is looked for in ('..'): ${HOW_TO_ALLOW}.`;
    case 'linkOutside':
      return `${r.name} leads (through a link) to a file outside the folders bnnc reads data from: ${HOW_TO_ALLOW}.`;
    case 'notFile':
      return `${r.name} is ${r.is}, not a regular file: a data file must be a plain file on disk.`;
    case 'specialTree':
      return `${r.name} is a file of ${r.tree}, not a data file on disk.`;
    case 'tooLarge':
      return `${r.name} is ${r.mb} MB, over the limit of ${r.limitMb} MB on a data file: pass --max-data-mb N to read a larger one.`;
  }
}

/** Data files that no folder of the data path holds, and what was tried (BNN2002). */
export interface MissingFiles {
  files: { name: string; absolute: boolean; tried: { path: string; source: string }[] }[];
  /** The model file, for the fetch command to suggest. */
  model: string;
  cacheDir: string;
  /** The relative names that the model's source statements can download. */
  fetchable: readonly string[];
}

function missingLines(m: MissingFiles): string[] {
  const lines: string[] = [];
  for (const f of m.files) {
    if (f.absolute) {
      lines.push(`data file ${f.name} not found (the model names it by an absolute path).`);
      continue;
    }
    lines.push(`data file "${f.name}" not found. Looked in:`);
    for (const t of f.tried) lines.push(`  ${t.path}   (${t.source})`);
  }
  const relative = m.files.filter((f) => !f.absolute).map((f) => f.name);
  if (relative.length > 0) {
    const quoted = relative.map((n) => `"${n}"`).join(', ');
    lines.push(m.fetchable.length > 0 ? 'To get the data, either:' : 'To get the data:');
    if (m.fetchable.length > 0) lines.push(`  - run \`bnnc fetch ${m.model}\` to download the files the model names into ${m.cacheDir}, or`);
    lines.push(`  - set BNN_DATA_PATH to the folder(s), colon-separated, under which ${quoted} can be found, or pass --data-dir FOLDER.`);
    const unfetchable = relative.filter((n) => !m.fetchable.includes(n));
    if (unfetchable.length > 0) {
      lines.push(`(\`bnnc fetch\` cannot download ${unfetchable.map((n) => `"${n}"`).join(', ')}: the model has no source line for ${unfetchable.length === 1 ? 'it' : 'them'}.)`);
    }
  }
  return lines;
}

/** What is wrong with a saved fit inside posterior.json (BNN5007). */
export type FitProblem =
  | { kind: 'format'; format: string }
  | { kind: 'method'; method: string }
  | { kind: 'chains' }
  | { kind: 'drawCount'; chains: number; perChain: number; values: number; held: string }
  | { kind: 'drawNotFinite' }
  | { kind: 'paramSizes'; name: string; locs: number; scales: number; shape: string }
  | { kind: 'mixture'; values: number }
  | { kind: 'valueNotFinite' }
  | { kind: 'standardization'; problem: StatsProblem }
  | { kind: 'priorShift' }
  | { kind: 'threshold'; value: string };

export function fitProblemText(p: FitProblem): string {
  switch (p.kind) {
    case 'format':
      return `not a bnnc VI checkpoint (format '${p.format}')`;
    case 'method':
      return `its method ${p.method} is not nuts or map`;
    case 'chains':
      return 'its chains and draws per chain are not positive whole numbers';
    case 'drawCount':
      return `it should hold ${p.chains} × ${p.perChain} draws of ${p.values} values, but holds ${p.held} values`;
    case 'drawNotFinite':
      return 'a drawn value is not a finite number';
    case 'paramSizes':
      return `checkpoint parameter '${p.name}' has ${p.locs} locs and ${p.scales} scales for shape [${p.shape}]`;
    case 'mixture':
      return `its mixture of guides is not a list of ${p.values} locs and ${p.values} scales per guide`;
    case 'valueNotFinite':
      return 'a fitted value is not a finite number';
    case 'standardization':
      return statsProblemText(p.problem);
    case 'priorShift':
      return 'its prior_shift is not two lists of class shares of one length';
    case 'threshold':
      return `its threshold ${p.value} is not a number from 0 to 1`;
  }
}

/** Why the standardization stored in posterior.json does not fit the model (inside BNN5007). */
export type StatsProblem =
  | { kind: 'noFeatures' }
  | { kind: 'noTargetScale'; column: string }
  | { kind: 'notCovered'; name: string; columns: string }
  | { kind: 'badNumbers'; name: string; count: number };

export function statsProblemText(p: StatsProblem): string {
  switch (p.kind) {
    case 'noFeatures':
      return 'its standardization lists no feature matrices';
    case 'noTargetScale':
      return `its standardization lacks the mean and sd of the standardized target ${p.column}`;
    case 'notCovered':
      return `its standardization does not cover the feature matrix ${p.name} (${p.columns})`;
    case 'badNumbers':
      return `the standardization of ${p.name} needs a finite mean and a positive sd for each of its ${p.count} columns`;
  }
}

/** Why an output folder cannot be used (BNN5101). */
export type FolderProblem =
  | { kind: 'specialTree'; tree: string }
  | { kind: 'danglingLink' | 'isFile' | 'denied' | 'readOnly' | 'pathThroughFile' | 'diskFull' }
  | { kind: 'other'; system: string };

function folderProblem(p: FolderProblem): string {
  switch (p.kind) {
    case 'specialTree':
      return `it is under ${p.tree}, which holds no files on disk; choose another folder with --out`;
    case 'danglingLink':
      return 'it is a link to something that does not exist; remove the link or choose another folder with --out';
    case 'isFile':
      return 'it is a file, not a folder; choose a folder with --out';
    case 'denied':
      return 'permission denied; choose another folder with --out';
    case 'readOnly':
      return 'the file system is read-only; choose another folder with --out';
    case 'pathThroughFile':
      return 'a part of the path is a file, not a folder; choose another folder with --out';
    case 'diskFull':
      return 'the disk is full; choose another folder with --out';
    case 'other':
      return `${p.system}; choose another folder with --out`;
  }
}

/** Why one file could not be fetched (listed in BNN5401). */
export type FetchProblem =
  | { kind: 'notSha256'; sha256: string }
  | { kind: 'notHttp'; url: string }
  | { kind: 'checksum'; url: string; expected: string; got: string; bytes: number }
  | { kind: 'badName'; file: string }
  | { kind: 'status'; url: string; status: string }
  | { kind: 'announcedTooLarge'; url: string; mb: string; limitMb: string }
  | { kind: 'sentTooMuch'; url: string; limitMb: string }
  | { kind: 'stalled'; url: string; idle: string }
  | { kind: 'tooSlow'; url: string; limit: string }
  | { kind: 'network'; url: string; why: string; offline: boolean }
  | { kind: 'redirectNotHttps'; from: string; to: string }
  | { kind: 'tooManyRedirects'; url: string; max: number };

export function fetchProblemText(p: FetchProblem): string {
  switch (p.kind) {
    case 'notSha256':
      return `"${p.sha256}" is not a SHA-256 (64 hex digits)`;
    case 'notHttp':
      return `${p.url} is not an http(s) address`;
    case 'checksum':
      return `checksum mismatch for ${p.url}: expected SHA-256 ${p.expected}, got ${p.got} (${p.bytes} bytes); nothing was kept. ` +
        'The file at that address is not the one the model was written for: check the address and checksum in the model.';
    case 'badName':
      return `"${p.file}" cannot be stored in the data cache: a fetched file needs a relative name without ".." or empty parts`;
    case 'status':
      return `the server answered ${p.status} for ${p.url}; check the address in the model`;
    case 'announcedTooLarge':
      return `${p.url} is ${p.mb} MB, over the limit of ${p.limitMb} MB; nothing was downloaded. Pass --max-data-mb N to allow a larger file`;
    case 'sentTooMuch':
      return `${p.url} sent more than ${p.limitMb} MB, the limit; nothing was kept. Pass --max-data-mb N to allow a larger file`;
    case 'stalled':
      return `the connection to ${p.url} stalled: nothing arrived for ${p.idle}; try again later, or check the network`;
    case 'tooSlow':
      return `downloading ${p.url} took longer than ${p.limit}; try again, or allow more time`;
    case 'network':
      return `could not download ${p.url}: ${p.why}${p.offline ? '. Without a network, point bnnc at a copy of the data instead: BNN_DATA_PATH=FOLDER (or --data-dir FOLDER), where FOLDER holds the files under the names the model uses' : ''}`;
    case 'redirectNotHttps':
      return `${p.from} redirects to ${p.to}, which is not https: bnnc follows redirects only to https addresses; put the final https address in the model`;
    case 'tooManyRedirects':
      return `${p.url} redirects more than ${p.max} times; put the final address in the model`;
  }
}

export const R = {
  // data files
  badData: def('BNN2001', 'bad data', (total: number, files: number, lines: readonly string[]) =>
    [`bad data: ${total} problem${s(total)} in ${files} file${s(files)}; nothing was fitted.`, ...lines].join('\n')),
  dataFileMissing: def('BNN2002', 'data file not found', (m: MissingFiles) => missingLines(m).join('\n')),
  dataFileRefused: def('BNN2003', 'data file refused', (refusals: readonly Refusal[], m: MissingFiles) =>
    [...refusals.map((r) => `data file refused: ${refusalText(r)}`), ...missingLines(m)].join('\n')),

  // compiling and backends
  backendMissing: def('BNN3001', 'backend package missing', (why: string) =>
    `backend 'tensorflow' needs the optional package @tensorflow/tfjs-node, which could not be loaded (${why}). Install it with \`npm install @tensorflow/tfjs-node\`, or use --backend wasm or --backend cpu.`),
  backendFailed: def('BNN3002', 'backend failed to start', (backend: string) =>
    `TensorFlow.js backend '${backend}' failed to initialise: use --backend js, the default.`),

  // fitting
  fitDiverged: def('BNN4001', 'the fit diverged', (step: number, value: number, learningRate: number, objective: Objective) => {
    const quantity = objective === 'elbo' ? 'ELBO' : 'log density';
    return `the fit diverged at step ${step}: ${Number.isFinite(value) ? `the ${quantity}'s gradient is not finite (${quantity} ${value})` : `the ${quantity} is ${value}`}. ` +
    `Try a smaller learning rate (currently ${learningRate}; e.g. ${learningRate / 10}).`;
  }),
  noStartingPoint: def('BNN4002', 'NUTS found no starting point', (tries: number, radius: number) =>
    `NUTS found no starting point with a finite log density in ${tries} tries of uniform values in (-${radius}, ${radius}) on the unconstrained scale: check the priors and the likelihood for values that cannot occur`),
  scoresNotNumbers: def('BNN4003', 'scores that are not numbers', (bad: number, cases: number, set: string, where: readonly string[]) =>
    `the fitted network scores ${bad} of the ${cases} cases of '${set}' as not a number (NaN)${where.length ? `, first at ${where.join(', ')}` : ''}: ` +
    "a value there is too large for the network's float32 arithmetic. Rescale the features (standardize them) or fix those rows, and run again; nothing was written."),

  // the posterior file
  posteriorUnreadable: def('BNN5001', 'cannot read the posterior', (file: string, why: FileTrouble) =>
    `cannot read the posterior ${file}: ${troubleText(why)}.`),
  posteriorNotJson: def('BNN5002', 'posterior is not JSON', (file: string) =>
    `${file} is not valid JSON (truncated or corrupted?): run the model again to write a new posterior.`),
  notAPosterior: def('BNN5003', 'not a bnnc posterior', (file: string, format: string) =>
    `${file} is not a bnnc posterior (no "format": "${format}").`),
  posteriorVersion: def('BNN5004', 'posterior of another version', (file: string, version: string, reads: number) =>
    `${file} has posterior format version ${version}, and this bnnc reads version ${reads}: run the model again with this bnnc.`),
  posteriorOfOtherModel: def('BNN5005', 'posterior of another model', (file: string, mismatch: string) =>
    `${file} was made by ${mismatch} Run this model to make its own posterior.`),
  posteriorIncomplete: def('BNN5006', 'posterior incomplete', (file: string) =>
    `${file} is incomplete or corrupted: it lacks the fitted parameters or the standardization.`),
  posteriorCorrupted: def('BNN5007', 'posterior corrupted', (file: string, p: FitProblem) =>
    `${file} is corrupted: ${fitProblemText(p)}.${p.kind === 'standardization' ? ' Run the model again to write a new posterior.' : ''}`),
  posteriorOtherParameters: def('BNN5008', 'posterior of other parameters', (file: string, got: string, expected: string) =>
    `${file} holds parameters ${got}, but the model declares ${expected}.`),
  posteriorNotWritten: def('BNN5009', 'posterior not written', (file: string, why: string) =>
    `bnnc did not write the posterior ${file}, as it could not be read back: ${why}`),

  // the output folder
  outputFolderUnusable: def('BNN5101', 'output folder unusable', (folder: string, p: FolderProblem) =>
    `cannot write the output folder ${folder}: ${folderProblem(p)}.`),

  // predict
  badInput: def('BNN5201', 'bad input to predict', (file: string, total: number, lines: readonly string[]) =>
    [`bad input: ${total} problem${s(total)} in ${file}; nothing was predicted.`, ...lines].join('\n')),
  predictionsUnwritable: def('BNN5202', 'cannot write the predictions', (file: string, why: FileTrouble) =>
    `cannot write ${file}: ${troubleText(why, 'it is a folder; name a file')}.`),

  // compare
  resultsMissing: def('BNN5301', 'no results to compare', (where: string) =>
    `${where}: no such file or folder; give a run's output folder (as runs/MODEL) or its results.json.`),
  resultsFileMissing: def('BNN5302', 'no results.json', (file: string) =>
    `${file}: no such file: run the model first (bnnc run) or give its results.json.`),
  resultsNotJson: def('BNN5303', 'results.json is not JSON', (file: string) =>
    `${file} is not valid JSON (truncated or corrupted?): run the model again.`),
  notResults: def('BNN5304', 'not a bnnc results.json', (file: string) =>
    `${file} is not a bnnc results.json (no "format": "bnnc-results").`),
  noPerCase: def('BNN5305', 'results without per-case predictions', (file: string) =>
    `${file} has no per-case predictions: its model has no evaluate block, or a categorical target (compare works on binary and real targets).`),
  differentCases: def('BNN5306', 'fits of different cases', (a: string, setA: string, nA: number, b: string, setB: string, nB: number) =>
    `${a} and ${b} evaluate different cases ('${setA}', ${nA} cases, against '${setB}', ${nB} cases): compare two fits evaluated on the same set.`),

  // fetch
  fetchFailed: def('BNN5401', 'could not fetch', (lines: readonly string[]) =>
    [`could not fetch ${lines.length} file${s(lines.length)}:`, ...lines].join('\n')),
  noSources: def('BNN5402', 'no published data', (file: string) =>
    `${file}: the model says nowhere where its data is published: add to its data block, for each file, source "FILE" url "https://…" sha256 "…".`),

  // the command line
  sourceUnreadable: def('BNN5501', 'cannot read the model file', (file: string, why: FileTrouble) =>
    `cannot read ${file}: ${troubleText(why)}.`),
  outIsInput: def('BNN5502', '--out would overwrite an input', (out: string, what: string) =>
    `--out ${out} is ${what}; writing there would destroy it. Name another file.`),
  unknownBackend: def('BNN5503', 'unknown backend', (name: string, backends: readonly string[]) =>
    `unknown --backend '${name}': choose ${backends.join(', ')}.`),
  badMaxDataMb: def('BNN5504', 'bad --max-data-mb', (got: string) =>
    `--max-data-mb needs a number of megabytes above 0 (at most 1048576), such as 2048; got ${got}.`),
  unknownEmit: def('BNN5505', 'unknown --emit', (form: string, forms: readonly string[]) =>
    `unknown --emit '${form}': choose ${forms.join(', ')}.`),
  badTimeout: def('BNN5506', 'bad --timeout', (max: number, got: string) =>
    `--timeout needs a number of seconds greater than 0 and at most ${max}; got ${got}.`),
  checkAndWrite: def('BNN5507', '--check with --write', () => 'choose one of --check and --write.'),
} as const;

/** Every run-time code and title, for the documentation and its test. */
export const runCatalog: { code: string; title: string }[] = Object.values(R).map((m) => ({ code: m.code, title: m.title }));

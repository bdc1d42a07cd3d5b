// What went wrong, as data, and its wording: the details that the run-time catalog
// (run-messages.ts) puts into its messages. Each kind is one way a file, a folder, a download or a
// saved fit can be wrong; the text says what is wrong and what to do.

/** What a fit optimizes: the ELBO (VI) or the log density (MAP). */
export type Objective = 'elbo' | 'logDensity';

/** Why a file could not be read or written: a missing file or folder, or the system's own words. */
export type FileTrouble =
  | { kind: 'missing' | 'folder' | 'denied' }
  | { kind: 'other'; system: string }
  /** A FIFO, a device or a socket: reading it would wait for a writer, or never end. */
  | { kind: 'notRegular'; what: string };

/** The trouble of a failed read or write, from its Node.js error. */
export function fileTrouble(e: unknown): FileTrouble {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { kind: 'missing' };
  if (code === 'EISDIR') return { kind: 'folder' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'denied' };
  return { kind: 'other', system: String((e as Error).message) };
}

export function troubleText(t: FileTrouble, folder = 'it is a folder'): string {
  switch (t.kind) {
    case 'missing':
      return 'no such file';
    case 'folder':
      return folder;
    case 'denied':
      return 'permission denied';
    case 'other':
      return t.system;
    case 'notRegular':
      return `it is ${t.what}, not a regular file`;
  }
}

const HOW_TO_ALLOW =
  "move the file below the model's folder, or name its folder with --data-dir or BNN_DATA_PATH (or pass --allow-any-data to read it where it is, on purpose)";

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

export function missingLines(m: MissingFiles): string[] {
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
    if (m.fetchable.length > 0)
      lines.push(`  - run \`bnnc fetch ${m.model}\` to download the files the model names into ${m.cacheDir}, or`);
    lines.push(
      `  - set BNN_DATA_PATH to the folder(s), colon-separated, under which ${quoted} can be found, or pass --data-dir FOLDER.`,
    );
    const unfetchable = relative.filter((n) => !m.fetchable.includes(n));
    if (unfetchable.length > 0) {
      lines.push(
        `(\`bnnc fetch\` cannot download ${unfetchable.map((n) => `"${n}"`).join(', ')}: the model has no source line for ${unfetchable.length === 1 ? 'it' : 'them'}.)`,
      );
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
  | { kind: 'refit' }
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
    case 'refit':
      return 'its refit is not a set and a threshold from 0 to 1';
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
  | { kind: 'emptyName' | 'danglingLink' | 'isFile' | 'denied' | 'readOnly' | 'pathThroughFile' | 'diskFull' }
  | { kind: 'other'; system: string };

export function folderProblem(p: FolderProblem): string {
  switch (p.kind) {
    case 'emptyName':
      return 'the name is empty; choose a folder with --out';
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
      return (
        `checksum mismatch for ${p.url}: expected SHA-256 ${p.expected}, got ${p.got} (${p.bytes} bytes); nothing was kept. ` +
        'The file at that address is not the one the model was written for: check the address and checksum in the model.'
      );
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

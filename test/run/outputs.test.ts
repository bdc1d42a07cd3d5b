// A run's outputs: bnnc replaces only the files it wrote (its manifest, bnnc-run.json, says
// which), marks an unfinished folder, checks --out before fitting, cleans old staging folders;
// predict never overwrites its own inputs nor writes a prediction that is not a number; fmt
// --write keeps the file's mode and writes through a link.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolderSync, writeFileAtomic } from '../../src/runtime/atomic.js';
import { OutputFolder, OutputFolderError, usableFolder } from '../../src/runtime/outputs.js';
import { readCheckpoint } from '../../src/runtime/posterior-file.js';
import { PredictInputError } from '../../src/runtime/predict/errors.js';
import { refuseNonFinite } from '../../src/runtime/predict/predict.js';
import { writeReport } from '../../src/runtime/report/write.js';
import { categoricalInput, realInput, root, shortRupture, svgNames } from '../report/helpers.js';
import { studyDataPath } from '../study-data.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-outputs-'));
  made.push(d);
  return d;
}

function bnnc(...args: string[]) {
  const env = { ...process.env, BNN_DATA_PATH: studyDataPath() };
  // A time limit, so that a command that hangs fails its test instead of stalling the run.
  return spawnSync(process.execPath, ['--import', 'tsx', 'bnnc.ts', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 50_000,
  });
}

const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'bnnc-run.json'), 'utf8'));

describe('the output folder', () => {
  it("keeps the author's own files in figures/, and removes only bnnc's stale figures", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'figures'));
    fs.writeFileSync(path.join(dir, 'figures', 'mine.svg'), '<svg>the author’s</svg>');
    fs.writeFileSync(path.join(dir, 'figures', 'notes.txt'), 'notes');
    await writeReport(realInput(), dir);
    expect(svgNames(dir)).toContain('predicted_observed');
    fs.writeFileSync(path.join(dir, 'figures', 'later.svg'), 'added after the run');
    // A run of another kind: its figures replace bnnc's, never the author's.
    await writeReport(categoricalInput(), dir);
    expect(svgNames(dir)).not.toContain('predicted_observed');
    expect(fs.readFileSync(path.join(dir, 'figures', 'mine.svg'), 'utf8')).toBe('<svg>the author’s</svg>');
    expect(fs.readFileSync(path.join(dir, 'figures', 'notes.txt'), 'utf8')).toBe('notes');
    expect(fs.existsSync(path.join(dir, 'figures', 'later.svg'))).toBe(true);
    const m = manifest(dir);
    expect(m).toMatchObject({ format: 'bnnc-run', version: 1, complete: true });
    expect(m.files).toContain('report.html');
    expect(m.files).not.toContain('figures/mine.svg');
  });

  it('removes a figure that bnnc wrote before and the new run lacks', () => {
    const dir = tempDir();
    const model = { name: 'm', sourceHash: 'h' };
    const first = OutputFolder.open(dir, model);
    first.write('figures/a.svg', 'a');
    first.write('figures/b.svg', 'b');
    first.finish();
    const second = OutputFolder.open(dir, model);
    second.write('figures/a.svg', 'a2');
    // Half-way: the manifest says the folder is unfinished, and lists both runs' files.
    expect(manifest(dir)).toMatchObject({ complete: false, files: ['figures/a.svg', 'figures/b.svg'] });
    second.finish();
    expect(fs.readdirSync(path.join(dir, 'figures')).sort()).toEqual(['a.svg']);
    expect(manifest(dir)).toMatchObject({ complete: true, files: ['figures/a.svg'] });
  });

  it('cleans the staging folders an earlier bnnc left behind', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, '.figures-new-Ab12Cd'));
    fs.mkdirSync(path.join(dir, '.figures-new-Xy34Zw.old'));
    fs.mkdirSync(path.join(dir, '.figures-keep'));
    OutputFolder.open(dir, { name: 'm', sourceHash: 'h' });
    expect(fs.readdirSync(dir)).toEqual(['.figures-keep']);
  });

  it('removes the temporary files of a run killed mid-write, never those of a live process or the author', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'figures'));
    const dead = 2 ** 22 + 12345; // above Linux's largest pid: no such process
    const left = ['.results.json.' + dead + '.0123456789ab.tmp', 'figures/.elbo.svg.' + dead + '.ba9876543210.tmp'];
    const kept = ['.results.json.' + process.pid + '.0123456789ab.tmp', '.notes.tmp', 'mine.tmp'];
    for (const f of [...left, ...kept]) fs.writeFileSync(path.join(dir, f), 'partial');
    OutputFolder.open(dir, { name: 'm', sourceHash: 'h' });
    for (const f of left) expect(fs.existsSync(path.join(dir, f)), f).toBe(false);
    for (const f of kept) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
  });

  it('refuses a file, a dangling link and a folder under /proc, with what to do', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'file'), '');
    fs.symlinkSync(path.join(dir, 'nothing'), path.join(dir, 'dangling'));
    const message = (d: string) => {
      try {
        usableFolder(d);
      } catch (e) {
        expect(e).toBeInstanceOf(OutputFolderError);
        return (e as Error).message;
      }
      return '';
    };
    expect(message(path.join(dir, 'file'))).toMatch(/it is a file, not a folder; choose a folder with --out/);
    expect(message(path.join(dir, 'file', 'sub'))).toMatch(/a part of the path is a file/);
    expect(message(path.join(dir, 'dangling'))).toMatch(/a link to something that does not exist/);
    expect(message('/proc/self/bnnc-out')).toMatch(/it is under \/proc/);
    expect(message(path.join(dir, 'fresh', 'deeper'))).toBe('');
    // An empty --out would be the working folder (and once crashed with a stack trace).
    expect(message('')).toMatch(/the name is empty; choose a folder with --out/);
  });

  it("fails at once, never hangs, making a folder under /proc (Node's recursive mkdir loops there)", async () => {
    await expect(writeFileAtomic('/proc/self/bnnc-probe/deeper/x.json', '{}')).rejects.toThrow(/ENOENT/);
    expect(() => makeFolderSync('/proc/self/bnnc-probe/deeper')).toThrow(/ENOENT/);
    const dir = tempDir();
    makeFolderSync(path.join(dir, 'a', 'b', 'c'));
    expect(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
  }, 20_000);

  it('refuses a FIFO as a model (fmt, check) or a posterior instead of waiting on it forever', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.bnn');
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['fmt', '--write', fifo],
      ['check', fifo],
    ]) {
      const r = bnnc(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/it is a FIFO \(named pipe\), not a regular file/);
    }
    expect(() => readCheckpoint(fifo, {} as never)).toThrow(
      /cannot read the posterior .*: it is a FIFO \(named pipe\), not a regular file/,
    );
  }, 60_000);

  it('makes `bnnc run --out FILE` fail before fitting, exit 1, no stack trace', () => {
    const dir = tempDir();
    const model = path.join(dir, 'rupture.bnn');
    fs.writeFileSync(model, shortRupture().text);
    fs.writeFileSync(path.join(dir, 'out'), 'not a folder');
    const t0 = Date.now();
    const r = bnnc('run', model, '--out', path.join(dir, 'out'), '--quiet');
    expect(r.stderr).toMatch(/cannot write the output folder .*out": it is a file, not a folder/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 120_000);
});

describe('predict and fmt', () => {
  it('predict refuses to write over its own --input, --posterior or model', () => {
    const dir = tempDir();
    const input = path.join(dir, 'cases.csv');
    fs.writeFileSync(input, 'a,b\n1,2\n');
    for (const [out, what] of [
      [input, 'the --input file'],
      [path.join(dir, 'posterior.json'), 'the --posterior file'],
      ['models/rupture.bnn', 'the model'],
    ]) {
      const r = bnnc(
        'predict',
        'models/rupture.bnn',
        '--posterior',
        path.join(dir, 'posterior.json'),
        '--input',
        input,
        '--out',
        out,
      );
      expect(r.stderr).toContain(`is ${what}; writing there would destroy it`);
      expect(r.status).toBe(2);
    }
    expect(fs.readFileSync(input, 'utf8')).toBe('a,b\n1,2\n');
  }, 60_000);

  it('predict refuses a case whose prediction is not a number, naming its line', () => {
    const cases = {
      file: 'cases.csv',
      header: ['a'],
      rows: [['1'], ['2']],
      table: {
        set: 'input',
        files: ['cases.csv'],
        n: 2,
        columns: {},
        rowFile: new Uint16Array(2),
        rowLine: Uint32Array.from([2, 3]),
      },
    };
    const e = (() => {
      try {
        refuseNonFinite(cases, [{ name: 'probability', values: [0.4, NaN] }]);
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e).toBeInstanceOf(PredictInputError);
    expect(e!.message).toMatch(/cases\.csv:3: the posterior gives this case a probability that is not a number/);
    expect(() => refuseNonFinite(cases, [{ name: 'probability', values: [0.4, 0.6] }])).not.toThrow();
  });

  it('fmt --write keeps the mode of the file and writes through a link', () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.bnn');
    fs.writeFileSync(
      real,
      fs.readFileSync(path.join(root, 'models/rupture.bnn'), 'utf8').replace('model rupture', 'model   rupture'),
    );
    fs.chmodSync(real, 0o600);
    const link = path.join(dir, 'link.bnn');
    fs.symlinkSync(real, link);
    const r = bnnc('fmt', '--write', link);
    expect(r.status).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toMatch(/^model rupture/m);
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
  }, 60_000);
});

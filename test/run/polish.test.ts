// The command line's rough edges: a closed pipe ends quietly; a missing file's hint suggests
// `bnnc fetch` only for files the model has a source for; an evaluated set with one class warns.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataPathError, resolveDataFiles } from '../../src/data/datapath.js';
import { runModel } from '../../src/runtime/run.js';
import { smallModel } from '../data/helpers.js';
import { compile } from '../predict/helpers.js';
import { root } from '../report/helpers.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDir(files: Record<string, string> = {}): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-polish-'));
  made.push(d);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(d, name), content);
  return d;
}

describe('the command line', () => {
  it('ends quietly when the reader of its output stops early (| head)', () => {
    const dir = tempDir();
    const model = fs.readFileSync(path.join(root, 'models/rupture.bnn'), 'utf8');
    fs.writeFileSync(path.join(dir, 'big.bnn'), model + `// ${'x'.repeat(100)}\n`.repeat(20_000));
    const big = path.join(dir, 'big.bnn');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" --import tsx bnnc.ts fmt "${big}" | head -c 10 >/dev/null; echo "status \${PIPESTATUS[0]}"`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('status 0');
  }, 60_000);

  it('suggests bnnc fetch only for files the model has a source for', () => {
    const dir = tempDir();
    const env = { HOME: dir };
    const message = (fetchable: string[]) => {
      try {
        resolveDataFiles(['a.txt'], { modelDir: dir, env, fetchable, modelFile: 'm.bnn' });
      } catch (e) {
        expect(e).toBeInstanceOf(DataPathError);
        return (e as Error).message;
      }
      return '';
    };
    const none = message([]);
    expect(none).not.toContain('run `bnnc fetch');
    expect(none).toContain('To get the data:\n  - set BNN_DATA_PATH');
    expect(none).toContain('(`bnnc fetch` cannot download "a.txt": the model has no source line for it.)');
    expect(message(['a.txt'])).toContain('run `bnnc fetch m.bnn`');
  });
});

describe('an evaluated set with one class', () => {
  it('gives a warning in the results, and the run goes on', async () => {
    const rows = (labels: number[]) =>
      ['a,b,label', ...labels.map((l, i) => `${(i % 7) / 7 + l},${(i % 5) / 5},${l}`)].join('\n') + '\n';
    const dir = tempDir({
      'train.csv': rows(Array.from({ length: 60 }, (_, i) => i % 2)),
      'test.csv': rows([1, 1, 1, 1]),
    });
    const text = smallModel(
      '  train = read("train.csv")\n  test = read("test.csv")',
      'infer vi {\n  steps 20\n}\nevaluate test {\n  draws 20\n  confusion\n}\n',
      'one',
    );
    const ir = compile(text, path.join(dir, 'one.bnn'));
    const out = await runModel(ir, {
      outDir: path.join(dir, 'out'),
      modelDir: dir,
      env: { HOME: dir },
      backend: 'cpu',
      report: false,
    });
    // (Beside it, possibly, the PSIS k̂ warning of a 20-step fit.)
    expect(out.results.warnings).toContain(
      "the evaluated set 'test' holds only class 1 of 'y': F1 and accuracy say little and the ROC AUC is undefined; evaluate on a set with every class",
    );
  }, 60_000);
});

// The data-access policy: a model reads only below its own folder, the --data-dir and
// BNN_DATA_PATH roots and the download cache; escapes, special files and oversized files are
// located errors from `check` (and the language server), and messages echo only short, escaped
// excerpts of a file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/front-end.js';
import { DataPathError, resolveDataFiles } from '../../src/data/datapath.js';
import { withDataAccess } from '../../src/data/diagnostics.js';
import { DataError } from '../../src/data/errors.js';
import { readTable } from '../../src/data/read.js';
import { TestClient } from '../lsp/helpers.js';
import { cleanEnv, smallModel, tempDir, thrown } from './helpers.js';

const model = (...files: string[]) => smallModel(`  train = read(${files.map((f) => JSON.stringify(f)).join(', ')})`);

function refused(text: string, dir: string, extra: Parameters<typeof withDataAccess>[1] = {}) {
  const doc = withDataAccess(checkSource(text, path.join(dir, 'm.bnn')), { env: cleanEnv(), ...extra });
  return doc.diagnostics
    .filter((d) => d.code === 'BNN1118')
    .map((d) => ({ at: text.slice(d.span.start, d.span.end), message: d.message }));
}

describe('data-access policy', () => {
  it('reads a FIFO as a refused special file at once, not by waiting for a writer (run --allow-any-data, predict --input)', () => {
    const dir = tempDir({});
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    // In a child with a time limit: without O_NONBLOCK the open itself blocks, and would stall the test run.
    const script = `import('./src/data/access.ts').then((m) => { try { m.readBounded(${JSON.stringify(fifo)}, 100); console.log('read'); } catch (e) { console.log(e.message); } })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.trim()).toBe('it is a FIFO (named pipe), not a regular file');
  }, 40_000);

  it("refuses '..' escapes and absolute paths outside the data roots, at the file's string", () => {
    const dir = tempDir({ 'ok.txt': '1 2 0\n' });
    const text = model('ok.txt', '../../../../etc/shadow', '/proc/self/environ');
    const found = refused(text, dir);
    expect(found.map((f) => f.at)).toEqual(['"../../../../etc/shadow"', '"/proc/self/environ"']);
    expect(found[0].message).toMatch(/climbs out .*--data-dir or BNN_DATA_PATH .*--allow-any-data/);
    expect(found[1].message).toMatch(/absolute path outside the folders bnnc reads data from/);
    // An absolute path inside a root is fine.
    expect(refused(model(path.join(dir, 'ok.txt')), dir)).toEqual([]);
  });

  it('allows a place outside the roots with --allow-any-data, but never a file of /proc', () => {
    const outside = tempDir({ 'd.txt': '1 2 0\n' });
    const dir = tempDir();
    expect(refused(model(path.join(outside, 'd.txt')), dir, { access: { anywhere: true } })).toEqual([]);
    const proc = refused(model('/proc/self/environ'), dir, { access: { anywhere: true } });
    expect(proc).toHaveLength(1);
    expect(proc[0].message).toMatch(/is a file of \/proc, not a data file on disk/);
  });

  it('refuses a link that leads out of the roots, a FIFO, and a file over the size limit', () => {
    const outside = tempDir({ 'secret.txt': 'TOKEN=abc\n' });
    const dir = tempDir({ 'big.txt': '1 2 0\n'.repeat(100) });
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const found = refused(model('link.txt', 'pipe.txt', 'big.txt'), dir, { access: { maxBytes: 100 } });
    expect(found.map((f) => f.at)).toEqual(['"link.txt"', '"pipe.txt"', '"big.txt"']);
    expect(found[0].message).toMatch(/through a link/);
    expect(found[1].message).toMatch(/FIFO/);
    expect(found[2].message).toMatch(/over the limit .*--max-data-mb/);
  });

  it('makes the run refuse the file before reading it: no line of it reaches the message', () => {
    const dir = tempDir();
    const e = thrown(
      () => resolveDataFiles(['/proc/self/environ', '../../etc/passwd'], { modelDir: dir, env: cleanEnv() }),
      DataPathError,
    );
    expect(e.message).toMatch(/data file refused: "\/proc\/self\/environ"/);
    expect(e.message).toMatch(/data file refused: "..\/..\/etc\/passwd"/);
    expect(e.message).not.toContain('PATH=');
  });

  it('stops reading a file at the size limit, even one whose size is not known beforehand', () => {
    const dir = tempDir({ 'd.txt': 'a b label\n' + '1 2 0\n'.repeat(1000) });
    const e = thrown(
      () => readTable('train', [path.join(dir, 'd.txt')], { columns: ['a', 'b', 'label'], maxBytes: 1000 }),
      DataError,
    );
    expect(e.message).toMatch(/holds more than .* MB, the limit on a data file; pass --max-data-mb/);
  });

  it('echoes only a short, escaped excerpt of a header or a value', () => {
    const long = 'z'.repeat(100_000);
    const dir = tempDir({ 'h.txt': `q\u0000r ${long}\n1 2\n`, 'v.txt': `a b label\n1 ${long}\u0007 0\n` });
    const e1 = thrown(() => readTable('train', [path.join(dir, 'h.txt')], { columns: ['a', 'b', 'label'] }), DataError);
    expect(e1.message).toContain('"q\\u0000r" "zzzz');
    expect(e1.message).not.toContain('\u0000');
    expect(e1.message.length).toBeLessThan(600);
    const e2 = thrown(() => readTable('train', [path.join(dir, 'v.txt')], { columns: ['a', 'b', 'label'] }), DataError);
    expect(e2.message.length).toBeLessThan(400);
    expect(e2.message).toMatch(/"z+…" is not a number/);
  });

  it('is reported by the language server too, and hover reads nothing outside the roots', async () => {
    const client = await TestClient.start({ env: cleanEnv() });
    try {
      const { diagnostics } = await client.open(model('/proc/self/environ'), 'file:///tmp/bnn-access/m.bnn');
      expect(diagnostics.diagnostics.map((d) => d.code)).toEqual(['BNN1118']);
    } finally {
      client.close();
    }
  });
});

// The command line prints a run-time error as the front end prints a diagnostic: `error CODE:
// message`, one line per problem, no stack trace, exit status 1 (2 for a bad command line).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bnnc, expectUserError, removeTempDirs, root, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const rupture = fs.readFileSync(path.join(root, 'models/rupture.bnn'), 'utf8');

describe('run-time errors on the command line', () => {
  it('print their code: a missing data file, a corrupted posterior, an unusable --out, a bad flag', async () => {
    const dir = tempDir({
      'lost.bnn': rupture.replaceAll('rupture/rupturemodel_test.txt', 'rupture/no-such-file.txt'),
      'posterior.json': '{"format": "bnnc-post',
    });
    const [missing, corrupted, badOut, badBackend, noModel] = await Promise.all([
      bnnc(['run', path.join(dir, 'lost.bnn'), '--out', path.join(dir, 'out'), '--quiet']),
      bnnc([
        'run',
        'models/rupture.bnn',
        '--posterior',
        path.join(dir, 'posterior.json'),
        '--out',
        path.join(dir, 'out2'),
        '--quiet',
      ]),
      bnnc(['run', 'models/rupture.bnn', '--out', '/proc/bnnc-out', '--quiet']),
      bnnc(['run', 'models/rupture.bnn', '--backend', 'gpu']),
      bnnc(['check', path.join(dir, 'none.bnn')]),
    ]);
    expectUserError(missing, /^error BNN2002: data file "rupture\/no-such-file.txt" not found\. Looked in:\n/);
    expectUserError(
      corrupted,
      /^error BNN5002: .*posterior\.json is not valid JSON \(truncated or corrupted\?\): run the model again/,
    );
    expectUserError(badOut, /^error BNN5101: cannot write the output folder "\/proc\/bnnc-out": it is under \/proc/);
    expect(badBackend.stderr).toMatch(/^error BNN5503: unknown --backend 'gpu': choose js, /);
    expect(badBackend.code).toBe(2);
    expect(noModel.stderr).toBe(`error BNN5501: cannot read ${path.join(dir, 'none.bnn')}: no such file.\n`);
    expect(noModel.code).toBe(2);
  }, 120_000);

  it('with --json, come as JSON on stdout with their code', async () => {
    const dir = tempDir();
    const [check, compare] = await Promise.all([
      bnnc(['check', '--json', path.join(dir, 'none.bnn')]),
      bnnc(['compare', '--json', dir, dir]),
    ]);
    expect(JSON.parse(check.stdout)).toEqual({
      error: { code: 'BNN5501', message: `cannot read ${path.join(dir, 'none.bnn')}: no such file.` },
    });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(2);
    expect(JSON.parse(compare.stdout).error.code).toBe('BNN5302');
    expect(compare.code).toBe(1);
  }, 60_000);
});

// `bnnc run` through the command line (from the TypeScript sources via tsx): the report shows the
// model file's own source, and --no-report writes neither figures nor report.html.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/runtime/report/html-tables.js';
import { root, shortRupture } from './helpers.js';
import { studyDataPath } from '../study-data.js';

function bnncRun(model: string, out: string, ...flags: string[]) {
  const env = { ...process.env, BNN_DATA_PATH: studyDataPath() };
  return spawnSync(process.execPath, ['--import', 'tsx', 'bnnc.ts', 'run', model, '--out', out, '--quiet', ...flags], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
}

describe('bnnc run', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-report-cli-'));
  const model = path.join(dir, 'rupture.bnn');
  const { text } = shortRupture();
  writeFileSync(model, text);

  it('writes report.html with the model file’s source, and says so', () => {
    const out = path.join(dir, 'with');
    const r = bnncRun(model, out);
    // The short fit's guide may be far from the posterior: that warning is the only output there.
    expect(r.stderr.replace(/^warning: the PSIS k̂ of the variational fit [^\n]*\n/m, '')).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${path.join(out, 'report.html')} with its figures`);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8').includes(escapeHtml(text))).toBe(true);
  }, 120_000);

  it('writes no figures and no report.html with --no-report', () => {
    const out = path.join(dir, 'without');
    const r = bnncRun(model, out, '--no-report');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['bnnc-run.json', 'posterior.json', 'results.json']);
    expect(r.stdout).not.toContain('report.html');
  }, 120_000);
});

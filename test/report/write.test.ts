// Writing the report: a failure while making it leaves the earlier report and figures as they
// were, with no temporary files; a new report replaces every figure of the old one.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/runtime/report/write.js';
import { categoricalInput, realInput, svgNames } from './helpers.js';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('writeReport', () => {
  it('leaves the earlier report untouched when making the new one fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-report-fail-'));
    await writeReport(realInput(), dir);
    const before = snapshot(dir);
    const broken = realInput();
    (broken.results.per_case as { mean: unknown }).mean = undefined;
    await expect(writeReport(broken, dir)).rejects.toThrow();
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves no temporary file when report.html cannot be written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-report-fail-'));
    mkdirSync(path.join(dir, 'report.html'));
    await expect(writeReport(realInput(), dir)).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['bnnc-run.json', 'figures', 'report.html']);
  });

  it('replaces the figures of an earlier report, keeping none that the new one lacks', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bnnc-report-again-'));
    await writeReport(realInput(), dir);
    expect(svgNames(dir)).toContain('predicted_observed');
    await writeReport(categoricalInput(), dir);
    expect(svgNames(dir)).toEqual([
      'accuracy_rejection',
      'elbo',
      'importance',
      'importance_by_class',
      'reliability',
      'uncertainty_by_class',
      'weights_W0',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['bnnc-run.json', 'figures', 'report.html']);
  });
});

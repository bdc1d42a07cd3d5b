// Shared by the predict tests: the bnnc command as a child process (run from the TypeScript
// sources through tsx, so no build is needed), temporary folders, and compiling model text.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { IRModel } from '../../src/compiler/ir.js';
import { lower } from '../../src/compiler/lower.js';
import { checkSource } from '../../src/lang/front-end.js';
import { studyDataPath } from '../study-data.js';
import type { Rng } from '../../src/runtime/rng.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const dataPath = studyDataPath();
/** The data path of the tests, and no download cache. */
export const dataEnv = { BNN_DATA_PATH: dataPath, XDG_CACHE_HOME: '/nonexistent-bnnc-cache' };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function bnnc(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bnnc.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...dataEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Exit code 1 and the expected message, with no stack trace or internal-error report. */
export function expectUserError(r: CliResult, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.code).toBe(1);
}

const made: string[] = [];

/** A fresh temporary folder holding `files` (name → content); see removeTempDirs. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-predict-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** For afterAll: the folders are shared by a file's tests. */
export function removeTempDirs(): void {
  while (made.length > 0) fs.rmSync(made.pop()!, { recursive: true, force: true });
}

export function compile(text: string, file: string): IRModel {
  const doc = checkSource(text, file);
  expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(doc.model!, text);
}

/**
 * n cases `a,b,label` with a and b standard normal and label ~ Bernoulli(sigmoid(logit(a, b))),
 * as CSV with a header, drawn from rng.
 */
export function binaryCases(n: number, rng: Rng, logit: (a: number, b: number) => number): string {
  const rows = ['a,b,label'];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const p = 1 / (1 + Math.exp(-logit(a, b)));
    rows.push(`${a},${b},${rng.next() < p ? 1 : 0}`);
  }
  return rows.join('\n') + '\n';
}

import { expect } from 'vitest';
// Shared by the data tests: temporary folders with small files, and a small IRData.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import type { IRData } from '../../src/compiler/ir.js';

const made: string[] = [];

afterEach(() => {
  while (made.length > 0) fs.rmSync(made.pop()!, { recursive: true, force: true });
});

/** A fresh temporary folder holding `files` (name → content); removed after the test. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-test-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export function irData(over: Partial<IRData> = {}): IRData {
  return {
    columns: ['a', 'b', 'label'],
    sets: [{ name: 'train', files: ['train.txt'] }],
    splits: [],
    sources: [],
    derived: [],
    features: [{ name: 'x', columns: ['a', 'b'], standardize: true }],
    target: { name: 'y', column: 'label', kind: 'binary' },
    trainSet: 'train',
    balance: [],
    ...over,
  };
}

/** An environment with nothing on the data path but what the test sets. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir();
  return { HOME: home, ...extra };
}

/** The error fn throws, asserted to be of the given class. */
export function thrown<T>(fn: () => unknown, type: abstract new (...args: never[]) => T): T {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(type);
  return err as T;
}

/** A small binary model over the columns a, b, label: `sets` are its read lines (indented), `extra` follows its model block. */
export function smallModel(sets: string, extra = '', name = 'm'): string {
  return `model ${name}
data {
  columns a, b, label
${sets}
  x = standardize(a .. b)
  y = label : binary
}
parameters {
  W : [2, 1] ~ Normal(0, 1)
}
model {
  y ~ Bernoulli(logit = x @ W)
}
${extra}`;
}

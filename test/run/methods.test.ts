// Until the NUTS and MAP engines are wired into bnnc run, a model that asks for them is refused
// with a message that says so, before any output is written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModel } from '../../src/runtime/run.js';
import { smallModel } from '../data/helpers.js';
import { compile } from '../predict/helpers.js';

describe('runModel and the inference method', () => {
  for (const method of ['nuts', 'map']) {
    it(`refuses infer ${method}, saying it is not wired yet`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnn-methods-'));
      try {
        const ir = compile(smallModel('  train = read("train.csv")', `infer ${method} {}\n`), path.join(dir, 'm.bnn'));
        expect(ir.infer.method).toBe(method);
        const run = runModel(ir, { outDir: path.join(dir, 'out'), modelDir: dir, env: { HOME: dir }, backend: 'cpu', report: false });
        await expect(run).rejects.toThrow(`infer ${method} is not wired into bnnc run yet`);
        expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

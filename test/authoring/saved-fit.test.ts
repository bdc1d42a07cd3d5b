// A saved fit is keyed on what the model means, not on its text: it survives an added comment and
// `bnnc fmt --write`, and is refused after a changed prior, with both models named and the
// difference shown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lower } from '../../src/compiler/lower.js';
import { checkSource } from '../../src/lang/front-end.js';
import { formatSource } from '../../src/lang/format/format.js';
import { runModel } from '../../src/runtime/run.js';
import { fitText, generatedCsv, modelText, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const text = modelText(
  'saved',
  'out : real',
  '  W : [3, 1] ~ Normal(0, 1)\n  sigma ~ HalfNormal(1)',
  '  y ~ Normal(x @ W, sigma)',
  'evaluate train {\n  draws 50\n}',
).replace('steps 1000', 'steps 100');

function irOf(source: string, dir: string) {
  const doc = checkSource(source, path.join(dir, 'm.bnn'));
  expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(doc.model!, source);
}

describe('a saved fit', () => {
  it("is keyed on the model's meaning and the data it was fit to", async () => {
    const run = await fitText(
      text,
      generatedCsv(60, 5, (a, b, c, rng) => a - b + 0.1 * rng.normal()),
    );
    const saved = JSON.parse(fs.readFileSync(run.files.posterior!, 'utf8'));
    const ir = irOf(text, run.dir);
    expect(saved.model_hash).toBe(ir.modelHash);
    expect(saved.data_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.results.model_hash).toBe(ir.modelHash);
    expect(run.results.source_hash).toBe(ir.sourceHash);

    const again = (source: string) =>
      runModel(irOf(source, run.dir), {
        outDir: path.join(run.dir, `again-${Math.random()}`),
        modelDir: run.dir,
        posteriorFile: run.files.posterior!,
        backend: 'cpu',
        report: false,
      });

    // A comment, reformatting (fmt), a renamed model and other queries or settings: the same model.
    const commented = text.replace('parameters {', '// the weights\nparameters { // one per input');
    const formatted = formatSource(commented.replace('W : [3, 1] ~ Normal(0, 1)', 'W:[3,1]~Normal( 0 ,1.0 )')).text!;
    expect(formatted).not.toBe(text);
    for (const source of [
      commented,
      formatted,
      text.replace('model saved', 'model renamed'),
      text.replace('draws 50', 'draws 40').replace('steps 100', 'steps 200'),
    ]) {
      const r = await again(source);
      expect(r.results.model_hash).toBe(ir.modelHash);
      expect(r.results.per_case?.mean.length).toBe(60);
    }

    // A changed prior is another model.
    await expect(again(text.replace('W : [3, 1] ~ Normal(0, 1)', 'W : [3, 1] ~ Normal(0, 2)'))).rejects.toThrow(
      "posterior.json was made by model 'saved', which differs from the model 'saved' being run: the posterior's model has `parameter W : [3, 1] ~ Normal(mu = 0, sigma = 1)` where the model 'saved' being run has `parameter W : [3, 1] ~ Normal(mu = 0, sigma = 2)`. Run this model to make its own posterior.",
    );
    await expect(
      again(text.replace('model saved', 'model other').replace('sigma ~ HalfNormal(1)', 'sigma ~ HalfNormal(2)')),
    ).rejects.toThrow(
      /made by model 'saved', which differs from model 'other', the one being run: .*HalfNormal\(sigma = 1\).*HalfNormal\(sigma = 2\)/,
    );
  }, 120_000);
});

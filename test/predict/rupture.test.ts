// `bnnc predict` on the reference model (shortened to 300 steps): the 400 test cases, written as
// a CSV with shuffled columns and an extra id column, get the per-case scores of the run that
// made the posterior; through the CLI too, as CSV and JSON. `bnnc run --posterior` evaluates the
// saved fit from the CLI, and a posterior that is another model's, of another version,
// truncated or corrupted is refused with a clear message.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IRModel } from '../../src/compiler/ir.js';
import { predict, predictionsCsv } from '../../src/runtime/predict/index.js';
import type { RunResults } from '../../src/runtime/results.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { bnnc, compile, dataEnv, dataPath, expectUserError, removeTempDirs, root, tempDir } from './helpers.js';

const COLUMNS = ['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc', 'label'];
const SHUFFLED = ['dc', 'id', 'sxy', 'height', 'label', 'mud', 'width', 'syy', 'sdrop', 'sxx'];

/** The reference model, quicker: fewer steps and only the queries these tests read. */
function shortModel(): string {
  const text = readFileSync(path.join(root, 'models/rupture.bnn'), 'utf8')
    .replace('steps 5000', 'steps 300')
    .replace(/^\s*(importance|weights|prior_posterior)\b.*\n/gm, '');
  expect(text).toContain('steps 300');
  expect(text).not.toMatch(/importance|prior_posterior/);
  return text;
}

/** The test set's rows as a CSV with a header, its fields as written in the data file. */
function testSetCsv(): { csv: string; lines: string[] } {
  const rows = readFileSync(path.join(dataPath, 'rupture/rupturemodel_test.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/));
  const lines = rows.map((fields, i) => {
    const byName: Record<string, string> = { id: `case${i + 1}` };
    COLUMNS.forEach((c, j) => (byName[c] = fields[j]));
    return SHUFFLED.map((c) => byName[c]).join(',');
  });
  return { csv: [SHUFFLED.join(','), ...lines].join('\n') + '\n', lines };
}

describe('bnnc predict models/rupture.bnn', () => {
  let dir: string;
  let modelFile: string;
  let ir: IRModel;
  let run: RunOutput;
  let posterior: string;
  let cases: string;
  let caseLines: string[];

  beforeAll(async () => {
    const text = shortModel();
    const { csv, lines } = testSetCsv();
    dir = tempDir({ 'rupture.bnn': text, 'cases.csv': csv });
    modelFile = path.join(dir, 'rupture.bnn');
    cases = path.join(dir, 'cases.csv');
    caseLines = lines;
    ir = compile(text, modelFile);
    run = await runModel(ir, { outDir: path.join(dir, 'run'), modelDir: dir, env: dataEnv, report: false });
    posterior = run.files.posterior!;
  }, 300_000);

  afterAll(removeTempDirs);

  it('gives each test case the score the run gave it', async () => {
    const p = await predict(ir, { posteriorFile: posterior, inputFile: cases });
    const r = run.results;
    expect(p.draws).toBe(1000);
    expect(p.threshold).toBe(r.threshold);
    const col = (name: string) => Array.from(p.columns.find((c) => c.name === name)!.values);
    expect(col('probability')).toHaveLength(400);
    expect(col('probability')).toEqual(r.per_case!.mean);
    expect(col('sd')).toEqual(r.per_case!.sd);
    expect(col('lo95')).toEqual(r.per_case!.lo);
    expect(col('hi95')).toEqual(r.per_case!.hi);
    const c = r.confusion as { tp: number; fp: number };
    expect(col('class').filter((k) => k === 1)).toHaveLength(c.tp + c.fp);
  });

  it("keeps the input's columns first, as written, then the predictions", async () => {
    const p = await predict(ir, { posteriorFile: posterior, inputFile: cases });
    const out = predictionsCsv(p).trimEnd().split('\n');
    expect(out[0]).toBe([...SHUFFLED, 'probability', 'sd', 'lo95', 'hi95', 'class'].join(','));
    expect(out).toHaveLength(401);
    out.slice(1).forEach((line, i) => expect(line.startsWith(caseLines[i] + ',')).toBe(true));
  });

  it('writes the same predictions from the CLI, as CSV to --out and as JSON to stdout', async () => {
    const out = path.join(dir, 'preds', 'preds.csv');
    const [csv, json] = await Promise.all([
      bnnc(['predict', modelFile, '--posterior', posterior, '--input', cases, '--out', out]),
      bnnc(['predict', modelFile, '--posterior', posterior, '--input', cases, '--json']),
    ]);
    expect(csv.stderr).toContain(`Wrote 400 predictions to ${out}`);
    expect(csv.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const at = lines[0].split(',').indexOf('probability');
    expect(lines.slice(1).map((l) => Number(l.split(',')[at]))).toEqual(run.results.per_case!.mean);

    expect(json.code).toBe(0);
    const j = JSON.parse(json.stdout);
    expect(j).toMatchObject({
      format: 'bnnc-predictions',
      model: 'rupture',
      source_hash: ir.sourceHash,
      draws: 1000,
      threshold: run.results.threshold,
    });
    expect(j.cases).toHaveLength(400);
    expect(j.cases[0]).toMatchObject({ line: 2, input: { id: 'case1', label: caseLines[0].split(',')[4] } });
    expect(j.cases.map((c: { probability: number }) => c.probability)).toEqual(run.results.per_case!.mean);
  });

  it('writes posterior.json atomically, with what prediction needs', () => {
    expect(readdirSync(path.join(dir, 'run')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const c = JSON.parse(readFileSync(posterior, 'utf8'));
    expect(c).toMatchObject({
      format: 'bnnc-posterior',
      version: 1,
      model: 'rupture',
      source_hash: ir.sourceHash,
      threshold: run.results.threshold,
    });
    expect(c.standardization.features[0]).toMatchObject({ name: 'x', columns: COLUMNS.slice(0, 8), standardize: true });
    expect(c.fit.params.map((q: { name: string }) => q.name)).toEqual(['W0', 'b0', 'W1', 'b1']);
  });

  it('evaluates the saved posterior from the CLI with run --posterior, without fitting', async () => {
    const out = path.join(dir, 'again');
    const r = await bnnc(['run', modelFile, '--posterior', posterior, '--out', out, '--quiet']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const again = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
    const first = JSON.parse(readFileSync(run.files.results, 'utf8')) as RunResults;
    expect(again.fit).toBeNull();
    expect(again.per_case!.mean).toEqual(first.per_case!.mean);
    expect(readdirSync(out)).not.toContain('posterior.json');
  });

  it('refuses a posterior of another model, of another version, truncated or corrupted, from predict and run', async () => {
    const good = JSON.parse(readFileSync(posterior, 'utf8'));
    const otherModel = path.join(dir, 'other.bnn');
    writeFileSync(
      otherModel,
      readFileSync(modelFile, 'utf8').replace('steps 300', 'steps 301').replace('Normal(0, 1)', 'Normal(0, 3)'),
    );
    const bad = (name: string, content: string) => {
      const f = path.join(dir, name);
      writeFileSync(f, content);
      return f;
    };
    const v2 = bad('v2.json', JSON.stringify({ ...good, version: 2 }));
    const truncated = bad('truncated.json', readFileSync(posterior, 'utf8').slice(0, 1000));
    const stats = structuredClone(good);
    stats.standardization.features[0].sd[3] = 0;
    const badStats = bad('stats.json', JSON.stringify(stats));
    const fit = structuredClone(good);
    fit.fit.params[2].loc = 'NaN';
    const badFit = bad('fit.json', JSON.stringify(fit));

    const predictWith = (model: string, file: string) =>
      bnnc(['predict', model, '--posterior', file, '--input', cases]);
    const results = await Promise.all([
      predictWith(otherModel, posterior),
      predictWith(modelFile, v2),
      predictWith(modelFile, truncated),
      predictWith(modelFile, badStats),
      predictWith(modelFile, badFit),
      predictWith(modelFile, path.join(dir, 'nowhere.json')),
      bnnc(['run', modelFile, '--posterior', truncated, '--out', path.join(dir, 'never'), '--quiet']),
    ]);
    expectUserError(
      results[0],
      /posterior\.json was made by model 'rupture', which differs from the model 'rupture' being run: .*Normal\(mu = 0, sigma = 3\)/,
    );
    expectUserError(results[1], /v2\.json has posterior format version 2, and this bnnc reads version 1/);
    expectUserError(results[2], /truncated\.json is not valid JSON \(truncated or corrupted\?\)/);
    expectUserError(
      results[3],
      /stats\.json is corrupted: the standardization of x needs a finite mean and a positive sd/,
    );
    expectUserError(results[4], /fit\.json is incomplete or corrupted/);
    expectUserError(results[5], /cannot read the posterior .*nowhere\.json: no such file/);
    expectUserError(results[6], /truncated\.json is not valid JSON/);
    for (const r of results) expect(r.stdout).toBe('');
  }, 240_000);
});

// A real target standardized in the data block (y = standardize(out) : real) is fit on the
// standardized scale, and every number reported is in the target's units: equal, to rounding, to
// a run with the standardization written out by hand and converted back.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/front-end.js';
import { predict } from '../../src/runtime/predict/index.js';
import { columnStats } from '../../src/runtime/data/standardize.js';
import { tempDir } from '../predict/helpers.js';
import { fitText, generatedCsv, modelText, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const params = '  W : [3, 1] ~ Normal(0, 1)\n  b0 ~ Normal(0, 1)\n  sigma ~ HalfNormal(1)';
const body = '  y ~ Normal(x @ W + b0, sigma)';
const evaluate = 'evaluate train {\n  draws 200\n}';

describe('a standardized real target', () => {
  // A target with a mean of about 150 and an sd of about 75, as in the diabetes data.
  const csv = generatedCsv(300, 17, (a, b, c, rng) => 150 + 60 * a - 30 * b + 10 * c + 25 * rng.normal());

  it("is advised when the raw target's spread is far beyond its noise prior", async () => {
    const raw = await fitText(
      modelText('raw', 'out : real', params, body, evaluate).replace('steps 1000', 'steps 50'),
      csv,
    );
    // (The VI health check may warn about this poor fit too: only the target's warning is asserted.)
    expect(raw.results.warnings?.filter((w) => w.startsWith('the target '))).toEqual([
      expect.stringMatching(
        /^the target out has sd 7\d(\.\d)? in 'train', but the prior of sigma, HalfNormal\(1\), keeps the noise sd below about 3: .* Standardize it \(y = standardize\(out\) : real; results stay in its units\) or widen the prior$/,
      ),
    ]);
  });

  it('checks, and is refused for another kind or a list', () => {
    const bad = (target: string) =>
      checkSource(modelText('m', target, params, body), 'm.bnn').diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(bad('standardize(out) : real')).toEqual([]);
    expect(bad('standardize(out) : binary')[0]).toMatch(
      /^BNN1319 a binary target has no scale to standardize: write y = out : binary\./,
    );
    expect(bad('standardize(a, out) : real')[0]).toMatch(/^BNN1319 a target standardizes one column/);
    expect(bad('features(out) : real')[0]).toMatch(/^BNN1319 .*features\(…\) is for feature matrices/);
  });

  it("reports RMSE, intervals and predictions in the target's units, as the standardization written by hand does", async () => {
    const values = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[3]));
    const { mean, sd } = columnStats({ out: Float64Array.from(values) }, ['out']);
    const [m, s] = [mean[0], sd[0]];
    const auto = await fitText(modelText('auto', 'standardize(out) : real', params, body, evaluate), csv);
    const byHand = await fitText(
      modelText('hand', 't : real', params, body, evaluate).replace(
        '  y = t : real',
        `  t = (out - ${m}) / ${s}\n  y = t : real`,
      ),
      csv,
    );

    const a = auto.results;
    const h = byHand.results;
    expect(a.warnings ?? []).toEqual([]);
    expect(h.warnings ?? []).toEqual([]);
    expect(a.regression!.rmse).toBeGreaterThan(15);
    expect(a.regression!.rmse).toBeCloseTo(h.regression!.rmse * s, 3);
    expect(a.regression!.mae).toBeCloseTo(h.regression!.mae * s, 3);
    expect(a.regression!.r2).toBeCloseTo(h.regression!.r2, 6);
    expect(a.regression!.coverage95).toBe(h.regression!.coverage95);
    const pa = a.per_case!;
    const ph = h.per_case!;
    pa.label.forEach((y, i) => expect(y).toBeCloseTo(values[i], 3));
    pa.mean.forEach((v, i) => expect(v).toBeCloseTo(m + s * ph.mean[i], 2));
    pa.predictive_hi!.forEach((v, i) => expect(v).toBeCloseTo(m + s * ph.predictive_hi![i], 2));
    pa.sigma!.forEach((v, i) => expect(v).toBeCloseTo(s * ph.sigma![i], 2));

    // bnnc predict, from the saved posterior: in the target's units too.
    const input = path.join(tempDir({ 'cases.csv': 'a,b,c\n0,0,0\n1,-1,0\n' }), 'cases.csv');
    const text = modelText('auto', 'standardize(out) : real', params, body, evaluate);
    const { lower } = await import('../../src/compiler/lower.js');
    const ir = lower(checkSource(text, path.join(auto.dir, 'm.bnn')).model!, text);
    const p = await predict(ir, { posteriorFile: auto.files.posterior!, inputFile: input, backend: 'cpu' });
    const predicted = p.columns.find((c) => c.name === 'mean')!.values;
    expect(predicted[0]).toBeGreaterThan(130);
    expect(predicted[0]).toBeLessThan(170);
    expect(predicted[1] - predicted[0]).toBeGreaterThan(60);
  }, 120_000);
});

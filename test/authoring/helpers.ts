// Shared by the authoring tests: fitting a model written in bnnc to data the test generates.
import * as path from 'node:path';
import { Rng } from '../../src/runtime/rng.js';
import { runModel, type RunOutput } from '../../src/runtime/run.js';
import { compile, tempDir } from '../predict/helpers.js';

export { removeTempDirs } from '../predict/helpers.js';

/** n rows of columns a, b, c (standard normal) and out = f(a, b, c, rng), as CSV. */
export function generatedCsv(
  n: number,
  seed: number,
  f: (a: number, b: number, c: number, rng: Rng) => number,
): string {
  const rng = new Rng(seed);
  const rows = ['a,b,c,out'];
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    rows.push(`${a},${b},${c},${f(a, b, c, rng)}`);
  }
  return rows.join('\n') + '\n';
}

/** A model over columns a, b, c, out with the given blocks (x = features(a .. c)). */
export function modelText(name: string, target: string, params: string, body: string, evaluate = ''): string {
  return `model ${name}
data {
  columns a, b, c, out
  train = read("train.csv")
  x = features(a .. c)
  y = ${target}
}
parameters {
${params}
}
model {
${body}
}
infer vi {
  optimizer adam(lr = 0.05, decay = 0.999)
  steps 1000
  samples 2
  seed 3
}
${evaluate}`;
}

/** Checks, compiles and fits the model on the CSV, evaluating on the training set. */
export async function fitText(text: string, csv: string): Promise<RunOutput & { dir: string }> {
  const dir = tempDir({ 'm.bnn': text, 'train.csv': csv });
  const ir = compile(text, path.join(dir, 'm.bnn'));
  const run = await runModel(ir, { outDir: path.join(dir, 'run'), modelDir: dir, backend: 'cpu', report: false });
  return { ...run, dir };
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoverRequest, type Hover, type Position } from 'vscode-languageserver/node.js';
import { openMarked, RUPTURE, TestClient } from './helpers.js';
import { smallModel } from '../data/helpers.js';

let client: TestClient;
let dataDir: string;
let modelDir: string;
beforeAll(async () => {
  // Data on BNN_DATA_PATH: a headerless whitespace file (columns a, b, label) and a comma file with a header.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnn-hover-data-'));
  modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnn-hover-model-'));
  fs.mkdirSync(path.join(dataDir, 'sim'));
  fs.writeFileSync(path.join(dataDir, 'sim', 'train.txt'), '1 10 0\n2 20 1\n  6 -30 0\n');
  fs.writeFileSync(path.join(modelDir, 'local.csv'), 'label,b,a\n1,5,0.5\n0,7,1.5\n');
  client = await TestClient.start({ env: { BNN_DATA_PATH: `/nonexistent:${dataDir}`, HOME: modelDir } });
});
afterAll(() => {
  client.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(modelDir, { recursive: true, force: true });
});

async function hoverAt(uri: string, position: Position): Promise<Hover | null> {
  return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
}

function value(h: Hover | null): string {
  expect(h).not.toBeNull();
  return (h!.contents as { value: string }).value;
}

const MODEL = smallModel('  train = read("sim/train.txt")');

describe('hover', () => {
  it("shows a parameter's shape, prior and declaration, with the range of the name", async () => {
    const { uri, at } = await openMarked(client, RUPTURE.replace('h = relu(x @ W0 +', 'h = relu(x @ W|0 +'));
    const h = await hoverAt(uri, at[0]);
    expect(value(h)).toContain('(parameter) W0 : [8, 12] ~ Normal(0, 1)');
    expect(value(h)).toMatch(/declared on line \d+/);
    expect(client.text(uri, h!.range!)).toBe('W0');
  });

  it('shows what a layer expands to, on its node and on dense', async () => {
    const text = RUPTURE.replace('h = relu(x @ W0 + b0)', '|h = dense(x, 12, relu)\n  g = |dense(x, 4, tanh)');
    const { uri, at } = await openMarked(client, text);
    expect(value(await hoverAt(uri, at[0]))).toContain(
      'Model node [N, 12] = relu(x @ h_W + h_b), with h_W : [8, 12] and h_b : [12] ~ Normal(0, 1)',
    );
    expect(value(await hoverAt(uri, at[1]))).toContain('*layer* — dense(x, UNITS, ACTIVATION)');
  });

  it('shows how a prior that uses other parameters is compiled', async () => {
    const text = RUPTURE.replace(
      'W0 : [8, 12] ~ Normal(0, 1)',
      'tau ~ HalfNormal(1)\n  |W0 : [8, 12] ~ Normal(0, tau)',
    );
    const { uri, at } = await openMarked(client, text);
    const h = value(await hoverAt(uri, at[0]));
    expect(h).toContain('(parameter) W0 : [8, 12] ~ Normal(0, tau)');
    expect(h).toContain('Compiled non-centred: `W0 = 0 + tau · z, z ~ Normal(0, 1)`');
  });

  it("shows a parameter at its declaration too, and a node's inferred shape", async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('  b1 : [1]', '  |b1 : [1]').replace('  h = relu', '  |h = relu'),
    );
    expect(value(await hoverAt(uri, at[0]))).toContain('(parameter) b1 : [1] ~ Normal(0, 1)');
    const node = value(await hoverAt(uri, at[1]));
    expect(node).toContain('(model node) h : [N, 12]');
    expect(node).toContain('h = relu(x @ W0 + b0)');
  });

  it('describes distributions, activations, infer settings and queries', async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('W1 : [12, 1] ~ Nor', 'W1 : [12, 1] ~ N|or')
        .replace('y ~ Bernoulli(sigmoid', 'y ~ Bern|oulli(sigm|oid')
        .replace('  confusion', '  conf|usion')
        .replace('  steps 5000', '  st|eps 5000')
        .replace('adam(lr', 'ad|am(lr'),
    );
    const [prior, likelihood, activation, optimizer, setting, query] = await Promise.all(
      at.map((p) => hoverAt(uri, p)),
    );
    expect(value(prior)).toContain('Normal(mu, sigma)');
    expect(value(prior)).toContain('*prior*');
    expect(value(likelihood)).toContain('Bernoulli(p) | Bernoulli(logit = …)');
    expect(value(likelihood)).toContain('*likelihood*');
    expect(value(activation)).toContain('sigmoid(z)');
    expect(value(activation)).toContain('1 / (1 + exp(-z))');
    expect(value(query)).toContain('the confusion matrix at the threshold');
    expect(value(setting)).toContain('the number of optimization steps');
    expect(value(optimizer)).toContain('adam(lr = …, decay = …)');
  });

  it('describes the refit protocol of a threshold rule, and an evaluate block of several sets', async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('threshold maximize f1', 'threshold maximize f1 on train th|en re|fit').replace(
        'evaluate test {',
        'eval|uate train, test {',
      ),
    );
    const [block, then, refit] = await Promise.all(at.map((p) => hoverAt(uri, p)));
    expect(value(then)).toContain('then refit');
    expect(value(refit)).toContain('second fit on the training rows together with');
    expect(value(block)).toContain('one or more data sets');
  });

  it("describes each infer setting as its block's method takes it, and the method itself", async () => {
    const nuts = 'infer nuts {\n  war|mup 500\n  dra|ws 200\n  target_acc|ept 0.9\n}\n';
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace(/infer vi \{[^}]*\}\n/, nuts).replace('infer nuts', 'infer nu|ts'),
    );
    const [method, warmup, draws, accept] = await Promise.all(at.map((p) => hoverAt(uri, p)));
    expect(value(method)).toContain('No-U-Turn Sampler');
    expect(value(warmup)).toContain('*nuts setting*');
    expect(value(warmup)).toContain('diagonal mass matrix');
    expect(client.text(uri, warmup!.range!)).toBe('warmup');
    // `draws` is also an evaluate query; here it is nuts's draws per chain.
    expect(value(draws)).toContain('per chain');
    expect(value(accept)).toContain('strictly between 0 and 1');
    const map = await openMarked(
      client,
      RUPTURE.replace('infer vi {', 'infer map {').replace('  steps 5000', '  st|eps 5000'),
    );
    expect(value(await hoverAt(map.uri, map.at[0]))).toContain('(default 2000)');
  });

  it("shows a column's position, and its range and mean in the training data found on BNN_DATA_PATH", async () => {
    const { uri, at } = await openMarked(
      client,
      MODEL.replace('columns a, b,', 'columns a, |b,').replace('(a .. b)', '(|a .. b)'),
    );
    const b = value(await hoverAt(uri, at[0]));
    expect(b).toContain('(column) b');
    expect(b).toContain('Column 2 of 3');
    expect(b).toContain('In `train` (3 rows): range -30 .. 20, mean 0.');
    expect(value(await hoverAt(uri, at[1]))).toContain('range 1 .. 6, mean 3.');
  });

  it('reads a data file next to the model, by header name, and picks the set of infer … on', async () => {
    const text = MODEL.replace(
      'train = read("sim/train.txt")',
      'train = read("sim/train.txt")\n  mine = read("local.csv")',
    )
      .replace('model {', 'infer vi on mine {}\nmodel {')
      .replace('(a .. b)', '(|a .. b)');
    const uri = pathToFileURL(path.join(modelDir, 'model.bnn')).href;
    const { at } = await openMarked(client, text, uri);
    expect(value(await hoverAt(uri, at[0]))).toContain('In `mine` (2 rows): range 0.5 .. 1.5, mean 1.');
  });

  it('says where it looked when the data file is not found', async () => {
    const { uri, at } = await openMarked(
      client,
      MODEL.replace('sim/train.txt', 'elsewhere.txt').replace('columns a,', 'columns |a,'),
    );
    const a = value(await hoverAt(uri, at[0]));
    expect(a).toContain('Column 1 of 3');
    expect(a).toContain('Data of `train` not found: "elsewhere.txt"');
  });

  it('answers on a broken file, and gives nothing on punctuation, numbers or comments', async () => {
    const { uri, at } = await openMarked(
      client,
      'model m\n// a com|ment\nparameters {\n  W : [2|, 1] ~ Normal(0, 1)\n}\nmodel {\n  h = relu(W|\n',
    );
    expect(await hoverAt(uri, at[0])).toBeNull();
    expect(await hoverAt(uri, at[1])).toBeNull();
    expect(value(await hoverAt(uri, at[2]))).toContain('(parameter) W : [2, 1] ~ Normal(0, 1)');
    expect(client.errors).toEqual([]);
  });
});

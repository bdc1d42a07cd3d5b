import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompletionItemKind, CompletionRequest, type CompletionItem } from 'vscode-languageserver/node.js';
import {
  INFER_METHODS,
  INFER_SETTINGS,
  LAYER_FUNCTIONS,
  LIKELIHOODS,
  MODEL_FUNCTIONS,
  PRIORS,
  QUERIES,
} from '../../src/lang/builtins.js';
import { openMarked, RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

/** Completion items at the one `|` of the text. */
async function complete(text: string): Promise<CompletionItem[]> {
  const { uri, at } = await openMarked(client, text);
  expect(at).toHaveLength(1);
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: at[0],
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

async function labels(text: string): Promise<string[]> {
  return (await complete(text)).map((i) => i.label).sort();
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** The reference model with the cursor put in place of `find`. */
function rupture(find: string, replace: string): string {
  expect(RUPTURE).toContain(find);
  return RUPTURE.replace(find, replace);
}

describe('completion of statement starters', () => {
  it('offers the blocks at the top level', async () => {
    expect(await labels('model m\n|')).toEqual(sorted(['data', 'parameters', 'model', 'infer', 'evaluate']));
    expect(await labels(rupture('\nparameters {', '\npar|\nparameters {'))).toContain('parameters');
  });

  it("offers each block's own statements", async () => {
    expect(await labels(rupture('  balance train upsample y', '  |\n  balance train upsample y'))).toEqual(
      sorted(['columns', 'balance', 'source']),
    );
    expect(await labels(rupture('  steps 5000', '  steps 5000\n  |'))).toEqual(sorted(Object.keys(INFER_SETTINGS.vi)));
    expect(await labels(rupture('  confusion\n', '  confusion\n  con|\n'))).toEqual(sorted(Object.keys(QUERIES)));
    // The model block's statements start with a new name or with the target, for the likelihood.
    expect(await labels(rupture('  y ~ Bernoulli', '  |\n  y ~ Bernoulli'))).toEqual(['y']);
  });
});

describe('completion in an infer block', () => {
  it('offers the methods after infer, each described', async () => {
    const items = await complete(rupture('infer vi {', 'infer | {'));
    expect(sorted(items.map((i) => i.label))).toEqual(sorted(INFER_METHODS));
    expect(items.find((i) => i.label === 'nuts')?.detail).toContain('No-U-Turn Sampler');
  });

  it("offers the settings of the block's own method, described as that method takes them", async () => {
    const nuts = await complete(rupture('infer vi {\n', 'infer nuts {\n  chains 2\n  |\n'));
    expect(sorted(nuts.map((i) => i.label))).toEqual(
      sorted(['chains', 'warmup', 'draws', 'max_depth', 'target_accept', 'thin', 'seed']),
    );
    expect(nuts.find((i) => i.label === 'draws')?.detail).toContain('per chain');
    expect(await labels(rupture('infer vi {\n', 'infer map {\n  wa|\n'))).toEqual(
      sorted(['optimizer', 'steps', 'batch', 'seed']),
    );
  });

  it("offers nothing after a setting's name, and adam after optimizer in map", async () => {
    expect(await labels(rupture('infer vi {\n', 'infer nuts {\n  warmup |\n'))).toEqual([]);
    expect(await labels(rupture('infer vi {\n', 'infer map {\n  optimizer |\n'))).toEqual(['adam']);
  });
});

describe('completion after ~', () => {
  it('offers priors in parameters and likelihoods in model', async () => {
    const priors = await complete(rupture('b1 : [1] ~ Normal(0, 1)', 'b1 : [1] ~ |'));
    expect(sorted(priors.map((i) => i.label))).toEqual(sorted(Object.keys(PRIORS)));
    expect(priors.every((i) => i.kind === CompletionItemKind.Class && typeof i.documentation === 'string')).toBe(true);
    expect(await labels(rupture('y ~ Bernoulli(sigmoid(h @ W1 + b1))', 'y ~ Ber|'))).toEqual(
      sorted(Object.keys(LIKELIHOODS)),
    );
  });

  it("offers a prior's argument names inside its parentheses, and the parameters and functions an argument may use", async () => {
    const items = await complete(rupture('b1 : [1] ~ Normal(0, 1)', 'b1 : [1] ~ Normal(0, |'));
    expect(items.filter((i) => i.insertText).map((i) => [i.label, i.insertText])).toEqual([
      ['mu', 'mu = '],
      ['sigma', 'sigma = '],
    ]);
    expect(items.map((i) => i.label)).toEqual(
      expect.arrayContaining(['W0', 'b0', 'W1', 'b1', 'sqrt', 'exp', 'softplus']),
    );
    expect(items.map((i) => i.label)).not.toContain('relu');
    expect(await labels(rupture('b1 : [1] ~ Normal(0, 1)', 'b1 : [1] ~ Normal(0, 1 / |'))).toEqual(
      expect.arrayContaining(['W0', 'sqrt']),
    );
  });
});

describe('completion in the model block', () => {
  it('offers activations, feature matrices, parameters and earlier nodes in an expression', async () => {
    const got = await labels(
      rupture('y ~ Bernoulli(sigmoid(h @ W1 + b1))', 'z = relu(h @ |\n  y ~ Bernoulli(sigmoid(h @ W1 + b1))'),
    );
    expect(got).toEqual(
      sorted([...Object.keys(MODEL_FUNCTIONS), ...Object.keys(LAYER_FUNCTIONS), 'x', 'W0', 'b0', 'W1', 'b1', 'h']),
    );
  });

  it('leaves out the node being assigned and later ones, and offers named arguments in a likelihood', async () => {
    const beforeH = await labels(rupture('  h = relu(x @ W0 + b0)', '  g = |\n  h = relu(x @ W0 + b0)'));
    expect(beforeH).not.toContain('h');
    expect(beforeH).not.toContain('g');
    expect(beforeH).toContain('W0');
    const inLikelihood = await complete(rupture('y ~ Bernoulli(sigmoid(h @ W1 + b1))', 'y ~ Bernoulli(|)'));
    expect(inLikelihood.filter((i) => i.kind === CompletionItemKind.Property).map((i) => i.label)).toEqual([
      'p',
      'logit',
    ]);
    expect(inLikelihood.map((i) => i.label)).toEqual(expect.arrayContaining(['sigmoid', 'h', 'x', 'W1']));
  });
});

describe('completion of layers', () => {
  it('offers dense in a model expression', async () => {
    const items = await complete(rupture('h = relu(x @ W0 + b0)', 'h = |'));
    expect(items.find((i) => i.label === 'dense')?.detail).toBe('layer: dense(x, UNITS, ACTIVATION)');
  });
});

describe('completion in the data block', () => {
  it('offers columns and derived columns in a feature list, and only columns after ..', async () => {
    const text = rupture(
      '  x = standardize(height .. dc)',
      '  ratio = sxy / abs(syy)\n  x = standardize(height .. dc, |)',
    );
    expect(await labels(text)).toEqual(
      sorted(['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc', 'label', 'ratio']),
    );
    expect(await labels(rupture('standardize(height .. dc)', 'standardize(height .. |)'))).toEqual(
      sorted(['height', 'width', 'sxx', 'sxy', 'syy', 'sdrop', 'mud', 'dc', 'label']),
    );
  });

  it('offers the forms of a data statement, functions of derived columns, target kinds and read options', async () => {
    const rhs = await labels(rupture('  y = label : binary', '  r = |\n  y = label : binary'));
    expect(rhs).toEqual(expect.arrayContaining(['read', 'standardize', 'features', 'sxy', 'abs', 'log', 'pow']));
    expect(rhs).not.toContain('relu');
    expect(await labels(rupture('y = label : binary', 'y = label : |'))).toEqual([
      'binary',
      'categorical',
      'count',
      'real',
    ]);
    expect(
      await labels(rupture('read("rupture/rupturemodel_test.txt")', 'read("rupture/rupturemodel_test.txt", |)')),
    ).toEqual(['header', 'sep']);
    expect(
      await labels(
        rupture('read("rupture/rupturemodel_test.txt")', 'read("rupture/rupturemodel_test.txt", header = |)'),
      ),
    ).toEqual(['false', 'true']);
  });

  it('offers sets, methods and the target in a balance statement', async () => {
    expect(await labels(rupture('balance train upsample y', 'balance |'))).toEqual(['test', 'train']);
    expect(await labels(rupture('balance train upsample y', 'balance train |'))).toEqual([
      'none',
      'reweight',
      'upsample',
    ]);
  });

  it('offers nothing where a new name is being declared', async () => {
    expect(await labels(rupture('columns height, width,', 'columns height, |width,'))).toEqual([]);
    expect(await labels(rupture('  W0 : [8, 12]', '  |\n  W0 : [8, 12]'))).toEqual([]);
  });
});

describe('completion in infer and evaluate', () => {
  it("offers the values of infer settings and the optimizer's settings", async () => {
    expect(await labels(rupture('guide meanfield', 'guide |'))).toEqual(['meanfield']);
    expect(await labels(rupture('optimizer adam(lr = 0.05, decay = 0.999)', 'optimizer |'))).toEqual(['adam']);
    expect(await labels(rupture('optimizer adam(lr = 0.05, decay = 0.999)', 'optimizer adam(lr = 0.05, |)'))).toEqual([
      'decay',
      'lr',
    ]);
    expect(await labels(rupture('infer vi {', 'infer vi on | {'))).toEqual(['test', 'train']);
  });

  it('offers parameters in weights and prior_posterior lists, and the words of threshold and importance', async () => {
    expect(await labels(rupture('weights W0, W1', 'weights W0, |'))).toEqual(sorted(['W0', 'W1', 'b0', 'b1']));
    expect(await labels(rupture('prior_posterior W0, W1, b0, b1', 'prior_posterior |'))).toEqual(
      sorted(['W0', 'W1', 'b0', 'b1']),
    );
    expect(await labels(rupture('threshold maximize f1', 'threshold |'))).toEqual(['maximize']);
    expect(await labels(rupture('threshold maximize f1', 'threshold maximize |'))).toEqual(['f1']);
    expect(await labels(rupture('importance permutation by class', 'importance permutation by |'))).toEqual(['class']);
    expect(await labels(rupture('evaluate test {', 'evaluate | {'))).toEqual(['test', 'train']);
  });

  it('offers sets after a comma of the evaluated sets, and the refit protocol after the tuning set', async () => {
    expect(await labels(rupture('evaluate test {', 'evaluate train, | {'))).toEqual(['test', 'train']);
    const three = rupture('evaluate test {', 'evaluate train, test, x1 {\n  confusion\n  |\n}\nevaluate x2 {');
    expect(await labels(three)).toEqual(sorted(Object.keys(QUERIES)));
    const afterSet = await labels(rupture('threshold maximize f1', 'threshold maximize f1 on train |'));
    expect(afterSet).toContain('then');
    expect(afterSet).toContain('confusion');
    expect(await labels(rupture('threshold maximize f1', 'threshold maximize f1 on train then |'))).toEqual(['refit']);
  });
});

describe('completion where nothing fits', () => {
  it('offers nothing inside comments and strings', async () => {
    expect(await labels(rupture('// Will an earthquake', '// Will an ear|thquake'))).toEqual([]);
    expect(
      await labels(rupture('read("rupture/rupturemodel_test.txt")', 'read("rupture/rup|turemodel_test.txt")')),
    ).toEqual([]);
    expect(await labels('model m\n/* unterminated |')).toEqual([]);
  });

  it('still completes in a file the parser cannot make sense of', async () => {
    expect(await labels('model m\nparameters {\n  W : [2, ~ |')).toEqual(sorted(Object.keys(PRIORS)));
    expect(await labels('model m\nmodel {\n  h = relu(( @ |')).toEqual(
      sorted([...Object.keys(MODEL_FUNCTIONS), ...Object.keys(LAYER_FUNCTIONS)]),
    );
    expect(client.errors).toEqual([]);
  });
});

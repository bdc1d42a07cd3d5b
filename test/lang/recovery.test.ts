// Recovery: one mistake gives one diagnostic, and the rest of the file is still checked; hostile
// input (unbalanced braces, lone quotes, NUL bytes, binary junk, deep nesting, 10 MB) never
// throws and gives well-formed diagnostics.
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/lang/diagnostics/render.js';
import { at, check, codes, edit, errors, expectWellFormed, rupture } from './helpers.js';

/** A small complete model: 3 features, one hidden layer, binary target. */
const small = `model m

data {
  columns c1, c2, c3, label
  train = read("train.csv")
  test = read("test.csv")
  x = standardize(c1 .. c3)
  y = label : binary
}

parameters {
  W0 : [3, 4] ~ Normal(0, 1)
  b0 : [4] ~ Normal(0, 1)
  W1 : [4, 1] ~ Normal(0, 1)
  b1 : [1] ~ Normal(0, 1)
}

model {
  h = relu(x @ W0 + b0)
  y ~ Bernoulli(logit = h @ W1 + b1)
}

infer vi {
  steps 1000
  seed 1
}

evaluate test {
  confusion
}
`;

describe('the models used here are clean', () => {
  it('small and rupture check without any diagnostic', () => {
    expect(check(small).diagnostics).toEqual([]);
    expect(check(rupture).diagnostics).toEqual([]);
  });
});

describe('one mistake, one diagnostic (in the reference model)', () => {
  const cases: [string, string, string, string][] = [
    // [what, from, to, the one code]
    ['a misspelt setting', 'steps 5000', 'step 5000', 'BNN1507'],
    ['a setting of another method', 'steps 5000', 'warmup 5000', 'BNN1506'],
    [
      'a value missing before a setting that is not a reserved word',
      'infer vi {\n  guide meanfield\n  optimizer adam(lr = 0.05, decay = 0.999)\n  steps 5000',
      'infer nuts {\n  warmup\n  chains 4',
      'BNN0101',
    ],
    [
      'a target_accept of 1',
      'infer vi {\n  guide meanfield\n  optimizer adam(lr = 0.05, decay = 0.999)\n  steps 5000',
      'infer nuts {\n  target_accept 1',
      'BNN1504',
    ],
    ['a misspelt query', '  confusion', '  confusoin', 'BNN0102'],
    ['a misspelt prior', 'W0 : [8, 12] ~ Normal(0, 1)', 'W0 : [8, 12] ~ Normall(0, 1)', 'BNN1301'],
    ['a misspelt likelihood', 'y ~ Bernoulli', 'y ~ Bernouli', 'BNN1301'],
    ['a misspelt activation', 'relu(', 'rleu(', 'BNN1401'],
    ['a misspelt target kind', 'label : binary', 'label : binray', 'BNN1104'],
    ['a misspelt balance method', 'upsample y', 'upsampel y', 'BNN1110'],
    ['a misspelt guide', 'guide meanfield', 'guide meanfeild', 'BNN1502'],
    ['a misspelt importance method', 'permutation by', 'permutaton by', 'BNN1605'],
    ['a misspelt block', 'parameters {', 'parameter {', 'BNN0103'],
    ['another misspelt block', 'data {', 'dta {', 'BNN0103'],
    ['a misspelt name in the model', 'h @ W1', 'h @ w1', 'BNN1001'],
    ['a misspelt name in a query', '  weights W0, W1', '  weights W0, W2', 'BNN1001'],
    ['a misspelt evaluation set', 'evaluate test', 'evaluate tset', 'BNN1001'],
    ['a wrong first-layer shape', 'W0 : [8, 12]', 'W0 : [9, 12]', 'BNN1201'],
    ['a wrong bias shape', 'b0 : [12]', 'b0 : [10]', 'BNN1202'],
    ['a wrong output shape', 'W1 : [12, 1]', 'W1 : [12, 2]', 'BNN1203'],
    ['the target among the features', 'height .. dc', 'height .. label', 'BNN1108'],
    ['a missing ) in a prior', 'W0 : [8, 12] ~ Normal(0, 1)', 'W0 : [8, 12] ~ Normal(0, 1', 'BNN0101'],
    ['a missing ) in the model', 'relu(x @ W0 + b0)', 'relu(x @ W0 + b0', 'BNN0101'],
    ['a missing ) in the likelihood', 'sigmoid(h @ W1 + b1))', 'sigmoid(h @ W1 + b1)', 'BNN0101'],
    ['an extra )', 'b1 : [1] ~ Normal(0, 1)', 'b1 : [1] ~ Normal(0, 1))', 'BNN0102'],
    ['a missing comma in a shape', 'W0 : [8, 12]', 'W0 : [8 12]', 'BNN0101'],
    ['a missing colon before a shape', 'W0 : [8, 12]', 'W0 [8, 12]', 'BNN0101'],
    ['a missing prior', 'b0 : [12] ~ Normal(0, 1)', 'b0 : [12]', 'BNN0101'],
    ['a missing value', 'draws 1000', 'draws', 'BNN0101'],
    ['a doubled =', 'h = relu', 'h = = relu', 'BNN0101'],
    ['a dangling @', 'x @ W0', 'x @ W0 @', 'BNN0101'],
    ['= for ~ in the likelihood', 'y ~ Bernoulli', 'y = Bernoulli', 'BNN0105'],
    ['a missing {', 'infer vi {', 'infer vi', 'BNN0101'],
    ['a # comment', 'x = standardize', '# x = standardize', 'BNN0001'],
    ['a NUL byte', 'steps 5000', 'steps \u00005000', 'BNN0001'],
    ['an unterminated string', 'test.txt")', 'test.txt)', 'BNN0002'],
    ['an unknown escape', 'url "https://raw', 'url "https:/\\/raw', 'BNN0004'],
    ['a malformed number', 'lr = 0.05', 'lr = 5e', 'BNN0005'],
    ['a negative seed', 'seed 2018', 'seed -1', 'BNN1504'],
    ['a decay above 1', 'decay = 0.999', 'decay = 1.5', 'BNN1504'],
  ];
  for (const [what, from, to, code] of cases) {
    it(`${what}: ${code} only`, () => {
      const doc = check(edit(rupture, from, to));
      expect(codes(doc)).toEqual([code]);
      expectWellFormed(doc);
    });
  }
});

describe('the rest of the file is still checked', () => {
  it('a misspelt setting in infer and a wrong shape in the model are both reported', () => {
    const doc = check(edit(edit(small, 'steps 1000', 'stpes 1000'), 'W0 : [3, 4]', 'W0 : [2, 4]'));
    expect(codes(doc)).toEqual(['BNN1201', 'BNN1507']);
    expect(at(doc, doc.diagnostics[1].span)).toBe('stpes');
    expect(doc.diagnostics[1].message).toContain("Did you mean 'steps'?");
    expect(doc.diagnostics[0].message).toBe(
      'x @ W0: x has shape [N, 3] and W0 has shape [2, 4]; the columns of the left must equal the rows of the right.',
    );
  });

  it('a missing ) in one parameter: the later parameters are still declared, and nothing is undefined', () => {
    const doc = check(edit(small, 'W0 : [3, 4] ~ Normal(0, 1)', 'W0 : [3, 4] ~ Normal(0, 1'));
    expect(codes(doc)).toEqual(['BNN0101']);
    expect(doc.diagnostics[0].message).toBe("expected ')', found 'b0'.");
    for (const name of ['W0', 'b0', 'W1', 'b1']) expect(doc.symbols.get(name)?.kind, name).toBe('param');
    expect(doc.symbols.get('b1')!.shape).toEqual([1]);
    // and a real mistake further down is still found
    const two = check(edit(edit(small, 'W0 : [3, 4] ~ Normal(0, 1)', 'W0 : [3, 4] ~ Normal(0, 1'), 'h @ W1', 'h @ W2'));
    expect(codes(two)).toEqual(['BNN0101', 'BNN1001']);
    expect(two.diagnostics[1].message).toContain("'W2' is not defined");
  });

  it('a missing ) in a model line: the next line is still checked', () => {
    const doc = check(edit(edit(small, 'relu(x @ W0 + b0)', 'relu(x @ W0 + b0'), 'h @ W1 + b1', 'h @ W1 + b2'));
    expect(codes(doc)).toEqual(['BNN0101', 'BNN1001']);
  });

  it('a missing } before the next block: that block is still read and checked', () => {
    const doc = check(edit(edit(small, 'b1 : [1] ~ Normal(0, 1)\n}', 'b1 : [1] ~ Normal(0, 1)\n'), 'h @ W1', 'h @ W9'));
    expect(codes(doc)).toEqual(['BNN0101', 'BNN1001']);
    expect(doc.diagnostics[0].message).toBe(
      "expected '}' to close the parameters block, found the reserved word 'model'.",
    );
    expect(doc.diagnostics[0].fixes[0].edits[0].newText).toContain('}');
    expect(doc.symbols.get('h')?.kind).toBe('node');
  });

  it('a missing } at the end of the file', () => {
    const doc = check(small.trimEnd().replace(/\}$/, ''));
    expect(codes(doc)).toEqual(['BNN0101']);
    expect(doc.diagnostics[0].message).toBe("expected '}', found the end of the file.");
    expect(doc.diagnostics[0].span.start).toBe(doc.source.text.length);
  });

  it('a duplicate block is reported once and its statements are still checked', () => {
    const text = edit(small, 'infer vi {', 'parameters {\n  b2 : [1] ~ Normal(0, 1)\n}\n\ninfer vi {').replace(
      'h @ W1 + b1',
      'h @ W1 + b2',
    );
    const doc = check(text);
    expect(codes(doc)).toEqual(['BNN1004', 'BNN0202']);
    expect(doc.symbols.get('b2')?.kind).toBe('param');
  });

  it("every block's mistake at once in a broken copy of the reference model", () => {
    let text = edit(rupture, 'W0 : [8, 12]', 'W0 : [8, 10]');
    text = edit(text, 'h @ W1 + b1', 'h @ W1 + B1');
    text = edit(text, 'steps 5000', 'step 5000');
    const doc = check(text);
    expect(codes(doc)).toEqual(['BNN1202', 'BNN1001', 'BNN1507']);
    expect(doc.diagnostics[1].fixes[0].edits[0].newText).toBe('b1');
  });
});

describe('unbalanced braces', () => {
  it('an extra } after a block', () => {
    const doc = check(edit(small, 'label : binary\n}', 'label : binary\n}\n}'));
    expect(codes(doc)).toEqual(['BNN0103']);
    expect(doc.diagnostics[0].message).toContain("'}' does not start a block");
    expectWellFormed(doc);
  });

  it('only opening braces, only closing braces, and a mix', () => {
    for (const text of [
      '{'.repeat(1000),
      '}'.repeat(1000),
      'model m data { { { } parameters { } } } } model {',
      'model m\ndata {\nparameters {\nmodel {\n',
    ]) {
      const doc = check(text);
      expect(errors(doc).length).toBeGreaterThan(0);
      expectWellFormed(doc);
      expect(() => renderAll(doc.diagnostics, doc.source)).not.toThrow();
    }
  });

  it('a block with no closing brace swallows nothing else: each block keyword restarts', () => {
    const doc = check(
      'model m\ndata {\n  columns a, label\nparameters {\n  w ~ Normal(0, 1)\nmodel {\n  y ~ Bernoulli(logit = w)\n}\n',
    );
    expect(doc.symbols.get('w')?.kind).toBe('param');
    expectWellFormed(doc);
  });
});

describe('strings and quotes', () => {
  it('a lone quote as the whole file', () => {
    const doc = check('"');
    expect(codes(doc)).toContain('BNN0002');
    expectWellFormed(doc);
  });

  it('a lone quote in the middle of the model: one error, later lines still checked', () => {
    const doc = check(edit(edit(small, '  x = standardize', '  "\n  x = standardize'), 'h @ W1', 'h @ Wz'));
    expect(codes(doc)).toContain('BNN0002');
    expect(codes(doc)).toContain('BNN1001');
    expectWellFormed(doc);
  });

  it('an unterminated string swallows the ), which is not reported again', () => {
    const doc = check(edit(small, 'read("train.csv")', 'read("train.csv)'));
    expect(codes(doc)).toEqual(['BNN0002']);
    expect(at(doc, doc.diagnostics[0].span)).toBe('"train.csv)');
  });

  it('a string in a tensor expression', () => {
    const doc = check(edit(small, 'relu(x @ W0 + b0)', 'relu(x @ W0 + b0 + "b0")'));
    expect(codes(doc)).toEqual(['BNN1402']);
  });
});

describe('control characters and binary junk', () => {
  it('a NUL byte is one unexpected character, at its place, rendered as ?', () => {
    const text = edit(small, 'seed 1', 'seed\u0000 1');
    const doc = check(text, 'nul.bnn');
    expect(codes(doc)).toEqual(['BNN0001']);
    expect(doc.diagnostics[0].span.start).toBe(text.indexOf('\u0000'));
    const out = renderAll(doc.diagnostics, doc.source);
    expect(out).toContain('seed? 1');
    expect(out).not.toContain('\u0000');
  });

  it('a byte-order mark and Unicode spaces count as whitespace', () => {
    expect(check('\ufeff' + small).diagnostics).toEqual([]);
    expect(check(edit(small, 'seed 1', 'seed\u00a01\u2028')).diagnostics).toEqual([]);
  });

  it('other control characters and stray non-ASCII letters', () => {
    for (const junk of ['\u0001', '\u0007\u0008', '\u001b[31m', 'é', '\ud800', '😀', '\u200b']) {
      const doc = check(edit(small, 'seed 1', `seed 1 ${junk}`));
      expect(codes(doc).length, JSON.stringify(junk)).toBeGreaterThan(0);
      expectWellFormed(doc);
      expect(() => renderAll(doc.diagnostics, doc.source)).not.toThrow();
    }
  });

  it('a binary file (random bytes) never throws and gives well-formed diagnostics', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let k = 0; k < 5; k++) {
      const bytes = Buffer.from(Array.from({ length: 4096 }, next));
      for (const text of [bytes.toString('latin1'), bytes.toString('utf8')]) {
        const doc = check(text, 'junk.bnn');
        expect(errors(doc).length).toBeGreaterThan(0);
        expectWellFormed(doc);
        expect(() => renderAll(doc.diagnostics, doc.source)).not.toThrow();
      }
    }
  });

  it('Windows and old Mac line endings give the same lines', () => {
    const broken = edit(small, 'h @ W1', 'h @ W9');
    const unix = check(broken);
    for (const eol of ['\r\n', '\r']) {
      const doc = check(broken.replace(/\n/g, eol));
      expect(codes(doc)).toEqual(codes(unix));
      expect(doc.source.position(doc.diagnostics[0].span.start)).toEqual(
        unix.source.position(unix.diagnostics[0].span.start),
      );
    }
  });
});

describe('nesting and length', () => {
  it('brackets nested thousands deep: one diagnostic (BNN0106), no stack overflow', () => {
    for (const depth of [300, 1000, 20000]) {
      const text = `model m\nmodel {\n  y ~ Bernoulli(logit = ${'('.repeat(depth)}x${')'.repeat(depth)})\n}\n`;
      const doc = check(text);
      expectWellFormed(doc);
      if (depth >= 1000) {
        expect(codes(doc)).toEqual(['BNN0106']);
        expect(doc.diagnostics[0].message).toContain('nested less deeply');
      }
    }
    for (const text of [
      '('.repeat(50000),
      `model m model { y = ${'-'.repeat(50000)}x }`,
      `model m model { y = ${'relu('.repeat(5000)}`,
    ]) {
      expect(() => check(text)).not.toThrow();
    }
    // the parser is still usable afterwards
    expect(check(small).diagnostics).toEqual([]);
  });

  it('a sum of 20000 terms is checked without a stack overflow', () => {
    const model = edit(small, 'h = relu(x @ W0 + b0)', `h = relu(x @ W0${' + b0'.repeat(20000)})`);
    expect(check(model).diagnostics).toEqual([]);
    const data = edit(
      small,
      '  x = standardize(c1 .. c3)',
      `  s = c1${' + c2'.repeat(20000)}\n  x = standardize(c1 .. c3, s)`,
    );
    expect(codes(check(edit(data, 'W0 : [3, 4]', 'W0 : [4, 4]')))).toEqual([]);
  });

  it('a single line of 1 MB', () => {
    const text = small.replace(/\n/g, ' ') + ' '.repeat(1 << 20) + 'extra';
    const doc = check(text);
    expect(codes(doc)).toEqual(['BNN0103']);
    // the excerpt of a very long line is left out
    expect(renderAll(doc.diagnostics, doc.source).split('\n')).toHaveLength(1);
  });
});

describe('a 10 MB file', () => {
  const MB10 = 10 * 1024 * 1024;

  it('the reference model followed by 10 MB of comments: clean', () => {
    const line = `// ${'x'.repeat(77)}\n`;
    const text = rupture + line.repeat(Math.ceil(MB10 / line.length));
    expect(text.length).toBeGreaterThanOrEqual(MB10);
    const doc = check(text);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.model).toBeDefined();
  });

  it('a 10 MB data file given as a model: one diagnostic', () => {
    const row = '1500.0 3000.5 -120.25 70.125 -130.0 0.625 0.55 0.4 1\n';
    const text = row.repeat(Math.ceil(MB10 / row.length));
    const doc = check(text, 'rupturemodel_train.txt');
    expect(codes(doc)).toEqual(['BNN0103']);
    expect(doc.diagnostics[0].message).toBe(
      "'1500.0' does not start a block. The blocks are data, parameters, model, infer and evaluate.",
    );
    expect(renderAll(doc.diagnostics, doc.source)).toContain('rupturemodel_train.txt:1:1: error BNN0103');
  });
});

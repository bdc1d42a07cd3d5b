// A synthetic deep model of about `lines` lines, for timing the front end and the editor.
export function bigModel(lines = 5000): string {
  const layers = Math.max(1, Math.floor((lines - 40) / 3));
  const out: string[] = [
    '// A synthetic deep network for benchmarks.',
    'model big',
    '',
    'data {',
    '  columns height, width, sxx, sxy, syy, sdrop, mud, dc, label',
    '  train = read("rupture/rupturemodel_train.txt")',
    '  test = read("rupture/rupturemodel_test.txt")',
    '  ratio = sxy / abs(syy) // shear to normal stress',
    '  x = standardize(height .. dc, ratio)',
    '  y = label : binary',
    '}',
    '',
    'parameters {',
    '  W0 : [9, 16] ~ Normal(0, 1)',
    '  b0 : [16] ~ Normal(0, 1)',
  ];
  for (let i = 1; i <= layers; i++) {
    out.push(`  W${i} : [16, 16] ~ Normal(0, 1) // layer ${i}`);
    out.push(`  b${i} : [16] ~ Laplace(0, 0.5)`);
  }
  out.push(
    '  Wout : [16, 1] ~ Normal(0, 1)',
    '  bout : [1] ~ Normal(0, 1)',
    '}',
    '',
    'model {',
    '  h0 = relu(x @ W0 + b0)',
  );
  for (let i = 1; i <= layers; i++) out.push(`  h${i} = tanh(h${i - 1} @ W${i} + b${i})`);
  out.push(`  y ~ Bernoulli(logit = h${layers} @ Wout + bout)`, '}', '');
  out.push(
    'infer vi {',
    '  steps 10',
    '  seed 1',
    '}',
    '',
    'evaluate test {',
    '  threshold 0.5',
    '  confusion',
    '}',
    '',
  );
  return out.join('\n');
}

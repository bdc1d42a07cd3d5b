// Small models written as .bnn source, checked and lowered as `bnnc` does, for the tests that
// run NUTS through the whole compiled path (fitNUTS), with the settings each test needs given to
// fitNUTS directly (`infer nuts` through bnnc run is tested in test/run/methods.test.ts).
import { expect } from 'vitest';
import type { IRModel } from '../../src/compiler/ir.js';
import { lower } from '../../src/compiler/lower.js';
import { checkSource } from '../../src/lang/front-end.js';

export function lowerSource(text: string, file = 'test.bnn'): IRModel {
  const doc = checkSource(text, file);
  expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(doc.model!, text);
}

/** Bayesian linear regression with a known noise scale: its posterior is Normal in closed form. */
export const LINEAR_KNOWN_NOISE = `model conjugate

data {
  columns a, c, v
  train = read("conjugate.csv")
  x = standardize(a .. c)
  y = v : real
}

parameters {
  w : [2, 1] ~ Normal(0, 1)
  b ~ Normal(1, 2)
}

model {
  y ~ Normal(mean = x @ w + b, sigma = 0.5)
}

infer vi {
  steps 10
}
`;

/** Logistic regression with two coefficients and an intercept. */
export const LOGISTIC = `model logistic

data {
  columns a, c, label
  train = read("logistic.csv")
  x = standardize(a .. c)
  y = label : binary
}

parameters {
  w : [2, 1] ~ Normal(0, 1)
  b ~ Normal(0, 1)
}

model {
  y ~ Bernoulli(logit = x @ w + b)
}

infer vi {
  steps 10
}
`;

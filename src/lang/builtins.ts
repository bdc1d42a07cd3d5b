// What the language knows by name: distributions, functions, settings and queries, with the
// one-line descriptions that the checker, `--help`, docs and the editor all show.

export interface ArgSpec {
  name: string;
  /** Must be > 0 where given as a number; must be positive where given as a tensor. */
  positive?: boolean;
  /** Must not depend on a parameter (StudentT's nu of a prior). */
  constant?: boolean;
}

export interface DistSpec {
  name: string;
  args: ArgSpec[];
  /** Alternative argument sets (Bernoulli takes p or logit); exactly one of them is given. */
  oneOf?: string[];
  /** Support is the positive reals. */
  positiveSupport?: boolean;
  description: string;
}

export const PRIORS: Record<string, DistSpec> = {
  Normal: {
    name: 'Normal',
    args: [{ name: 'mu' }, { name: 'sigma', positive: true }],
    description: "Normal(mu, sigma): the Gaussian prior; Normal(0, 1) is the paper's prior on every weight and bias.",
  },
  Laplace: {
    name: 'Laplace',
    args: [{ name: 'mu' }, { name: 'b', positive: true }],
    description: 'Laplace(mu, b): a sharper peak and heavier tails than Normal; favours sparse weights.',
  },
  StudentT: {
    name: 'StudentT',
    args: [{ name: 'nu', positive: true, constant: true }, { name: 'mu' }, { name: 'sigma', positive: true }],
    description: 'StudentT(nu, mu, sigma): heavy-tailed; nu degrees of freedom.',
  },
  HalfNormal: {
    name: 'HalfNormal',
    args: [{ name: 'sigma', positive: true }],
    positiveSupport: true,
    description: 'HalfNormal(sigma): for positive parameters, such as a noise scale.',
  },
  LogNormal: {
    name: 'LogNormal',
    args: [{ name: 'mu' }, { name: 'sigma', positive: true }],
    positiveSupport: true,
    description: 'LogNormal(mu, sigma): for positive parameters; log of the value is Normal(mu, sigma).',
  },
};

export const LIKELIHOODS: Record<string, DistSpec & { target: 'binary' | 'categorical' | 'real' | 'count' }> = {
  Bernoulli: {
    name: 'Bernoulli',
    args: [{ name: 'p' }, { name: 'logit' }],
    oneOf: ['p', 'logit'],
    target: 'binary',
    description: 'Bernoulli(p) or Bernoulli(logit = z): a binary target; p in (0, 1), or the unconstrained log-odds z.',
  },
  Categorical: {
    name: 'Categorical',
    args: [{ name: 'p' }, { name: 'logits' }],
    oneOf: ['p', 'logits'],
    target: 'categorical',
    description: 'Categorical(p) or Categorical(logits = z): a K-class target; p has K columns summing to 1.',
  },
  Normal: {
    name: 'Normal',
    args: [{ name: 'mean' }, { name: 'sigma', positive: true }],
    target: 'real',
    description: 'Normal(mean, sigma): a real target with Gaussian noise of scale sigma.',
  },
  StudentT: {
    name: 'StudentT',
    args: [{ name: 'nu', positive: true }, { name: 'mean' }, { name: 'sigma', positive: true }],
    target: 'real',
    description:
      'StudentT(nu, mean, sigma): a real target with heavy-tailed noise (robust regression); nu > 0 degrees of freedom, a number or a parameter.',
  },
  Poisson: {
    name: 'Poisson',
    args: [{ name: 'rate', positive: true }, { name: 'log_rate' }],
    oneOf: ['rate', 'log_rate'],
    target: 'count',
    description:
      'Poisson(rate) or Poisson(log_rate = z): a count target (0, 1, 2, …); rate > 0, or the unconstrained log of the rate z.',
  },
};

export interface FunctionSpec {
  name: string;
  arity: number;
  /** Named optional arguments with their defaults. */
  options?: Record<string, number>;
  description: string;
  /** What the output is known to satisfy. */
  range?: 'probability' | 'positive' | 'simplex';
}

export const MODEL_FUNCTIONS: Record<string, FunctionSpec> = {
  relu: { name: 'relu', arity: 1, description: 'relu(z) = max(z, 0), elementwise.' },
  tanh: { name: 'tanh', arity: 1, description: 'tanh(z), elementwise.' },
  sigmoid: {
    name: 'sigmoid',
    arity: 1,
    range: 'probability',
    description: 'sigmoid(z) = 1 / (1 + exp(-z)), elementwise; values in (0, 1).',
  },
  softplus: {
    name: 'softplus',
    arity: 1,
    range: 'positive',
    description: 'softplus(z) = log(1 + exp(z)), elementwise; values > 0.',
  },
  elu: { name: 'elu', arity: 1, description: 'elu(z) = z for z > 0, exp(z) - 1 otherwise, elementwise.' },
  leaky_relu: {
    name: 'leaky_relu',
    arity: 1,
    options: { alpha: 0.01 },
    description: 'leaky_relu(z, alpha = 0.01) = z for z > 0, alpha·z otherwise.',
  },
  softmax: {
    name: 'softmax',
    arity: 1,
    range: 'simplex',
    description: 'softmax(z): exponentiates and normalizes each row; rows sum to 1.',
  },
  identity: { name: 'identity', arity: 1, description: 'identity(z) = z.' },
  exp: { name: 'exp', arity: 1, range: 'positive', description: 'exp(z), elementwise; values > 0.' },
};

/** Layers: shorthands that declare their own parameters (the explicit form stays the reference). */
export const LAYER_FUNCTIONS: Record<string, string> = {
  dense:
    'dense(x, UNITS, ACTIVATION): a fully connected layer; h = dense(x, 12, relu) declares h_W : [inputs, 12] and h_b : [12], each ~ Normal(0, 1), and is h = relu(x @ h_W + h_b).',
};

/** The functions a prior's argument may call (Normal(0, 1 / sqrt(8)), HalfNormal(exp(s))). */
export const PRIOR_ARG_FUNCTIONS: Record<string, FunctionSpec> = {
  sqrt: { name: 'sqrt', arity: 1, range: 'positive', description: 'sqrt(a): the square root; a must be positive.' },
  exp: { name: 'exp', arity: 1, range: 'positive', description: 'exp(a): values > 0.' },
  softplus: {
    name: 'softplus',
    arity: 1,
    range: 'positive',
    description: 'softplus(a) = log(1 + exp(a)): values > 0.',
  },
};

export const COLUMN_FUNCTIONS: Record<string, FunctionSpec> = {
  abs: { name: 'abs', arity: 1, description: 'abs(a): the absolute value.' },
  log: { name: 'log', arity: 1, description: 'log(a): the natural logarithm; a must be > 0 in every row.' },
  exp: { name: 'exp', arity: 1, description: 'exp(a).' },
  sqrt: { name: 'sqrt', arity: 1, description: 'sqrt(a): a must be ≥ 0 in every row.' },
  pow: { name: 'pow', arity: 2, description: 'pow(a, b) = a to the power b.' },
  min: { name: 'min', arity: 2, description: 'min(a, b): the smaller of the two.' },
  max: { name: 'max', arity: 2, description: 'max(a, b): the larger of the two.' },
};

export const TARGET_KINDS = ['binary', 'categorical', 'real', 'count'] as const;
export const INFER_METHODS = ['vi', 'nuts', 'map'] as const;
export type InferMethod = (typeof INFER_METHODS)[number];
export const PLANNED_METHODS = ['hmc'];
export const GUIDES = ['meanfield'];
export const RESTART_KEEPS = ['best', 'ensemble'] as const;
export const OPTIMIZERS: Record<string, Record<string, string>> = {
  adam: {
    lr: 'the learning rate (> 0)',
    decay: 'the learning rate is multiplied by decay after every step (0 < decay ≤ 1)',
  },
};
export const BALANCE_METHODS = ['upsample', 'reweight', 'none'];
export const READ_OPTIONS: Record<string, string> = {
  header: 'header = true or false: whether the first line names the columns (default: detected)',
  sep: 'sep = "," or "\\t" or "whitespace": the field separator (default: detected)',
};

/** What each inference method does, for hover and completion after `infer`. */
export const INFER_METHOD_DOCS: Record<InferMethod, string> = {
  vi: 'vi: variational inference; fits a mean-field Normal approximation of the posterior by maximizing the ELBO.',
  nuts: 'nuts: the No-U-Turn Sampler; draws from the posterior itself with Hamiltonian Monte Carlo, in several independent chains.',
  map: "map: the maximum a posteriori point estimate, the mode of the log joint (the paper's plain network, with the priors as weight decay).",
};

/** The settings of each inference method, with their one-line descriptions: the one place for these texts. */
export const INFER_SETTINGS: Record<InferMethod, Record<string, string>> = {
  vi: {
    guide: 'guide meanfield: the variational family (a Normal for every parameter entry).',
    optimizer: 'optimizer adam(lr = 0.01, decay = 1): Adam with an exponentially decaying learning rate.',
    steps: 'steps N: the number of optimization steps (default 1000).',
    samples: 'samples S: Monte-Carlo draws of the guide per step (default 1).',
    batch: 'batch B or batch full: rows per minibatch (default full).',
    seed: 'seed K: the seed of every random draw (default 0).',
    restarts:
      "restarts K: fit K times from seeds derived from the model's seed, and keep what `keep` says (default 1); the spread of the scores over the restarts is printed.",
    keep: 'keep best or keep ensemble: with restarts, keep the restart with the highest final ELBO (default), or all of them as an equal mixture of their guides.',
  },
  nuts: {
    chains:
      'chains C: independent Markov chains, each from its own starting point (default 4, at most 64); several chains show whether they agree.',
    warmup:
      'warmup W: iterations per chain that adapt the step size and a diagonal mass matrix, then are discarded (default 1000).',
    draws: 'draws D: posterior draws kept per chain after warmup (default 1000).',
    max_depth:
      'max_depth T: the largest tree depth; one iteration takes at most 2^T leapfrog steps (default 10, from 1 to 20).',
    target_accept:
      'target_accept A: the acceptance rate warmup tunes the step size for, strictly between 0 and 1 (default 0.8); higher means smaller, safer steps.',
    thin: 'thin K: keep every K-th draw of each chain in posterior.json (default 1: keep all).',
    seed: 'seed K: the seed of every random draw (default 0).',
  },
  map: {
    optimizer: 'optimizer adam(lr = 0.01, decay = 1): Adam with an exponentially decaying learning rate.',
    steps: 'steps N: the number of optimization steps (default 2000).',
    batch: 'batch B or batch full: rows per minibatch (default full).',
    seed: 'seed K: the seed of every random draw (default 0).',
  },
};

/** Every setting name of any method, in a stable order. */
export const ALL_INFER_SETTINGS: string[] = [...new Set(INFER_METHODS.flatMap((m) => Object.keys(INFER_SETTINGS[m])))];

export const QUERIES: Record<string, string> = {
  draws: 'draws N: posterior draws used for every query (default 1000).',
  threshold:
    "threshold 0.5, or threshold maximize f1 [on SET [then refit]]: the decision threshold of a binary target (then refit: chosen on SET, then the model is fit again with SET's rows).",
  confusion: 'confusion: the confusion matrix at the threshold.',
  classification: 'classification: precision, recall, F1 and support per class, with averages.',
  uncertainty: 'uncertainty: per-case mean, sd and 95% interval of the score.',
  importance:
    'importance permutation [by class]: the drop in weighted F1 when one input is shuffled, with its sd over posterior draws.',
  weights: 'weights P, ...: the posterior mean and sd of each entry of the named parameters.',
  prior_posterior: 'prior_posterior P, ...: prior and posterior samples of the named parameters.',
  accuracy: 'accuracy: the share of cases classified right (binary and categorical targets; always printed for them).',
  auc: 'auc: the area under the ROC curve (binary targets; always printed for them).',
  nll: 'nll: the log loss, the mean negative log probability of the true class (binary and categorical targets; always printed for them).',
  brier:
    'brier: the Brier score, the mean squared error of the probabilities (binary and categorical targets; always printed for them).',
  prior_shift:
    "prior_shift: a model fit on a balanced training set (balance … upsample or reweight) predicts for a world of equal classes; this corrects every probability to the training set's own class shares before anything is scored (binary and categorical targets).",
};

/** Evaluate queries written as plain words (not reserved): the scores of a class target, printed whenever it has one. */
export const SCORE_QUERIES: Record<string, 'classes' | 'binary'> = {
  accuracy: 'classes',
  auc: 'binary',
  nll: 'classes',
  brier: 'classes',
};

/** Criteria of `threshold maximize CRITERION`. */
export const THRESHOLD_CRITERIA: Record<string, string> = {
  f1: 'the weighted F1 score',
  accuracy: 'the share of cases classified right',
  youden: "Youden's J = sensitivity + specificity − 1 (balances the two classes' recall)",
};

export const DEFAULTS = {
  lr: 0.01,
  decay: 1,
  steps: 1000,
  samples: 1,
  seed: 0,
  draws: 1000,
  mapSteps: 2000,
  chains: 4,
  maxChains: 64,
  warmup: 1000,
  nutsDraws: 1000,
  maxDepth: 10,
  maxMaxDepth: 20,
  targetAccept: 0.8,
  thin: 1,
  restarts: 1,
  maxRestarts: 64,
  leakyAlpha: 0.01,
  importanceRepeats: 5,
} as const;

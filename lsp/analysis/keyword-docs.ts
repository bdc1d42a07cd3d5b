// One-line descriptions of the reserved words, for hover and completion: the infer settings and
// evaluate queries from builtins, the rest here.
import { INFER_SETTINGS, QUERIES } from '../../src/lang/builtins.js';

const BLOCKS_AND_DATA: Record<string, string> = {
  model: 'model NAME: the header naming the model; model { … }: the network and the likelihood of the target.',
  data: 'data { … }: the data files, their columns, the feature matrices and the target.',
  parameters: 'parameters { … }: the random variables of the network, each NAME : [shape] ~ Prior(…).',
  infer:
    'infer METHOD [on SET] { … }: how the posterior is found: vi (variational inference), nuts (sampling) or map (a point estimate).',
  evaluate:
    'evaluate SET, … { … }: what to report about the fitted model on one or more data sets (the same queries on each); a file may have several evaluate blocks, and the last set evaluated is the headline of results.json.',
  columns: 'columns NAME, …: the columns of every data file, in file order.',
  read: 'read("FILE", …, header = …, sep = …): a data set read from one or more files, concatenated.',
  standardize: "standardize(ITEMS): a feature matrix of columns standardized with the training set's mean and sd.",
  features: 'features(ITEMS): a feature matrix of columns used as they are.',
  balance:
    'balance SET upsample|reweight|none [TARGET]: upsample the smaller classes of a set, weight its rows so that every class weighs as much as the largest, or leave it as it is.',
  source: 'source "FILE" url "…" sha256 "…": where a data file is published, for bnnc fetch.',
  on: 'on SET: the data set to fit on, or to tune the threshold on.',
  by: "by class: compute the importance on each class's own F1.",
};

export const KEYWORD_DOCS: Record<string, string> = { ...BLOCKS_AND_DATA, ...INFER_SETTINGS.vi, ...QUERIES };

/** The threshold rule's protocol words (not reserved): threshold maximize f1 on valid then refit. */
export const PROTOCOL_DOCS: Record<string, string> = {
  then: "then refit: after choosing the threshold on the held-out set, fit the model again on the training rows together with that set's, and score the refit at that threshold.",
  refit:
    "threshold maximize METRIC on SET then refit: the threshold is chosen on SET with a fit on the training set; the scores and posterior.json are those of a second fit on the training rows together with SET's (standardized and balanced as one set, same seed). SET itself may not be evaluated.",
};

export const BLOCK_KEYWORDS = ['data', 'parameters', 'model', 'infer', 'evaluate'] as const;
export type BlockKind = (typeof BLOCK_KEYWORDS)[number];

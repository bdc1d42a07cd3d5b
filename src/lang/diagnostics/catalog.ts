// The one catalog of diagnostics: every code bnnc reports, its severity, and its message.
// Codes are stable: never reuse or renumber one. BNN00xx lexical, 01xx syntax, 02xx structure,
// 10xx names, 11xx data, 12xx shapes, 13xx distributions, 14xx model, 15xx infer,
// 16xx evaluate, 17xx suppression comments. Run-time errors (BNN2xxx-5xxx) are in run-messages.ts;
// the two share one space of codes, each code in one of them.
import type { Diagnostic, Fix, RelatedInfo, Severity } from './diagnostic.js';
import type { Span } from '../source.js';
import { refusalText, type Refusal } from './run-problems.js';

export interface MessageDef<A extends unknown[]> {
  code: string;
  severity: Severity;
  /** A short title for documentation and editors. */
  title: string;
  format: (...args: A) => string;
}

function def<A extends unknown[]>(
  code: string,
  severity: Severity,
  title: string,
  format: (...args: A) => string,
): MessageDef<A> {
  return { code, severity, title, format };
}

const list = (xs: readonly string[]) => xs.join(', ');
const didYouMean = (s?: string) => (s ? ` Did you mean '${s}'?` : '');

/** What is wrong with a split statement (BNN1119). */
export type SplitProblem =
  | { kind: 'notSplit'; got: string }
  | { kind: 'byAlone' | 'from' | 'number' }
  | { kind: 'positive'; text: string }
  | { kind: 'count'; names: number; fractions: number }
  | { kind: 'sum'; sum: number; from: string }
  | { kind: 'real'; target: string };

/** What is wrong with a read(...) option (BNN1109). */
export type ReadOptionProblem =
  { kind: 'noFile' | 'header' | 'sep' } | { kind: 'unknown'; option: string; suggestion?: string };

/** What is wrong with a balance statement (BNN1110). */
export type BalanceProblem =
  { kind: 'unknown'; method: string; suggestion?: string } | { kind: 'noClasses'; target: string; targetKind: string };

/** What is wrong with a function in a derived column (BNN1111). */
export type ColumnFunctionProblem =
  | { kind: 'matmul' }
  | { kind: 'unknown'; fn: string; allowed: readonly string[]; suggestion?: string }
  | { kind: 'arity'; fn: string; arity: number };

/** What is wrong with a source statement (BNN1117). */
export type SourceProblem =
  | { kind: 'unread' | 'twice'; file: string }
  | { kind: 'url'; url: string }
  | { kind: 'sha256' }
  | { kind: 'key'; key: string; suggestion?: string }
  | { kind: 'lacks'; file: string; missing: readonly string[] };

/** What is wrong with a standardized target (BNN1319). */
export type TargetStandardizeProblem =
  { kind: 'features' | 'list' } | { kind: 'noScale'; targetKind: string; example: string };

/** What is wrong with a dense(…) layer (BNN1403). */
export type LayerProblem =
  | { kind: 'units' }
  | { kind: 'activation'; allowed: readonly string[]; suggestion?: string }
  | { kind: 'input'; shape: string };

/** Why an inference method is refused (BNN1501). */
export type MethodProblem = { kind: 'planned' | 'unknown'; methods: string; suggestion?: string };

/** What is wrong with an optimizer (BNN1503). */
export type OptimizerProblem =
  | { kind: 'notCall'; got: string }
  | { kind: 'unknown'; name: string; allowed: readonly string[]; suggestion?: string }
  | { kind: 'positional'; settings: readonly string[] };

/** What is wrong with a 'by' of importance (BNN1606). */
export type ByProblem = { kind: 'notClass'; got: string } | { kind: 'real'; target: string };

/** What is wrong with an allow comment (BNN1701). */
export type AllowProblem = { kind: 'noCode'; code?: string } | { kind: 'error'; code: string };

/** Why a value is not known to be positive (BNN1306). */
export type NotPositiveWhy =
  { kind: 'prior'; param: string } | { kind: 'expression' } | { kind: 'value'; value: string };

/** What a setting needs (BNN1504). */
export type SettingWant =
  | { kind: 'guideName'; guide: string }
  | { kind: 'oneOf'; options: readonly string[] }
  | { kind: 'probability' | 'rows' | 'number' | 'positive' | 'decay' }
  | { kind: 'whole'; min: number }
  | { kind: 'wholeUpTo'; min: number; max: number };

function settingWant(w: SettingWant): string {
  switch (w.kind) {
    case 'guideName':
      return `a guide name without settings, as in guide ${w.guide}`;
    case 'oneOf':
      return w.options.join(' or ');
    case 'probability':
      return 'a number strictly between 0 and 1, such as 0.8 or 0.95';
    case 'rows':
      return 'a whole number of rows of at least 1, or full';
    case 'number':
      return 'a number';
    case 'positive':
      return 'a number greater than 0';
    case 'decay':
      return 'a number in (0, 1]';
    case 'whole':
      return `a whole number of at least ${w.min}`;
    case 'wholeUpTo':
      return w.max === Number.MAX_SAFE_INTEGER
        ? `a whole number from ${w.min} to ${w.max} (2^53 - 1: larger ones are not held exactly)`
        : `a whole number from ${w.min} to ${w.max}`;
  }
}

export const M = {
  // lexical
  unexpectedCharacter: def(
    'BNN0001',
    'error',
    'unexpected character',
    (text: string) =>
      `unexpected character${text.length > 1 ? 's' : ''} ${JSON.stringify(text.length > 20 ? text.slice(0, 20) + '…' : text)}: ${
        text.startsWith('#')
          ? 'comments start with //, not #'
          : `remove ${text.length > 1 ? 'them' : 'it'}; bnnc source is identifiers, numbers, strings, operators and brackets`
      }.`,
  ),
  unterminatedString: def(
    'BNN0002',
    'error',
    'unterminated string',
    () => 'unterminated string: add a closing " on the same line.',
  ),
  unterminatedComment: def(
    'BNN0003',
    'error',
    'unterminated block comment',
    () => 'unterminated block comment: close it with */.',
  ),
  badEscape: def(
    'BNN0004',
    'error',
    'unknown escape sequence',
    (esc: string) => `unknown escape sequence '${esc}' in string: use \\\\, \\", \\n, \\t, \\r or \\uXXXX.`,
  ),
  malformedNumber: def(
    'BNN0005',
    'error',
    'malformed number',
    (text: string) => `malformed number '${text}': an exponent needs digits, as in 1e-3.`,
  ),
  tooManyErrors: def(
    'BNN0006',
    'error',
    'too many problems',
    (shown: number) => `too many problems: only the first ${shown} are reported; fix these and check again.`,
  ),

  // syntax
  syntax: def(
    'BNN0101',
    'error',
    'syntax error',
    (expected: string, found: string) => `expected ${expected}, found ${found}.`,
  ),
  unknownStatement: def(
    'BNN0102',
    'error',
    'unknown statement',
    (found: string, block: string, allowed: readonly string[], suggestion?: string) =>
      `${found} does not start a statement of the ${block} block.${didYouMean(suggestion)} Statements of the ${block} block start with one of: ${list(allowed)}.`,
  ),
  unknownBlock: def(
    'BNN0103',
    'error',
    'unknown block',
    (found: string, suggestion?: string) =>
      `${found} does not start a block.${didYouMean(suggestion)} The blocks are data, parameters, model, infer and evaluate.`,
  ),
  reservedWord: def(
    'BNN0104',
    'error',
    'reserved word used as a name',
    (word: string) =>
      `'${word}' is a reserved word and cannot name a column, set, parameter or node: choose another name (e.g. '${word}_').`,
  ),
  likelihoodWithEquals: def(
    'BNN0105',
    'error',
    "likelihood written with '='",
    (name: string, dist: string) =>
      `expected '~' after '${name}' (a likelihood is written ${name} ~ ${dist}(…)), found '='.`,
  ),
  nestedTooDeep: def(
    'BNN0106',
    'error',
    'nested too deeply',
    (max: number, found: string, depth: number) =>
      `expected an expression nested less deeply (${max} levels at most), found ${found} at depth ${depth}.`,
  ),

  // structure
  missingBlock: def(
    'BNN0201',
    'error',
    'missing block',
    (block: string, example: string) => `this model has no ${block} block: add one, e.g. ${example}.`,
  ),
  duplicateBlock: def(
    'BNN0202',
    'error',
    'duplicate block',
    (block: string) => `a second ${block} block: merge it into the first.`,
  ),
  missingModelName: def(
    'BNN0203',
    'error',
    'missing model header',
    () => "the file does not start with 'model NAME': add a first line such as 'model rupture'.",
  ),

  // names
  undefinedName: def(
    'BNN1001',
    'error',
    'undefined name',
    (name: string, what: string, suggestion?: string) =>
      `'${name}' is not defined: no ${what} has this name.${didYouMean(suggestion)}`,
  ),
  duplicateName: def(
    'BNN1002',
    'error',
    'duplicate name',
    (name: string, what: string) => `'${name}' is already declared as a ${what}: rename one of them.`,
  ),
  usedBeforeAssignment: def(
    'BNN1003',
    'error',
    'used before assignment',
    (name: string) => `'${name}' is used before it is assigned: move its assignment above this line.`,
  ),
  unused: def(
    'BNN1004',
    'warning',
    'declared but never used',
    (name: string, what: string) => `${what} '${name}' is declared but never used: use it or remove it.`,
  ),
  wrongKindOfName: def(
    'BNN1005',
    'error',
    'wrong kind of name',
    (name: string, isA: string, expected: string) => `'${name}' is a ${isA}, but ${expected} is expected here.`,
  ),

  // data
  noColumns: def(
    'BNN1101',
    'error',
    'no columns declared',
    () =>
      'the data block declares no columns: add a line such as `columns height, width, label` naming the columns of the data files in order.',
  ),
  reversedRange: def(
    'BNN1102',
    'error',
    'reversed column range',
    (from: string, to: string) =>
      `the range ${from} .. ${to} is reversed: '${to}' comes before '${from}' in the columns; write ${to} .. ${from}.`,
  ),
  noTrainingSet: def(
    'BNN1103',
    'error',
    'no training set',
    (sets: readonly string[]) =>
      `there is no training set: name a set 'train' or write 'infer vi on SET'${sets.length ? ` (the sets are ${list(sets)})` : ''}.`,
  ),
  unknownTargetKind: def(
    'BNN1104',
    'error',
    'unknown target kind',
    (kind: string, suggestion?: string) =>
      `unknown target kind '${kind}'.${didYouMean(suggestion)} The kinds are binary, categorical(K), real and count.`,
  ),
  badClassCount: def('BNN1105', 'error', 'bad class count', (text: string, kind?: string) =>
    kind
      ? `a ${kind} target takes no class count: remove (${text}); only categorical takes one, as in categorical(3).`
      : `categorical needs a whole number of classes of at least 2, as in categorical(3); got ${text}.`,
  ),
  noTarget: def(
    'BNN1106',
    'error',
    'no target',
    () => 'the data block has no target: declare one, as in `y = label : binary`.',
  ),
  secondTarget: def(
    'BNN1107',
    'error',
    'more than one target',
    (first: string) => `a second target: '${first}' is already the target, and a model has one.`,
  ),
  targetInFeatures: def(
    'BNN1108',
    'error',
    'target among the features',
    (column: string) =>
      `the features include '${column}', the target's column: the model would see the answer; leave it out of the list.`,
  ),
  badReadOption: def('BNN1109', 'error', 'bad read option', (p: ReadOptionProblem) => {
    switch (p.kind) {
      case 'noFile':
        return 'bad read option \'(no file)\': read needs at least one file name, as in read("data/train.txt").';
      case 'header':
        return "bad read option 'header': write header = true or header = false.";
      case 'sep':
        return 'bad read option \'sep\': write sep = ",", sep = "\\t", sep = ";" or sep = "whitespace".';
      case 'unknown':
        return `bad read option '${p.option}': read takes file names and the options header and sep${p.suggestion ? `; did you mean '${p.suggestion}'?` : ''}.`;
    }
  }),
  badBalance: def('BNN1110', 'error', 'bad balance statement', (p: BalanceProblem) =>
    p.kind === 'unknown'
      ? `unknown balance method '${p.method}'.${didYouMean(p.suggestion)} The methods are upsample, reweight and none.`
      : `'${p.target}' is a ${p.targetKind} target, which has no classes to balance: remove this line.`,
  ),
  badColumnFunction: def('BNN1111', 'error', 'bad function in a derived column', (p: ColumnFunctionProblem) => {
    switch (p.kind) {
      case 'matmul':
        return "'@' is a matrix product, but a derived column is arithmetic on one row: use +, -, * or /.";
      case 'unknown':
        return `'${p.fn}' is not a function of derived columns.${didYouMean(p.suggestion)} They are ${list(p.allowed)}.`;
      case 'arity':
        return `'${p.fn}' takes ${p.arity} positional argument${p.arity > 1 ? 's' : ''}, as in ${p.fn}(${p.arity === 1 ? 'a' : 'a, b'}).`;
    }
  }),
  emptyFileName: def(
    'BNN1112',
    'error',
    'empty file name',
    () => 'the file name is empty: write the path of a data file, relative to the model or the data path.',
  ),
  repeatedFeature: def(
    'BNN1113',
    'warning',
    'feature listed twice',
    (name: string) => `'${name}' is already in this feature list: remove the repetition.`,
  ),
  noFeatures: def(
    'BNN1114',
    'error',
    'no features',
    () =>
      'the model reads no feature matrix: declare one in the data block, as in `x = standardize(height .. dc)`, and use it in the model.',
  ),
  targetNotColumn: def(
    'BNN1115',
    'error',
    'target is not a column',
    (what: string) =>
      `the target must be a column or a derived column, not ${what}: declare a derived column above (such as t = label - 1) and name it here.`,
  ),
  badSource: def('BNN1117', 'error', 'bad source statement', (p: SourceProblem) => {
    switch (p.kind) {
      case 'unread':
        return `no set reads ${JSON.stringify(p.file)}: a source names a file that a read(...) of this block reads, spelled the same.`;
      case 'twice':
        return `${JSON.stringify(p.file)} already has a source above: keep one.`;
      case 'url':
        return `the url must start with https:// or http://; got ${JSON.stringify(p.url)}.`;
      case 'sha256':
        return 'the sha256 must be 64 hexadecimal digits, as printed by sha256sum.';
      case 'key':
        return `a source takes url "…" and sha256 "…"; '${p.key}' is neither.${didYouMean(p.suggestion)}`;
      case 'lacks':
        return `the source of ${JSON.stringify(p.file)} lacks ${p.missing.join(' and ')}: write source "${p.file}" url "https://…" sha256 "…".`;
    }
  }),
  dataRefused: def('BNN1118', 'error', 'data file refused', (why: Refusal) => refusalText(why)),
  badSplit: def('BNN1119', 'error', 'bad split', (p: SplitProblem) => {
    const example = 'as in train, valid, test = split(all, 0.7, 0.15, 0.15) by y';
    switch (p.kind) {
      case 'notSplit':
        return `several sets on the left of = are made by split, ${example}; ${p.got} is not split.`;
      case 'byAlone':
        return `'by' belongs to a split, which deals one set into two or more, ${example}.`;
      case 'from':
        return `split's first argument is the data set to split, ${example}.`;
      case 'number':
        return 'a fraction of the rows is a number, such as 0.15.';
      case 'positive':
        return `the fraction ${p.text} is not positive: each set gets a fraction of the rows greater than 0.`;
      case 'count':
        return `${p.names} sets are named but ${p.fractions} fraction${p.fractions === 1 ? ' is' : 's are'} given: give one fraction per set, ${example}.`;
      case 'sum':
        return `the fractions sum to ${Number(p.sum.toPrecision(12))}, not 1: every row of '${p.from}' goes to exactly one set.`;
      case 'real':
        return `'${p.target}' is a real target, which has no classes to stratify by: remove 'by ${p.target}' for a plain random split.`;
    }
  }),
  noSets: def(
    'BNN1116',
    'error',
    'no data sets',
    () => 'the data block reads no data: add a set, as in `train = read("data/train.txt")`.',
  ),

  // shapes
  matmulMismatch: def(
    'BNN1201',
    'error',
    'matrix product size mismatch',
    (left: string, ls: string, right: string, rs: string) =>
      `${left} @ ${right}: ${left} has shape ${ls} and ${right} has shape ${rs}; the columns of the left must equal the rows of the right.`,
  ),
  broadcastMismatch: def(
    'BNN1202',
    'error',
    'shapes do not broadcast',
    (op: string, ls: string, rs: string) =>
      `cannot apply '${op}' to shapes ${ls} and ${rs}: aligned from the right, each pair of sizes must be equal or one of them 1.`,
  ),
  likelihoodShape: def(
    'BNN1203',
    'error',
    'likelihood argument does not match the target',
    (dist: string, arg: string, shape: string, want: string) =>
      `${dist}'s ${arg} has shape ${shape}, but the target needs ${want}.`,
  ),
  matmulRank: def(
    'BNN1204',
    'error',
    'matrix product of a scalar',
    (side: string, shape: string) =>
      `the ${side} operand of @ has shape ${shape}: a matrix product needs a vector or a matrix.`,
  ),
  badShape: def(
    'BNN1205',
    'error',
    'bad shape',
    (text: string) => `bad size ${text} in a shape: sizes are whole numbers of at least 1, as in [8, 12].`,
  ),
  tooManyEntries: def(
    'BNN1207',
    'error',
    'parameters too large to fit',
    (name: string, shape: string, entries: number, total: number, limit: number) =>
      `${name} : ${shape} has ${entries.toLocaleString('en-US')} entries${total > entries ? `, ${total.toLocaleString('en-US')} with the parameters above it` : ''}: more than the ${limit.toLocaleString('en-US')} a fit can hold (mean-field VI keeps several numbers per entry in memory); use smaller shapes.`,
  ),
  rankTooHigh: def(
    'BNN1206',
    'error',
    'shape of rank above 2',
    (shape: string) => `shape ${shape} has more than 2 dimensions: parameters are scalars, vectors or matrices.`,
  ),

  // distributions
  unknownDistribution: def(
    'BNN1301',
    'error',
    'unknown distribution',
    (name: string, role: string, allowed: readonly string[], suggestion?: string) =>
      `unknown ${role} '${name}'.${didYouMean(suggestion)} The ${role}s are ${list(allowed)}.`,
  ),
  arity: def(
    'BNN1302',
    'error',
    'wrong number of arguments',
    (name: string, signature: string, got: number) =>
      `${name} takes ${signature}; got ${got} argument${got === 1 ? '' : 's'}.`,
  ),
  unknownNamedArg: def(
    'BNN1303',
    'error',
    'unknown named argument',
    (arg: string, fn: string, allowed: readonly string[]) =>
      `${fn} has no argument named '${arg}': its arguments are ${list(allowed)}.`,
  ),
  nonPositiveScale: def(
    'BNN1304',
    'error',
    'scale must be positive',
    (arg: string, dist: string, value: string) => `${dist}'s ${arg} must be greater than 0, but is ${value}.`,
  ),
  nonConstantPriorArg: def(
    'BNN1305',
    'error',
    'argument is not a number',
    (dist: string, arg: string) => `${dist}'s ${arg} must be written as a number, such as 1 or 0.5.`,
  ),
  notPositive: def(
    'BNN1306',
    'error',
    'value must be positive',
    (what: string, why: NotPositiveWhy) =>
      `${what} must be positive, but ${why.kind === 'prior' ? `${why.param}'s prior allows negative values` : why.kind === 'value' ? `it is ${why.value}` : 'this expression can be negative'}: give it a positive prior (HalfNormal, LogNormal) or wrap it in softplus or exp.`,
  ),
  likelihoodAsPrior: def(
    'BNN1307',
    'error',
    'likelihood used as a prior',
    (name: string, allowed: readonly string[]) => `${name} is a likelihood, not a prior: priors are ${list(allowed)}.`,
  ),
  priorAsLikelihood: def(
    'BNN1308',
    'error',
    'prior used as a likelihood',
    (name: string, allowed: readonly string[]) =>
      `${name} cannot be a likelihood: the likelihoods are ${list(allowed)}.`,
  ),
  duplicateArg: def(
    'BNN1309',
    'error',
    'argument given twice',
    (arg: string, fn: string) => `${fn}'s '${arg}' is given twice: keep one.`,
  ),
  notProbability: def(
    'BNN1310',
    'error',
    'not a probability',
    (dist: string, arg: string) =>
      `${dist}'s ${arg} is not kept within (0, 1): pass the unconstrained value as ${dist}(${dist === 'Bernoulli' ? 'logit' : 'logits'} = z), or wrap it in ${dist === 'Bernoulli' ? 'sigmoid' : 'softmax'}.`,
  ),
  likelihoodNotTarget: def(
    'BNN1311',
    'error',
    'likelihood on a non-target',
    (name: string, target: string) =>
      `'${name}' is not the target: the likelihood is written for the target '${target}', as in ${target} ~ ….`,
  ),
  noLikelihood: def(
    'BNN1312',
    'error',
    'no likelihood',
    (target: string) =>
      `the model block has no likelihood: add one for the target, as in ${target} ~ Bernoulli(logit = z).`,
  ),
  secondLikelihood: def(
    'BNN1313',
    'error',
    'second likelihood',
    () => 'a second likelihood: a model has one likelihood, for its target.',
  ),
  likelihoodKind: def(
    'BNN1314',
    'error',
    'likelihood does not fit the target kind',
    (dist: string, kind: string, want: string) => `${dist} does not fit a ${kind} target: use ${want}.`,
  ),
  mixedArgs: def(
    'BNN1315',
    'error',
    'positional argument after a named one',
    (fn: string) => `in ${fn}, a positional argument follows a named one: put positional arguments first.`,
  ),
  badTargetStandardize: def('BNN1319', 'error', 'bad standardized target', (p: TargetStandardizeProblem) => {
    const what = (() => {
      switch (p.kind) {
        case 'features':
          return 'a target is standardized, or written as a column; features(…) is for feature matrices.';
        case 'list':
          return 'a target standardizes one column, not a list or a range.';
        case 'noScale':
          return `a ${p.targetKind} target has no scale to standardize: write ${p.example}.`;
      }
    })();
    return `${what} A real target is standardized as in y = standardize(progression) : real.`;
  }),
  priorCycle: def(
    'BNN1316',
    'error',
    'priors depend on each other in a cycle',
    (cycle: readonly string[]) =>
      `the priors of ${cycle.join(' → ')} depend on each other in a cycle: a parameter's prior may use only parameters whose priors do not use it.`,
  ),
  priorArgShape: def(
    'BNN1317',
    'error',
    'prior argument does not fit the parameter',
    (dist: string, arg: string, shape: string, param: string, paramShape: string) =>
      `${dist}'s ${arg} has shape ${shape}, which does not broadcast to ${param}'s shape ${paramShape}: use a scalar, or a shape that broadcasts to it.`,
  ),
  badPriorArgument: def(
    'BNN1318',
    'error',
    'not allowed in a prior argument',
    (what: string, suggestion?: string) =>
      `${what} cannot appear in a prior's argument.${didYouMean(suggestion)} A prior's arguments are numbers, parameters, + - * / of them, and sqrt, exp or softplus.`,
  ),

  // model
  unknownFunction: def(
    'BNN1401',
    'error',
    'unknown function',
    (name: string, allowed: readonly string[], suggestion?: string) =>
      `unknown function '${name}'.${didYouMean(suggestion)} The model's functions are ${list(allowed)}.`,
  ),
  badLayer: def('BNN1403', 'error', 'bad layer', (p: LayerProblem) => {
    switch (p.kind) {
      case 'units':
        return 'dense(…): the number of units must be a whole number of at least 1, as in dense(x, 12, relu).';
      case 'activation':
        return `dense(…): the activation must be one of ${list(p.allowed)}${p.suggestion ? ` (did you mean '${p.suggestion}'?)` : ''}.`;
      case 'input':
        return `dense(…): its input must be a matrix with a column per input, such as [N, 8], but has shape ${p.shape}.`;
    }
  }),
  layerNotWhole: def(
    'BNN1404',
    'error',
    'layer inside an expression',
    () =>
      'dense(…) declares parameters named after its node, so it must be the whole right-hand side of an assignment, as in h = dense(x, 12, relu).',
  ),
  noDataInModel: def(
    'BNN1402',
    'error',
    'string in an expression',
    () => 'a string cannot appear in a tensor expression.',
  ),

  // infer
  unknownMethod: def('BNN1501', 'error', 'unknown or unsupported inference method', (name: string, p: MethodProblem) =>
    p.kind === 'planned'
      ? `inference method '${name}' is planned but not supported yet: use one of ${p.methods}.`
      : `inference method '${name}' is unknown.${didYouMean(p.suggestion)} The methods are: ${p.methods}.`,
  ),
  unknownGuide: def(
    'BNN1502',
    'error',
    'unknown guide',
    (name: string, suggestion?: string) =>
      `unknown guide '${name}'.${didYouMean(suggestion)} The guides are: meanfield.`,
  ),
  badOptimizer: def('BNN1503', 'error', 'bad optimizer', (p: OptimizerProblem) => {
    switch (p.kind) {
      case 'notCall':
        return `the optimizer is a name with settings, as in adam(lr = 0.05, decay = 0.999); got ${p.got}.`;
      case 'unknown':
        return `unknown optimizer '${p.name}'.${didYouMean(p.suggestion)} The optimizers are: ${list(p.allowed)}.`;
      case 'positional':
        return `name each optimizer setting, as in adam(lr = 0.05): ${list(p.settings)}.`;
    }
  }),
  badSettingValue: def(
    'BNN1504',
    'error',
    'bad setting value',
    (setting: string, want: SettingWant, got: string) => `${setting} needs ${settingWant(want)}; got ${got}.`,
  ),
  repeatedSetting: def(
    'BNN1505',
    'warning',
    'setting given twice',
    (setting: string) => `'${setting}' is already set above: remove one of them.`,
  ),
  settingOfOtherMethod: def(
    'BNN1506',
    'error',
    'setting of another inference method',
    (setting: string, owners: readonly string[], method: string, allowed: readonly string[]) =>
      `'${setting}' is a setting of ${owners.join(' and ')}, not of ${method}; ${method}'s settings are: ${list(allowed)}.`,
  ),
  unknownSetting: def(
    'BNN1507',
    'error',
    'unknown setting',
    (setting: string, method: string, allowed: readonly string[], suggestion?: string) =>
      `unknown setting '${setting}' of ${method}.${didYouMean(suggestion)} ${method}'s settings are: ${list(allowed)}.`,
  ),
  thinBeyondDraws: def(
    'BNN1508',
    'error',
    'thinning keeps almost no draws',
    (thin: number, draws: number) =>
      `thin ${thin} is more than draws ${draws}: each chain would keep only its first draw; make thin at most ${draws}, or draw more.`,
  ),
  ensembleOfOne: def(
    'BNN1520',
    'warning',
    'an ensemble of one fit',
    (restarts: number) =>
      `keep ensemble mixes the guides of the restarts, but there ${restarts === 1 ? 'is 1 restart' : `are ${restarts}`}: add restarts K with K of at least 2 (such as restarts 6), or remove keep ensemble.`,
  ),

  // evaluate
  queryNeedsClasses: def(
    'BNN1601',
    'error',
    'query needs a class target',
    (query: string, target: string, kind = 'real') =>
      `'${query}' needs a binary or categorical target, but '${target}' is ${kind === 'count' ? 'a count' : kind}: remove it, or use uncertainty, weights or prior_posterior.`,
  ),
  optimisticThreshold: def(
    'BNN1602',
    'warning',
    'threshold tuned on the evaluation set',
    (sets: readonly string[], metric = 'f1') =>
      `the threshold is chosen to maximize ${metric === 'f1' ? 'F1' : metric} on ${sets.length === 1 ? `'${sets[0]}', the set it is evaluated on` : `each evaluated set itself (${sets.map((s) => `'${s}'`).join(', ')})`}: the scores will be optimistic. Tune it on another set (threshold maximize ${metric} on SET).`,
  ),
  unknownMetric: def(
    'BNN1603',
    'error',
    'unknown threshold rule',
    (text: string, suggestion?: string) =>
      `unknown threshold rule '${text}'.${didYouMean(suggestion)} Write a number in (0, 1), as in threshold 0.5, or threshold maximize f1, accuracy or youden [on SET [then refit]].`,
  ),
  thresholdRange: def(
    'BNN1604',
    'error',
    'threshold out of range',
    (value: string) => `a threshold must lie strictly between 0 and 1; got ${value}.`,
  ),
  unknownImportance: def(
    'BNN1605',
    'error',
    'unknown importance method',
    (name: string, suggestion?: string) =>
      `unknown importance method '${name}'.${didYouMean(suggestion)} The methods are: permutation.`,
  ),
  badBy: def('BNN1606', 'error', 'bad grouping', (p: ByProblem) =>
    p.kind === 'notClass'
      ? `importance can be grouped by class only: write 'by class'; got 'by ${p.got}'.`
      : `'by class' needs a binary or categorical target, but '${p.target}' is real: remove 'by class'.`,
  ),
  repeatedQuery: def(
    'BNN1607',
    'warning',
    'query given twice',
    (query: string) => `'${query}' is already asked for above: remove the repetition.`,
  ),
  queryTakesNothing: def(
    'BNN1609',
    'error',
    'query takes nothing after it',
    (query: string, found: string) =>
      `'${query}' takes nothing after it, but ${found} follows: remove it (each query stands alone on its line).`,
  ),
  scoreNeedsBinary: def(
    'BNN1610',
    'error',
    'score needs a binary target',
    (query: string, target: string, kind: string) =>
      `'${query}' is a score of a binary target, but '${target}' is ${kind}: remove it; accuracy, nll and brier apply to any class target.`,
  ),
  setEvaluatedTwice: def(
    'BNN1611',
    'error',
    'set evaluated twice',
    (set: string) => `'${set}' is already evaluated above: evaluate each set once, with all its queries in one block.`,
  ),
  refitWithoutSet: def(
    'BNN1612',
    'error',
    'refit without a tuning set',
    (metric: string) =>
      `'then refit' fits again on the training rows together with the rows the threshold is chosen on, so it needs that set: write 'threshold maximize ${metric} on SET then refit' with a held-out set such as valid.`,
  ),
  refitOnTrainingSet: def(
    'BNN1613',
    'error',
    'refit on the training set',
    (set: string, metric: string) =>
      `the threshold is chosen on '${set}', the set the model is fit on: its rows are in the fit already, so the threshold would be tuned on fitted rows and a refit would add nothing. Choose it on a held-out set (threshold maximize ${metric} on valid then refit).`,
  ),
  refitSetEvaluated: def(
    'BNN1614',
    'error',
    'evaluated set is in the refit',
    (set: string) =>
      `'${set}' is evaluated, but the run refits the model on the training rows together with the rows of '${set}': the final model has seen them, so its scores would not be honest. Evaluate only sets the fits never see (evaluate test).`,
  ),
  refitRulesDiffer: def(
    'BNN1615',
    'error',
    'threshold rule differs from the refit',
    (rule: string, refit: string, set: string) =>
      `'${rule}' differs from the run's refit, '${refit}': a run refits once, and its final model is fit on the training rows together with the rows of '${set}'. Write the same rule here, or choose this threshold on a set the final fit does not see, or fix it as a number.`,
  ),
  thresholdNeedsBinary: def(
    'BNN1608',
    'error',
    'threshold needs a binary target',
    (target: string, kind: string) =>
      `a decision threshold applies to a binary target, but '${target}' is ${kind === 'count' ? 'a count' : kind}: the class is the one with the highest probability; remove the threshold.`,
  ),

  // suppression comments
  badAllow: def('BNN1701', 'warning', 'bad allow comment', (p: AllowProblem) =>
    p.kind === 'noCode'
      ? `'bnnc: allow' needs a warning code, as in '// bnnc: allow BNN1602 the paper's protocol'; ${p.code ? `'${p.code}' is not one` : 'none is given'}.`
      : `${p.code} is an error, and errors cannot be allowed: fix the problem instead.`,
  ),
  unusedAllow: def(
    'BNN1702',
    'warning',
    'allow comment suppresses nothing',
    (code: string) => `'bnnc: allow ${code}' suppresses nothing on the line it applies to: remove it.`,
  ),
} as const;

export type MessageKey = keyof typeof M;

export function diagnostic<A extends unknown[]>(
  msg: MessageDef<A>,
  span: Span,
  args: A,
  extra: { related?: RelatedInfo[]; fixes?: Fix[] } = {},
): Diagnostic {
  return {
    code: msg.code,
    severity: msg.severity,
    message: msg.format(...args),
    span,
    related: extra.related ?? [],
    fixes: extra.fixes ?? [],
  };
}

/** Every catalog entry, for documentation and for the test that each code is exercised. */
export const catalog: { code: string; severity: Severity; title: string }[] = Object.values(M).map((m) => ({
  code: m.code,
  severity: m.severity,
  title: m.title,
}));

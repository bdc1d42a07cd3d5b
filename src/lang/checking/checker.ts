// The checker: every problem of a parsed model at once, and the checked model when it has none.
import type { IToken } from 'chevrotain';
import type * as A from '../syntax/ast.js';
import { diagnostic, M } from '../diagnostics/catalog.js';
import type { CheckedModel, ModelSymbol, TargetKind } from './checked-model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span, SourceText } from '../source.js';
import { CheckContext, KIND_WORDS } from './context.js';
import { checkData } from './data.js';
import { checkEvaluate } from './evaluate.js';
import { checkInfer } from './infer.js';
import { checkModel } from './model.js';
import { checkParameters } from './params.js';
import { applySuppressions } from './suppress.js';
import { lastTokenBefore } from './token-search.js';

export interface CheckOutput {
  diagnostics: Diagnostic[];
  symbols: Map<string, ModelSymbol>;
  model?: CheckedModel;
}

const EXAMPLES: Record<string, string> = {
  data: 'data { columns ... }',
  parameters: 'parameters { W0 : [8, 12] ~ Normal(0, 1) }',
  model: 'model { y ~ Bernoulli(logit = x @ W0) }',
};

export function checkProgram(
  program: A.Program,
  src: SourceText,
  tokens: IToken[],
  comments: IToken[],
  syntaxDiagnostics: Diagnostic[],
): CheckOutput {
  const ctx = new CheckContext();
  ctx.syntaxErrors = syntaxDiagnostics.filter((d) => /^BNN01/.test(d.code)).map((d) => d.span.start);
  if (!program.name && tokens.length > 0 && !syntaxDiagnostics.some((d) => d.span.start === tokens[0].startOffset))
    ctx.report(
      M.missingModelName,
      { start: tokens[0].startOffset, end: tokens[0].startOffset + tokens[0].image.length },
      [],
    );

  const blocks = new Map<string, A.Block>();
  // A file may evaluate in several blocks (evaluate valid { … } evaluate test { … }).
  const evaluateBlocks = program.blocks.filter((b): b is A.EvaluateBlock => b.kind === 'evaluate');
  for (const b of program.blocks) {
    if (b.kind === 'evaluate') continue;
    const first = blocks.get(b.kind);
    if (!first) {
      blocks.set(b.kind, b);
      continue;
    }
    ctx.report(M.duplicateBlock, b.keywordSpan, [b.kind], {
      related: [{ span: first.keywordSpan, message: `the first ${b.kind} block is here` }],
    });
    // Check the second block's statements as if merged into the first, so that what it
    // declares is not also reported as undefined.
    blocks.set(b.kind, { ...first, statements: [...first.statements, ...b.statements] } as A.Block);
  }
  const syntaxBroken = syntaxDiagnostics.some((d) => d.severity === 'error');
  /** Errors after which the parser's recovery may have dropped or invented statements. */
  const perturbed = syntaxDiagnostics.some(perturbs);
  // A missing block after a syntax error is usually the syntax error's doing: say it once.
  if (!syntaxBroken) {
    for (const kind of ['data', 'parameters', 'model']) {
      if (!blocks.has(kind))
        ctx.report(M.missingBlock, program.name?.span ?? { start: src.text.length, end: src.text.length }, [
          kind,
          EXAMPLES[kind],
        ]);
    }
  }

  const data = checkData(ctx, blocks.get('data') as A.DataBlock | undefined);
  const params = checkParameters(ctx, blocks.get('parameters') as A.ParametersBlock | undefined);
  const modelFacts = checkModel(
    ctx,
    blocks.get('model') as A.ModelBlock | undefined,
    data,
    params.filter((p) => p.positive).map((p) => p.name),
  );
  const inferBlock = blocks.get('infer') as A.InferBlock | undefined;
  const infer = checkInfer(ctx, inferBlock);

  const used = new Set<string>();
  let trainSet = inferBlock?.set?.name ?? 'train';
  if (inferBlock?.set) {
    if (!ctx.resolve(inferBlock.set, ['set'], 'a data set to fit on')) trainSet = '';
  } else if (blocks.has('data') && data.sets.length > 0) {
    if (ctx.symbols.get('train')?.kind === 'set') used.add('train');
    else
      ctx.report(M.noTrainingSet, inferBlock?.method.span ?? blocks.get('data')!.keywordSpan, [
        data.sets.map((s) => s.name),
      ]);
  }
  const evaluate = checkEvaluate(ctx, evaluateBlocks, data.target, trainSet);
  if (
    blocks.has('model') &&
    blocks.has('data') &&
    ![...ctx.symbols.values()].some((s) => s.kind === 'features' && s.refs.length > 0)
  ) {
    ctx.report(M.noFeatures, blocks.get('model')!.keywordSpan, []);
  }
  const modelSpan = blocks.get('model')?.span;
  const paramsSpan = blocks.get('parameters')?.span;
  for (const sym of ctx.symbols.values()) {
    // After a syntax error, uses may have been lost in recovery: an 'unused' warning would be a guess.
    if (perturbed) break;
    if (used.has(sym.name) || ctx.earlyUses.has(sym.name) || ctx.suggested.has(sym.name)) continue;
    // A parameter only named in queries is still unused by the model.
    // A parameter used in another parameter's prior is used (tau in W0 ~ Normal(0, tau)).
    const within = (r: Span, s: Span | undefined) => !!s && r.start >= s.start && r.end <= s.end;
    const inModel = (r: Span) => !modelSpan || within(r, modelSpan) || within(r, paramsSpan);
    if (sym.kind === 'param' ? sym.refs.some(inModel) : sym.refs.length > 0) continue;
    if (sym.kind === 'column' || sym.kind === 'target') continue;
    ctx.report(M.unused, sym.decl, [sym.name, capitalize(KIND_WORDS[sym.kind])]);
  }

  let diagnostics = [...syntaxDiagnostics, ...ctx.diagnostics];
  diagnostics = applySuppressions(diagnostics, comments, tokens, src);
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  diagnostics = dedupe(diagnostics);
  if (perturbed) diagnostics = dropCascades(diagnostics, tokens, src);
  const LIMIT = 200;
  if (diagnostics.length > LIMIT) {
    const shown = diagnostics.slice(0, LIMIT);
    shown.push(diagnostic(M.tooManyErrors, diagnostics[LIMIT].span, [LIMIT]));
    diagnostics = shown;
  }

  const out: CheckOutput = { diagnostics, symbols: ctx.symbols };
  if (!diagnostics.some((d) => d.severity === 'error') && data.target && modelFacts.likelihood && program.name) {
    out.model = {
      name: program.name.name,
      columns: data.columns,
      sets: data.sets,
      splits: data.splits,
      sources: data.sources,
      derived: data.derived,
      features: data.features,
      target: {
        name: data.target.name,
        column: data.target.column,
        ...(data.target.standardize ? { standardize: true } : {}),
        ...targetKind(data.target),
      },
      trainSet,
      balance: data.balance.map((b) => ({ set: b.set.name, method: b.method })),
      params: [
        ...params.map(({ decl: _decl, ...p }) => p),
        // Layers' parameters (h = dense(…)) come after the declared ones, with the paper's prior.
        ...modelFacts.layerParams.map((p) => ({
          name: p.name,
          shape: p.shape,
          prior: { dist: 'Normal', args: { mu: 0, sigma: 1 } },
          positive: false,
        })),
      ],
      nodes: modelFacts.nodes,
      likelihood: modelFacts.likelihood,
      types: modelFacts.types,
      infer,
      evaluate,
    };
  }
  return out;
}

function targetKind(t: NonNullable<ReturnType<typeof checkData>['target']>): TargetKind {
  return t.kind === 'categorical' ? { kind: 'categorical', classes: t.classes } : { kind: t.kind };
}

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Unexpected characters, unterminated strings and comments, and syntax errors. */
function perturbs(d: Diagnostic): boolean {
  return (
    d.severity === 'error' &&
    (/^BNN01/.test(d.code) || d.code === 'BNN0001' || d.code === 'BNN0002' || d.code === 'BNN0003')
  );
}

/** Facts about the whole file that a statement lost in syntax recovery can make false. */
const ABSENCE_CODES = new Set([
  M.noColumns.code,
  M.noTrainingSet.code,
  M.noTarget.code,
  M.noFeatures.code,
  M.noSets.code,
  M.noLikelihood.code,
  M.unusedAllow.code,
]);

/**
 * One mistake, one diagnostic: after a syntax error the parser's recovery may invent statements
 * from the rest of the line, so what follows it on its line (and any absence-of-something
 * error) is most likely its echo. Also drops the syntax error right after an unterminated
 * string, which swallowed the closing bracket with the rest of its line.
 */
export function dropCascades(ds: Diagnostic[], tokens: IToken[], src: SourceText): Diagnostic[] {
  // `expected ')', found 'y'` at the start of a line: the closer is missing at the end of the line
  // above, the parser put it back, and the line it stands on was read as written.
  const missingCloser = (d: Diagnostic) =>
    d.code === M.syntax.code && /^expected '[)\]}]'/.test(d.message) && blankBefore(src, d.span.start);
  const firstOnLine = new Map<number, Diagnostic>();
  for (const d of ds) {
    if (!perturbs(d) || missingCloser(d)) continue;
    const line = src.position(d.span.start).line;
    if (!firstOnLine.has(line)) firstOnLine.set(line, d);
  }
  const unterminated = new Set(
    tokens.filter((t) => t.tokenType.name === 'UnterminatedString').map((t) => t.startOffset),
  );
  const tokenBefore = (offset: number) => lastTokenBefore(tokens, offset);
  // A block the parser could not read (BNN0103) may have declared any name used elsewhere.
  const blockLost = ds.some((d) => d.code === M.unknownBlock.code);
  // `expected '~', found 'W1'`: the recovery may have swallowed W1's declaration.
  const swallowed = new Set(ds.filter((d) => /^BNN01/.test(d.code)).map((d) => src.slice(d.span)));
  // A diagnostic about a construct with a syntax error inside (Normal(0 1)) is about what the
  // parser made of it, not what was written.
  const brokenStarts = ds
    .filter(perturbs)
    .map((d) => d.span.start)
    .sort((a, b) => a - b);
  const containsBreak = (d: Diagnostic) => {
    const o = brokenStarts[firstAbove(brokenStarts, d.span.start)];
    return o !== undefined && o < d.span.end;
  };
  return ds.filter((d) => {
    if (ABSENCE_CODES.has(d.code)) return false;
    if (!perturbs(d) && containsBreak(d)) return false;
    if (d.code === M.undefinedName.code && (blockLost || swallowed.has(src.slice(d.span)))) return false;
    if (/^BNN01/.test(d.code) && unterminated.size > 0) {
      const prev = tokenBefore(d.span.start);
      if (prev && unterminated.has(prev.startOffset)) return false;
    }
    const first = firstOnLine.get(src.position(d.span.start).line);
    if (!first || first === d || d.span.start < first.span.start) return true;
    // At the same place, a second syntax error may say something new; a name error is the echo.
    return d.span.start === first.span.start && perturbs(d);
  });
}

/** Whether only blanks stand between the start of `offset`'s line and `offset` (scanning back stops at the first other character). */
function blankBefore(src: SourceText, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = src.text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && !/\s/.test(c)) return false;
  }
  return true;
}

/** The index of the first element of ascending `xs` above `x` (xs.length when none is). */
function firstAbove(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}:${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

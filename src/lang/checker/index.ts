// The checker: every problem of a parsed model at once, and the checked model when it has none.
import type { IToken } from 'chevrotain';
import type * as A from '../ast.js';
import { diagnostic, M } from '../catalog.js';
import type { CheckedModel, ModelSymbol } from '../checked.js';
import type { Diagnostic } from '../diagnostic.js';
import type { SourceText } from '../source.js';
import { CheckContext, KIND_WORDS } from './context.js';
import { checkData } from './data.js';
import { checkEvaluate } from './evaluate.js';
import { checkInfer } from './infer.js';
import { checkModel } from './model.js';
import { checkParameters } from './params.js';
import { applySuppressions } from './suppress.js';

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

export function checkProgram(program: A.Program, src: SourceText, tokens: IToken[], comments: IToken[], syntaxDiagnostics: Diagnostic[]): CheckOutput {
  const ctx = new CheckContext();
  if (!program.name && tokens.length > 0 && !syntaxDiagnostics.some((d) => d.span.start === tokens[0].startOffset)) ctx.report(M.missingModelName, { start: tokens[0].startOffset, end: tokens[0].startOffset + tokens[0].image.length }, []);

  const blocks = new Map<string, A.Block>();
  for (const b of program.blocks) {
    if (blocks.has(b.kind)) ctx.report(M.duplicateBlock, b.keywordSpan, [b.kind], { related: [{ span: blocks.get(b.kind)!.keywordSpan, message: `the first ${b.kind} block is here` }] });
    else blocks.set(b.kind, b);
  }
  const syntaxBroken = syntaxDiagnostics.some((d) => d.severity === 'error');
  // A missing block after a syntax error is usually the syntax error's doing: say it once.
  if (!syntaxBroken) {
    for (const kind of ['data', 'parameters', 'model']) {
      if (!blocks.has(kind)) ctx.report(M.missingBlock, program.name?.span ?? { start: src.text.length, end: src.text.length }, [kind, EXAMPLES[kind]]);
    }
  }

  const data = checkData(ctx, blocks.get('data') as A.DataBlock | undefined);
  const params = checkParameters(ctx, blocks.get('parameters') as A.ParametersBlock | undefined);
  const modelFacts = checkModel(ctx, blocks.get('model') as A.ModelBlock | undefined, data, params.filter((p) => p.positive).map((p) => p.name));
  const inferBlock = blocks.get('infer') as A.InferBlock | undefined;
  const infer = checkInfer(ctx, inferBlock);
  const evaluate = checkEvaluate(ctx, blocks.get('evaluate') as A.EvaluateBlock | undefined, data.target);

  const used = new Set<string>();
  let trainSet = inferBlock?.set?.name ?? 'train';
  if (inferBlock?.set) {
    if (!ctx.resolve(inferBlock.set, ['set'], 'a data set to fit on')) trainSet = '';
  } else if (blocks.has('data') && data.sets.length > 0) {
    if (ctx.symbols.get('train')?.kind === 'set') used.add('train');
    else ctx.report(M.noTrainingSet, inferBlock?.method.span ?? blocks.get('data')!.keywordSpan, [data.sets.map((s) => s.name)]);
  }
  if (blocks.has('model') && blocks.has('data') && ![...ctx.symbols.values()].some((s) => s.kind === 'features' && s.refs.length > 0)) {
    ctx.report(M.noFeatures, blocks.get('model')!.keywordSpan, []);
  }
  for (const sym of ctx.symbols.values()) {
    if (used.has(sym.name) || ctx.earlyUses.has(sym.name)) continue;
    // A parameter only named in queries is still unused by the model.
    const modelSpan = blocks.get('model')?.span;
    const refs = sym.kind === 'param' && modelSpan ? sym.refs.filter((r) => r.start >= modelSpan.start && r.end <= modelSpan.end) : sym.refs;
    if (refs.length > 0) continue;
    if (sym.kind === 'column' || sym.kind === 'target') continue;
    ctx.report(M.unused, sym.decl, [sym.name, capitalize(KIND_WORDS[sym.kind])]);
  }

  let diagnostics = [...syntaxDiagnostics, ...ctx.diagnostics];
  diagnostics = applySuppressions(diagnostics, comments, tokens, src);
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  diagnostics = dedupe(diagnostics);
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
      sources: data.sources,
      derived: data.derived,
      features: data.features,
      target: { name: data.target.name, column: data.target.column, ...targetKind(data.target) },
      trainSet,
      balance: data.balance.map((b) => ({ set: b.set.name, method: b.method })),
      params: params.map(({ decl: _decl, ...p }) => p),
      nodes: modelFacts.nodes,
      likelihood: modelFacts.likelihood,
      infer,
      evaluate,
    };
  }
  return out;
}

function targetKind(t: NonNullable<ReturnType<typeof checkData>['target']>): CheckedModel['target'] extends infer _ ? { kind: 'binary' } | { kind: 'categorical'; classes: number } | { kind: 'real' } : never {
  return t.kind === 'categorical' ? { kind: 'categorical', classes: t.classes } : { kind: t.kind };
}

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
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

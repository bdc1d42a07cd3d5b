// The evaluate block: the set, the number of draws, the threshold and the queries.
import type * as A from '../syntax/ast.js';
import { DEFAULTS, QUERIES, SCORE_QUERIES, THRESHOLD_CRITERIA } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { CheckedModel, TargetKind, ThresholdCriterion } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { integer } from './infer.js';

export function checkEvaluate(ctx: CheckContext, block: A.EvaluateBlock | undefined, target: ({ name: string } & TargetKind) | undefined): CheckedModel['evaluate'] {
  if (!block) return null;
  const ev: NonNullable<CheckedModel['evaluate']> = {
    set: block.set.name,
    draws: DEFAULTS.draws,
    threshold: null,
    confusion: false,
    classification: false,
    uncertainty: false,
    importance: null,
    weights: [],
    priorPosterior: [],
    priorShift: false,
  };
  ctx.resolve(block.set, ['set'], 'a data set to evaluate on');
  const seen = new Set<string>();
  // Real and count targets have no classes.
  const isReal = target?.kind === 'real' || target?.kind === 'count';
  const needsClasses = (query: string, span: A.Ident['span']) => {
    if (isReal) ctx.report(M.queryNeedsClasses, span, [query, target!.name, target!.kind]);
    return !isReal;
  };
  for (const s of block.statements) {
    const query = s.kind === 'thresholdRule' ? 'threshold' : s.kind === 'word' ? s.word : s.kind;
    if (seen.has(query)) ctx.report(M.repeatedQuery, s.keywordSpan, [query]);
    seen.add(query);
    switch (s.kind) {
      case 'draws': {
        const n = integer(ctx, 'draws', s.value, 1);
        if (n !== undefined) ev.draws = n;
        break;
      }
      case 'threshold':
        if (!needsClasses('threshold', s.keywordSpan) || !binaryOnly(ctx, s.keywordSpan, target)) break;
        if (s.value.missing) break;
        if (s.value.value > 0 && s.value.value < 1) ev.threshold = { kind: 'fixed', value: s.value.value };
        else ctx.report(M.thresholdRange, s.value.span, [s.value.text]);
        break;
      case 'thresholdRule': {
        if (!needsClasses('threshold', s.keywordSpan) || !binaryOnly(ctx, s.keywordSpan, target)) break;
        if (s.rule.missing || s.metric.missing) break;
        if (s.rule.name !== 'maximize' || !THRESHOLD_CRITERIA[s.metric.name]) {
          const sg = s.rule.name === 'maximize' ? suggest(s.metric.name, Object.keys(THRESHOLD_CRITERIA)) : undefined;
          ctx.report(M.unknownMetric, { start: s.rule.span.start, end: s.metric.span.end }, [`${s.rule.name} ${s.metric.name}`, sg && `maximize ${sg}`], {
            fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: s.metric.span, newText: sg }] }] : [],
          });
          break;
        }
        const metric = s.metric.name as ThresholdCriterion;
        const set = s.set ?? block.set;
        if (s.set) ctx.resolve(s.set, ['set'], 'a data set to tune the threshold on');
        ev.threshold = { kind: 'maximize', metric, set: set.name };
        if (set.name === block.set.name && !set.missing) ctx.report(M.optimisticThreshold, s.span, [set.name, metric]);
        break;
      }
      case 'confusion':
      case 'classification':
        if (needsClasses(s.kind, s.keywordSpan)) ev[s.kind] = true;
        break;
      case 'uncertainty':
        ev.uncertainty = true;
        break;
      case 'importance': {
        if (s.method.missing || !needsClasses('importance', s.keywordSpan)) break;
        if (s.method.name !== 'permutation') {
          const sg = suggest(s.method.name, ['permutation']);
          ctx.report(M.unknownImportance, s.method.span, [s.method.name, sg], { fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: s.method.span, newText: sg }] }] : [] });
          break;
        }
        let byClass = false;
        if (s.by && !s.by.missing) {
          if (s.by.name !== 'class') ctx.report(M.badBy, s.by.span, [{ kind: 'notClass', got: s.by.name }]);
          else if (isReal) ctx.report(M.badBy, s.by.span, [{ kind: 'real', target: target!.name }]);
          else byClass = true;
        }
        ev.importance = { method: 'permutation', byClass };
        break;
      }
      case 'word':
        if (s.word === 'prior_shift') {
          if (s.names[0] || s.value || s.set) ctx.report(M.queryTakesNothing, { start: (s.names[0] ?? s.value ?? s.set)!.span.start, end: s.span.end }, ['prior_shift', 'anything']);
          if (needsClasses('prior_shift', s.keywordSpan)) ev.priorShift = true;
        } else checkWord(ctx, s, target);
        break;
      case 'weights':
      case 'prior_posterior':
        for (const id of s.names) {
          if (ctx.resolve(id, ['param'], 'a parameter')) (s.kind === 'weights' ? ev.weights : ev.priorPosterior).push(id.name);
        }
        break;
    }
  }
  return ev;
}

/**
 * A query written as a plain word: a score of a class target (accuracy, auc, nll, brier: printed
 * whenever the target has classes, so naming one checks that it applies), or an unknown word,
 * reported with the list of queries; the statements below it are checked as usual.
 */
function checkWord(ctx: CheckContext, s: Extract<A.EvalStmt, { kind: 'word' }>, target: ({ name: string } & TargetKind) | undefined): void {
  const needs = SCORE_QUERIES[s.word];
  if (!needs) {
    const sg = suggest(s.word, Object.keys(QUERIES));
    ctx.report(M.unknownStatement, s.keywordSpan, [`'${s.word}'`, 'evaluate', Object.keys(QUERIES), sg], {
      fixes: sg ? [{ title: `Replace with '${sg}'`, edits: [{ span: s.keywordSpan, newText: sg }] }] : [],
    });
    return;
  }
  const on = s.set && { span: { start: s.set.span.start - 3, end: s.set.span.end }, text: `on ${s.set.name}` };
  const extra = s.names[0] ? { span: s.names[0].span, text: s.names[0].name } : s.value ? { span: s.value.span, text: s.value.text } : on;
  if (extra) ctx.report(M.queryTakesNothing, { start: extra.span.start, end: s.span.end }, [s.word, `'${extra.text}'`]);
  if (!target) return;
  if (target.kind === 'real' || target.kind === 'count') ctx.report(M.queryNeedsClasses, s.keywordSpan, [s.word, target.name, target.kind]);
  else if (needs === 'binary' && target.kind !== 'binary') ctx.report(M.scoreNeedsBinary, s.keywordSpan, [s.word, target.name, `categorical with ${target.classes} classes`]);
}

function binaryOnly(ctx: CheckContext, span: A.Ident['span'], target: ({ name: string } & TargetKind) | undefined): boolean {
  if (target?.kind === 'categorical') {
    ctx.report(M.thresholdNeedsBinary, span, [target.name, `categorical with ${target.classes} classes`]);
    return false;
  }
  return true;
}

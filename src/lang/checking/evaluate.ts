// The evaluate blocks: the sets, the number of draws, the threshold (and its refit) and the queries.
import type * as A from '../syntax/ast.js';
import { DEFAULTS, QUERIES, SCORE_QUERIES, THRESHOLD_CRITERIA } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { CheckedModel, EvaluateSettings, TargetKind, ThresholdCriterion } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { integer } from './infer.js';

/** A block's threshold rule as written: what the per-set settings and the refit checks read. */
interface RuleOf {
  stmt: Extract<A.EvalStmt, { kind: 'thresholdRule' }>;
  metric: ThresholdCriterion;
  refit: boolean;
}

/**
 * Every evaluate block: a file may have several, and a block may evaluate several sets
 * (`evaluate valid, test`), each set once (BNN1611). Returns one entry per evaluated set, in
 * source order: the block's queries, with the threshold resolved for that set.
 */
export function checkEvaluate(
  ctx: CheckContext,
  blocks: readonly A.EvaluateBlock[],
  target: ({ name: string } & TargetKind) | undefined,
  trainSet: string,
): CheckedModel['evaluate'] {
  const out: CheckedModel['evaluate'] = [];
  const evaluated = new Map<string, A.Ident>();
  const checked = blocks.map((block) => {
    for (const id of block.sets) {
      if (id.missing) continue;
      ctx.resolve(id, ['set'], 'a data set to evaluate on');
      const first = evaluated.get(id.name);
      if (first)
        ctx.report(M.setEvaluatedTwice, id.span, [id.name], {
          related: [{ span: first.span, message: `'${id.name}' is first evaluated here` }],
        });
      else evaluated.set(id.name, id);
    }
    return { block, ...checkQueries(ctx, block, target, trainSet) };
  });

  // A run refits once: the first refit rule is the run's, and its set's rows are in the final fit.
  const refit = checked.find((c) => c.rule?.refit && c.rule.stmt.set && !c.rule.stmt.set.missing)?.rule;
  if (refit) {
    const refitSet = refit.stmt.set!;
    const ruleText = (r: RuleOf) =>
      `threshold maximize ${r.metric}${r.stmt.set ? ` on ${r.stmt.set.name}` : ''}${r.refit ? ' then refit' : ''}`;
    const related = [{ span: refit.stmt.span, message: `the run refits on '${refitSet.name}' here` }];
    for (const c of checked) {
      const r = c.rule;
      if (!r || r === refit) continue;
      const sameRule = r.refit && r.stmt.set?.name === refitSet.name && r.metric === refit.metric;
      // Another refit, or a threshold tuned (without refitting) on rows the final fit has seen.
      if (
        (r.refit && !sameRule && r.stmt.set && !r.stmt.set.missing) ||
        (!r.refit && r.stmt.set?.name === refitSet.name)
      ) {
        ctx.report(M.refitRulesDiffer, r.stmt.span, [ruleText(r), ruleText(refit), refitSet.name], { related });
      }
    }
    for (const c of checked) {
      for (const id of c.block.sets) {
        if (!id.missing && id.name === refitSet.name) ctx.report(M.refitSetEvaluated, id.span, [id.name], { related });
      }
    }
  }

  for (const c of checked) {
    const seen = new Set<string>();
    for (const id of c.block.sets) {
      if (id.missing || seen.has(id.name)) continue;
      seen.add(id.name);
      let threshold: EvaluateSettings['threshold'] = c.fixed;
      if (c.rule)
        threshold = {
          kind: 'maximize',
          metric: c.rule.metric,
          set: c.rule.stmt.set?.name ?? id.name,
          refit: c.rule.refit,
        };
      const { draws, ...queries } = c.settings;
      out.push({ set: id.name, draws, threshold, ...queries });
    }
  }
  return out;
}

/** One block's queries, each checked once (a query asked twice in a block is BNN1607). */
function checkQueries(
  ctx: CheckContext,
  block: A.EvaluateBlock,
  target: ({ name: string } & TargetKind) | undefined,
  trainSet: string,
): { settings: Omit<EvaluateSettings, 'set' | 'threshold'>; fixed: EvaluateSettings['threshold']; rule?: RuleOf } {
  const ev: Omit<EvaluateSettings, 'set' | 'threshold'> = {
    draws: DEFAULTS.draws,
    confusion: false,
    classification: false,
    uncertainty: false,
    importance: null,
    weights: [],
    priorPosterior: [],
    priorShift: false,
  };
  let fixed: EvaluateSettings['threshold'] = null;
  let rule: RuleOf | undefined;
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
        if (s.value.value > 0 && s.value.value < 1) {
          fixed = { kind: 'fixed', value: s.value.value };
          rule = undefined;
        } else ctx.report(M.thresholdRange, s.value.span, [s.value.text]);
        break;
      case 'thresholdRule': {
        if (!needsClasses('threshold', s.keywordSpan) || !binaryOnly(ctx, s.keywordSpan, target)) break;
        if (s.rule.missing || s.metric.missing) break;
        if (s.rule.name !== 'maximize' || !THRESHOLD_CRITERIA[s.metric.name]) {
          const sg = s.rule.name === 'maximize' ? suggest(s.metric.name, Object.keys(THRESHOLD_CRITERIA)) : undefined;
          ctx.report(
            M.unknownMetric,
            { start: s.rule.span.start, end: s.metric.span.end },
            [`${s.rule.name} ${s.metric.name}`, sg && `maximize ${sg}`],
            {
              fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: s.metric.span, newText: sg }] }] : [],
            },
          );
          break;
        }
        const metric = s.metric.name as ThresholdCriterion;
        if (s.set) ctx.resolve(s.set, ['set'], 'a data set to tune the threshold on');
        let refit = false;
        if (s.then) {
          const word = s.then.protocol;
          if (word.missing) break;
          if (word.name !== 'refit') {
            const sg = suggest(word.name, ['refit']);
            ctx.report(M.unknownMetric, s.then.span, [`then ${word.name}`, sg && `then ${sg}`], {
              fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: word.span, newText: sg }] }] : [],
            });
            break;
          }
          if (!s.set) {
            ctx.report(M.refitWithoutSet, s.then.span, [metric]);
            break;
          }
          if (!s.set.missing && s.set.name === trainSet) {
            ctx.report(M.refitOnTrainingSet, s.set.span, [s.set.name, metric]);
            break;
          }
          refit = true;
        }
        fixed = null;
        rule = { stmt: s, metric, refit };
        // Optimistic when every set of the block is the one the threshold is chosen on (each
        // set itself, without `on`); a refit's set is never evaluated (BNN1614).
        const sets = block.sets.filter((id) => !id.missing).map((id) => id.name);
        if (!refit && sets.length > 0 && (!s.set || (!s.set.missing && sets.every((n) => n === s.set!.name))))
          ctx.report(M.optimisticThreshold, s.span, [[...new Set(sets)], metric]);
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
          ctx.report(M.unknownImportance, s.method.span, [s.method.name, sg], {
            fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: s.method.span, newText: sg }] }] : [],
          });
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
          if (s.names[0] || s.value || s.set)
            ctx.report(M.queryTakesNothing, { start: (s.names[0] ?? s.value ?? s.set)!.span.start, end: s.span.end }, [
              'prior_shift',
              'anything',
            ]);
          if (needsClasses('prior_shift', s.keywordSpan)) ev.priorShift = true;
        } else checkWord(ctx, s, target);
        break;
      case 'weights':
      case 'prior_posterior':
        for (const id of s.names) {
          if (ctx.resolve(id, ['param'], 'a parameter'))
            (s.kind === 'weights' ? ev.weights : ev.priorPosterior).push(id.name);
        }
        break;
    }
  }
  return { settings: ev, fixed, rule };
}

/**
 * A query written as a plain word: a score of a class target (accuracy, auc, nll, brier: printed
 * whenever the target has classes, so naming one checks that it applies), or an unknown word,
 * reported with the list of queries; the statements below it are checked as usual.
 */
function checkWord(
  ctx: CheckContext,
  s: Extract<A.EvalStmt, { kind: 'word' }>,
  target: ({ name: string } & TargetKind) | undefined,
): void {
  const needs = SCORE_QUERIES[s.word];
  if (!needs) {
    const sg = suggest(s.word, Object.keys(QUERIES));
    ctx.report(M.unknownStatement, s.keywordSpan, [`'${s.word}'`, 'evaluate', Object.keys(QUERIES), sg], {
      fixes: sg ? [{ title: `Replace with '${sg}'`, edits: [{ span: s.keywordSpan, newText: sg }] }] : [],
    });
    return;
  }
  const on = s.set && { span: { start: s.set.span.start - 3, end: s.set.span.end }, text: `on ${s.set.name}` };
  const extra = s.names[0]
    ? { span: s.names[0].span, text: s.names[0].name }
    : s.value
      ? { span: s.value.span, text: s.value.text }
      : on;
  if (extra) ctx.report(M.queryTakesNothing, { start: extra.span.start, end: s.span.end }, [s.word, `'${extra.text}'`]);
  if (!target) return;
  if (target.kind === 'real' || target.kind === 'count')
    ctx.report(M.queryNeedsClasses, s.keywordSpan, [s.word, target.name, target.kind]);
  else if (needs === 'binary' && target.kind !== 'binary')
    ctx.report(M.scoreNeedsBinary, s.keywordSpan, [s.word, target.name, `categorical with ${target.classes} classes`]);
}

function binaryOnly(
  ctx: CheckContext,
  span: A.Ident['span'],
  target: ({ name: string } & TargetKind) | undefined,
): boolean {
  if (target?.kind === 'categorical') {
    ctx.report(M.thresholdNeedsBinary, span, [target.name, `categorical with ${target.classes} classes`]);
    return false;
  }
  return true;
}

// The evaluate block: the set, the number of draws, the threshold and the queries.
import type * as A from '../ast.js';
import { DEFAULTS } from '../builtins.js';
import { M } from '../catalog.js';
import type { CheckedModel, TargetKind } from '../checked.js';
import { suggest } from '../suggest.js';
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
    const query = s.kind === 'thresholdRule' ? 'threshold' : s.kind;
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
        if (s.rule.name !== 'maximize' || s.metric.name !== 'f1') {
          ctx.report(M.unknownMetric, { start: s.rule.span.start, end: s.metric.span.end }, [`${s.rule.name} ${s.metric.name}`]);
          break;
        }
        const set = s.set ?? block.set;
        if (s.set) ctx.resolve(s.set, ['set'], 'a data set to tune the threshold on');
        ev.threshold = { kind: 'maximize', metric: 'f1', set: set.name };
        if (set.name === block.set.name && !set.missing) ctx.report(M.optimisticThreshold, s.span, [set.name]);
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
          if (s.by.name !== 'class') ctx.report(M.badBy, s.by.span, [`importance can be grouped by class only: write 'by class'; got 'by ${s.by.name}'.`]);
          else if (isReal) ctx.report(M.badBy, s.by.span, [`'by class' needs a binary or categorical target, but '${target!.name}' is real: remove 'by class'.`]);
          else byClass = true;
        }
        ev.importance = { method: 'permutation', byClass };
        break;
      }
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

function binaryOnly(ctx: CheckContext, span: A.Ident['span'], target: ({ name: string } & TargetKind) | undefined): boolean {
  if (target?.kind === 'categorical') {
    ctx.report(M.thresholdNeedsBinary, span, [target.name, `categorical with ${target.classes} classes`]);
    return false;
  }
  return true;
}

// The infer block: the method and its settings, with defaults for what is not written.
import type * as A from '../ast.js';
import { DEFAULTS, GUIDES, INFER_METHODS, OPTIMIZERS, PLANNED_METHODS } from '../builtins.js';
import { M } from '../catalog.js';
import type { CheckedModel, ViSettings } from '../checked.js';
import { suggest } from '../suggest.js';
import type { CheckContext } from './context.js';

export function checkInfer(ctx: CheckContext, block: A.InferBlock | undefined): CheckedModel['infer'] {
  const infer: ViSettings = {
    method: 'vi',
    guide: 'meanfield',
    optimizer: { kind: 'adam', lr: DEFAULTS.lr, decay: DEFAULTS.decay },
    steps: DEFAULTS.steps,
    samples: DEFAULTS.samples,
    batch: null,
    seed: DEFAULTS.seed,
  };
  if (!block) return infer;
  const m = block.method;
  if (!m.missing && !INFER_METHODS.includes(m.name)) {
    if (PLANNED_METHODS.includes(m.name)) ctx.report(M.unknownMethod, m.span, [m.name, 'is planned but not supported yet: use vi.']);
    else {
      const sg = suggest(m.name, INFER_METHODS);
      ctx.report(M.unknownMethod, m.span, [m.name, `is unknown.${sg ? ` Did you mean '${sg}'?` : ''} The methods are: ${INFER_METHODS.join(', ')}.`]);
    }
  }
  const seen = new Set<string>();
  for (const s of block.statements) {
    if (seen.has(s.setting)) ctx.report(M.repeatedSetting, s.keywordSpan, [s.setting]);
    seen.add(s.setting);
    const v = s.value;
    if (v.kind === 'missing') continue;
    switch (s.setting) {
      case 'guide':
        if (v.kind === 'word' && v.args && GUIDES.includes(v.ident.name)) ctx.report(M.badSettingValue, v.span, ['guide', `a guide name without settings, as in guide ${v.ident.name}`, valueText(v)]);
        else if (v.kind !== 'word' || v.args) ctx.report(M.unknownGuide, v.span, [valueText(v), undefined]);
        else if (!GUIDES.includes(v.ident.name)) {
          const sg = suggest(v.ident.name, GUIDES);
          ctx.report(M.unknownGuide, v.span, [v.ident.name, sg], { fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: v.span, newText: sg }] }] : [] });
        }
        break;
      case 'optimizer':
        checkOptimizer(ctx, v, infer);
        break;
      case 'steps':
      case 'samples':
      case 'seed': {
        const n = integer(ctx, s.setting, v, s.setting === 'seed' ? 0 : 1);
        if (n !== undefined) infer[s.setting] = n;
        break;
      }
      case 'batch':
        if (v.kind === 'word' && v.ident.name === 'full' && !v.args) infer.batch = null;
        else {
          const n = integer(ctx, 'batch', v, 1, 'a whole number of rows of at least 1, or full');
          if (n !== undefined) infer.batch = n;
        }
        break;
    }
  }
  return infer;
}

function valueText(v: A.SettingValue): string {
  return v.kind === 'number' ? v.text : v.kind === 'word' ? v.ident.name + (v.args ? '(…)' : '') : '';
}

export function integer(ctx: CheckContext, setting: string, v: A.SettingValue, min: number, want?: string): number | undefined {
  if (v.kind === 'number' && !v.missing && Number.isInteger(v.value) && v.value >= min && v.value <= Number.MAX_SAFE_INTEGER) return v.value;
  if (v.kind === 'missing' || (v.kind === 'number' && v.missing)) return undefined;
  // 9007199254740993 is a whole number, but not one a double holds exactly: say so.
  const tooLarge = v.kind === 'number' && Number.isInteger(v.value) && v.value > Number.MAX_SAFE_INTEGER;
  ctx.report(M.badSettingValue, v.span, [setting, tooLarge ? `a whole number from ${min} to ${Number.MAX_SAFE_INTEGER} (2^53 - 1: larger ones are not held exactly)` : (want ?? `a whole number of at least ${min}`), valueText(v)]);
  return undefined;
}

function checkOptimizer(ctx: CheckContext, v: A.SettingValue, infer: ViSettings): void {
  if (v.kind !== 'word') {
    ctx.report(M.badOptimizer, v.span, [`the optimizer is a name with settings, as in adam(lr = 0.05, decay = 0.999); got ${valueText(v)}.`]);
    return;
  }
  const options = OPTIMIZERS[v.ident.name];
  if (!options) {
    const sg = suggest(v.ident.name, Object.keys(OPTIMIZERS));
    ctx.report(M.badOptimizer, v.ident.span, [`unknown optimizer '${v.ident.name}'.${sg ? ` Did you mean '${sg}'?` : ''} The optimizers are: ${Object.keys(OPTIMIZERS).join(', ')}.`]);
    return;
  }
  const seen = new Set<string>();
  for (const a of v.args ?? []) {
    if (!a.name) {
      ctx.report(M.badOptimizer, a.span, [`name each optimizer setting, as in adam(lr = 0.05): ${Object.keys(options).join(', ')}.`]);
      continue;
    }
    const key = a.name.name;
    if (!options[key]) {
      ctx.report(M.unknownNamedArg, a.name.span, [key, v.ident.name, Object.keys(options)]);
      continue;
    }
    if (seen.has(key)) ctx.report(M.duplicateArg, a.span, [key, v.ident.name]);
    seen.add(key);
    const x = a.value;
    if (x.kind !== 'number' || x.missing) {
      if (x.kind !== 'missing' && x.kind !== 'number') ctx.report(M.badSettingValue, x.span, [`${v.ident.name}'s ${key}`, 'a number', 'an expression']);
      continue;
    }
    if (key === 'lr') {
      if (x.value > 0) infer.optimizer.lr = x.value;
      else ctx.report(M.badSettingValue, x.span, ['the learning rate lr', 'a number greater than 0', x.text]);
    } else if (key === 'decay') {
      if (x.value > 0 && x.value <= 1) infer.optimizer.decay = x.value;
      else ctx.report(M.badSettingValue, x.span, ['decay', 'a number in (0, 1]', x.text]);
    }
  }
}

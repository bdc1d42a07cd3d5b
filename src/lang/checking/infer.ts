// The infer block: the method and its settings, with defaults for what is not written. Each
// method takes its own settings (builtins.ts INFER_SETTINGS); a setting of another method, or
// an unknown one, is reported where it is written.
import type * as A from '../syntax/ast.js';
import {
  ALL_INFER_SETTINGS,
  DEFAULTS,
  GUIDES,
  INFER_METHODS,
  RESTART_KEEPS,
  INFER_SETTINGS,
  OPTIMIZERS,
  PLANNED_METHODS,
  type InferMethod,
} from '../builtins.js';
import { M, type SettingWant } from '../diagnostics/catalog.js';
import type { AdamSettings, InferSettings, MapSettings, NutsSettings, ViSettings } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';

export function defaultSettings(method: InferMethod): InferSettings {
  const optimizer = (): AdamSettings => ({ kind: 'adam', lr: DEFAULTS.lr, decay: DEFAULTS.decay });
  switch (method) {
    case 'vi':
      return {
        method,
        guide: 'meanfield',
        optimizer: optimizer(),
        steps: DEFAULTS.steps,
        samples: DEFAULTS.samples,
        batch: null,
        seed: DEFAULTS.seed,
        restarts: DEFAULTS.restarts,
        keep: 'best',
      } satisfies ViSettings;
    case 'nuts':
      return {
        method,
        chains: DEFAULTS.chains,
        warmup: DEFAULTS.warmup,
        draws: DEFAULTS.nutsDraws,
        maxDepth: DEFAULTS.maxDepth,
        targetAccept: DEFAULTS.targetAccept,
        thin: DEFAULTS.thin,
        seed: DEFAULTS.seed,
      } satisfies NutsSettings;
    case 'map':
      return {
        method,
        optimizer: optimizer(),
        steps: DEFAULTS.mapSteps,
        batch: null,
        seed: DEFAULTS.seed,
      } satisfies MapSettings;
  }
}

/** The settings' fields where the written name is not the field's name. */
const FIELD: Record<string, string> = { max_depth: 'maxDepth', target_accept: 'targetAccept' };

export function checkInfer(ctx: CheckContext, block: A.InferBlock | undefined): InferSettings {
  if (!block) return defaultSettings('vi');
  const method = checkMethod(ctx, block.method);
  const infer = defaultSettings(method ?? 'vi');
  // Under an unknown method, the settings are checked against every method's, and not kept.
  const allowed = method ? Object.keys(INFER_SETTINGS[method]) : ALL_INFER_SETTINGS;
  const fields = infer as unknown as Record<string, unknown>;
  const seen = new Set<string>();
  for (const s of block.statements) {
    if (!allowed.includes(s.setting)) {
      if (method) reportForeign(ctx, s, method);
      continue;
    }
    if (seen.has(s.setting)) ctx.report(M.repeatedSetting, s.keywordSpan, [s.setting]);
    seen.add(s.setting);
    if (s.value.kind === 'missing') continue;
    const value = settingValue(ctx, s.setting, s.value);
    if (value !== undefined && method) fields[FIELD[s.setting] ?? s.setting] = value;
  }
  if (infer.method === 'nuts' && infer.thin > infer.draws) {
    const thin = block.statements.find((s) => s.setting === 'thin');
    if (thin) ctx.report(M.thinBeyondDraws, thin.value.span, [infer.thin, infer.draws]);
  }
  if (infer.method === 'vi' && infer.keep === 'ensemble' && infer.restarts < 2) {
    const keep = block.statements.find((s) => s.setting === 'keep');
    if (keep) ctx.report(M.ensembleOfOne, keep.value.span, [infer.restarts]);
  }
  return infer;
}

/** The method, when it is one bnnc runs; reported and undefined otherwise. */
function checkMethod(ctx: CheckContext, m: A.Ident): InferMethod | undefined {
  if (m.missing) return undefined;
  if ((INFER_METHODS as readonly string[]).includes(m.name)) return m.name as InferMethod;
  const methods = INFER_METHODS.join(', ');
  if (PLANNED_METHODS.includes(m.name)) ctx.report(M.unknownMethod, m.span, [m.name, { kind: 'planned', methods }]);
  else {
    const sg = suggest(m.name, INFER_METHODS);
    ctx.report(M.unknownMethod, m.span, [m.name, { kind: 'unknown', methods, suggestion: sg }], {
      fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: m.span, newText: sg }] }] : [],
    });
  }
  return undefined;
}

/** A setting this method does not take: another method's, or no method's. */
function reportForeign(ctx: CheckContext, s: A.InferStmt, method: InferMethod): void {
  const allowed = Object.keys(INFER_SETTINGS[method]);
  const owners = INFER_METHODS.filter((m) => m !== method && INFER_SETTINGS[m][s.setting] !== undefined);
  if (owners.length > 0) {
    ctx.report(M.settingOfOtherMethod, s.keywordSpan, [s.setting, owners, method, allowed]);
    return;
  }
  const sg = suggest(s.setting, allowed);
  ctx.report(M.unknownSetting, s.keywordSpan, [s.setting, method, allowed, sg], {
    fixes: sg ? [{ title: `Replace with '${sg}'`, edits: [{ span: s.keywordSpan, newText: sg }] }] : [],
  });
}

/** The value of one setting, checked; undefined (and reported) when it is not valid. */
function settingValue(ctx: CheckContext, setting: string, v: Exclude<A.SettingValue, { kind: 'missing' }>): unknown {
  switch (setting) {
    case 'guide':
      if (v.kind === 'word' && v.args && GUIDES.includes(v.ident.name))
        ctx.report(M.badSettingValue, v.span, ['guide', { kind: 'guideName', guide: v.ident.name }, valueText(v)]);
      else if (v.kind !== 'word' || v.args) ctx.report(M.unknownGuide, v.span, [valueText(v), undefined]);
      else if (!GUIDES.includes(v.ident.name)) {
        const sg = suggest(v.ident.name, GUIDES);
        ctx.report(M.unknownGuide, v.span, [v.ident.name, sg], {
          fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: v.span, newText: sg }] }] : [],
        });
      } else return v.ident.name;
      return undefined;
    case 'optimizer':
      return checkOptimizer(ctx, v);
    case 'steps':
    case 'samples':
    case 'draws':
    case 'thin':
      return integer(ctx, setting, v, 1);
    case 'seed':
    case 'warmup':
      return integer(ctx, setting, v, 0);
    case 'chains':
      return bounded(ctx, setting, v, 1, DEFAULTS.maxChains);
    case 'restarts':
      return bounded(ctx, setting, v, 1, DEFAULTS.maxRestarts);
    case 'keep':
      if (v.kind === 'word' && !v.args && (RESTART_KEEPS as readonly string[]).includes(v.ident.name))
        return v.ident.name;
      ctx.report(M.badSettingValue, v.span, ['keep', { kind: 'oneOf', options: RESTART_KEEPS }, valueText(v)]);
      return undefined;
    case 'max_depth':
      return bounded(ctx, setting, v, 1, DEFAULTS.maxMaxDepth);
    case 'target_accept':
      if (v.kind === 'number' && v.missing) return undefined;
      if (v.kind === 'number' && v.value > 0 && v.value < 1) return v.value;
      ctx.report(M.badSettingValue, v.span, ['target_accept', { kind: 'probability' }, valueText(v)]);
      return undefined;
    case 'batch':
      if (v.kind === 'word' && v.ident.name === 'full' && !v.args) return null;
      return integer(ctx, 'batch', v, 1, { kind: 'rows' });
    default:
      return undefined;
  }
}

function valueText(v: A.SettingValue): string {
  return v.kind === 'number' ? v.text : v.kind === 'word' ? v.ident.name + (v.args ? '(…)' : '') : '';
}

export function integer(
  ctx: CheckContext,
  setting: string,
  v: A.SettingValue,
  min: number,
  want?: SettingWant,
): number | undefined {
  if (
    v.kind === 'number' &&
    !v.missing &&
    Number.isInteger(v.value) &&
    v.value >= min &&
    v.value <= Number.MAX_SAFE_INTEGER
  )
    return v.value;
  if (v.kind === 'missing' || (v.kind === 'number' && v.missing)) return undefined;
  // 9007199254740993 is a whole number, but not one a double holds exactly: say so.
  const tooLarge = v.kind === 'number' && Number.isInteger(v.value) && v.value > Number.MAX_SAFE_INTEGER;
  ctx.report(M.badSettingValue, v.span, [
    setting,
    tooLarge ? { kind: 'wholeUpTo', min, max: Number.MAX_SAFE_INTEGER } : (want ?? { kind: 'whole', min }),
    valueText(v),
  ]);
  return undefined;
}

function bounded(ctx: CheckContext, setting: string, v: A.SettingValue, min: number, max: number): number | undefined {
  const want: SettingWant = { kind: 'wholeUpTo', min, max };
  const n = integer(ctx, setting, v, min, want);
  if (n === undefined || n <= max) return n;
  ctx.report(M.badSettingValue, v.span, [setting, want, valueText(v)]);
  return undefined;
}

function checkOptimizer(ctx: CheckContext, v: A.SettingValue): AdamSettings | undefined {
  if (v.kind !== 'word') {
    ctx.report(M.badOptimizer, v.span, [{ kind: 'notCall', got: valueText(v) }]);
    return undefined;
  }
  const options = OPTIMIZERS[v.ident.name];
  if (!options) {
    const sg = suggest(v.ident.name, Object.keys(OPTIMIZERS));
    ctx.report(M.badOptimizer, v.ident.span, [
      { kind: 'unknown', name: v.ident.name, allowed: Object.keys(OPTIMIZERS), suggestion: sg },
    ]);
    return undefined;
  }
  const adam: AdamSettings = { kind: 'adam', lr: DEFAULTS.lr, decay: DEFAULTS.decay };
  const seen = new Set<string>();
  for (const a of v.args ?? []) {
    if (!a.name) {
      ctx.report(M.badOptimizer, a.span, [{ kind: 'positional', settings: Object.keys(options) }]);
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
      if (x.kind !== 'missing' && x.kind !== 'number')
        ctx.report(M.badSettingValue, x.span, [`${v.ident.name}'s ${key}`, { kind: 'number' }, 'an expression']);
      continue;
    }
    if (key === 'lr') {
      if (x.value > 0) adam.lr = x.value;
      else ctx.report(M.badSettingValue, x.span, ['the learning rate lr', { kind: 'positive' }, x.text]);
    } else if (key === 'decay') {
      if (x.value > 0 && x.value <= 1) adam.decay = x.value;
      else ctx.report(M.badSettingValue, x.span, ['decay', { kind: 'decay' }, x.text]);
    }
  }
  return adam;
}

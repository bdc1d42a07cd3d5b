// The data block: columns, sets, derived columns, feature matrices, the target and balancing.
import type * as A from '../syntax/ast.js';
import { BALANCE_METHODS, COLUMN_FUNCTIONS, READ_OPTIONS, TARGET_KINDS } from '../builtins.js';
import { M } from '../diagnostics/catalog.js';
import type { CheckedModel, TargetKind } from './checked-model.js';
import { suggest } from '../diagnostics/suggest.js';
import type { CheckContext } from './context.js';
import { leftSpine } from './spine.js';

export interface DataFacts {
  columns: string[];
  sets: CheckedModel['sets'];
  splits: CheckedModel['splits'];
  derived: CheckedModel['derived'];
  features: CheckedModel['features'];
  target?: { name: string; column: string; span: A.Ident; standardize?: boolean } & TargetKind;
  balance: { set: A.Ident; method: 'upsample' | 'reweight' | 'none' }[];
  sources: CheckedModel['sources'];
}

export function checkData(ctx: CheckContext, block: A.DataBlock | undefined): DataFacts {
  const facts: DataFacts = { columns: [], sets: [], splits: [], derived: [], features: [], balance: [], sources: [] };
  if (!block) return facts;
  // Columns first: a derived column or a feature list may stand above the columns line.
  for (const s of block.statements) {
    if (s.kind !== 'columns') continue;
    for (const id of s.names) {
      const sym = ctx.declare(id, 'column', s.span, `column ${facts.columns.length + 1} of the data files`, {
        shape: [],
        index: facts.columns.length,
      });
      if (sym) facts.columns.push(id.name);
    }
  }
  if (facts.columns.length === 0) ctx.report(M.noColumns, block.keywordSpan, []);

  ctx.pending = new Map();
  for (const s of block.statements) {
    if (
      (s.kind === 'derived' || s.kind === 'features' || s.kind === 'target') &&
      !s.name.missing &&
      !ctx.pending.has(s.name.name)
    )
      ctx.pending.set(s.name.name, s.name.span);
  }
  for (const s of block.statements) {
    switch (s.kind) {
      case 'read':
        checkRead(ctx, s, facts);
        break;
      case 'derived':
        checkColumnExpr(ctx, s.expr);
        if (ctx.declare(s.name, 'derived', s.span, 'derived column', { shape: [] }))
          facts.derived.push({ name: s.name.name, expr: s.expr });
        break;
      case 'features':
        checkFeatures(ctx, s, facts);
        break;
      case 'target':
        checkTarget(ctx, s, facts);
        break;
      case 'split':
        checkSplit(ctx, s, facts);
        break;
      case 'balance':
        break;
      case 'source':
        break;
      case 'columns':
        break;
    }
  }
  ctx.pending = new Map();
  for (const s of block.statements) if (s.kind === 'balance') checkBalance(ctx, s, facts);
  for (const s of block.statements) if (s.kind === 'split') checkSplitBy(ctx, s, facts);
  for (const s of block.statements) if (s.kind === 'source') checkSource(ctx, s, facts);
  checkLeak(ctx, facts);
  if (facts.sets.length === 0 && facts.splits.length === 0) ctx.report(M.noSets, block.keywordSpan, []);
  if (!facts.target && !block.statements.some((s) => s.kind === 'target'))
    ctx.report(M.noTarget, block.keywordSpan, []);
  return facts;
}

function checkRead(ctx: CheckContext, s: A.ReadStmt, facts: DataFacts): void {
  for (const f of s.files) if (f.value.trim() === '') ctx.report(M.emptyFileName, f.span, []);
  const set: DataFacts['sets'][number] = { name: s.name.name, files: s.files.map((f) => f.value) };
  if (s.files.length === 0) ctx.report(M.badReadOption, s.span, [{ kind: 'noFile' }]);
  const seenOptions = new Set<string>();
  for (const o of s.options) {
    if (seenOptions.has(o.name.name)) ctx.report(M.duplicateArg, o.span, [o.name.name, 'read']);
    seenOptions.add(o.name.name);
    const v = o.value;
    if (o.name.name === 'header') {
      if (v.kind === 'word' && (v.ident.name === 'true' || v.ident.name === 'false'))
        set.header = v.ident.name === 'true';
      else ctx.report(M.badReadOption, v.span, [{ kind: 'header' }]);
    } else if (o.name.name === 'sep') {
      const seps: Record<string, string> = {
        ',': ',',
        '\t': '\t',
        whitespace: 'whitespace',
        ' ': 'whitespace',
        ';': ';',
      };
      if (v.kind === 'string' && seps[v.value]) set.separator = seps[v.value];
      else ctx.report(M.badReadOption, v.span, [{ kind: 'sep' }]);
    } else {
      const sg = suggest(o.name.name, Object.keys(READ_OPTIONS));
      ctx.report(M.badReadOption, o.name.span, [{ kind: 'unknown', option: o.name.name, suggestion: sg }]);
    }
  }
  if (ctx.declare(s.name, 'set', s.span, `data set read from ${set.files.map((f) => JSON.stringify(f)).join(', ')}`))
    facts.sets.push(set);
}

/** The fractions of a split must be given one per new set, be positive and sum to 1. */
const SPLIT_SUM_TOLERANCE = 1e-9;

function checkSplit(ctx: CheckContext, s: A.SplitStmt, facts: DataFacts): void {
  const v = s.value;
  if (s.names.length < 2) {
    ctx.report(M.badSplit, s.span, [{ kind: 'byAlone' }]);
    return;
  }
  if (v.kind !== 'call' || v.callee.name !== 'split') {
    const got = v.kind === 'call' ? `'${v.callee.name}(…)'` : v.kind === 'missing' ? 'this' : 'an expression';
    ctx.report(M.badSplit, v.kind === 'missing' ? s.span : v.kind === 'call' ? v.callee.span : v.span, [
      { kind: 'notSplit', got },
    ]);
    return;
  }
  const [fromArg, ...rest] = v.args;
  const from = fromArg?.value.kind === 'name' && !fromArg.name ? fromArg.value.ident : undefined;
  if (!from) ctx.report(M.badSplit, fromArg?.span ?? v.span, [{ kind: 'from' }]);
  const source = from ? ctx.resolve(from, ['set'], 'a data set declared above') : undefined;
  const fractions: { value: number; text: string; span: A.Ident['span'] }[] = [];
  let ok = !!from;
  for (const a of rest) {
    const f = fractionOf(a.value);
    if (!f || a.name) {
      ctx.report(M.badSplit, a.span, [{ kind: 'number' }]);
      ok = false;
    } else if (!(f.value > 0)) {
      ctx.report(M.badSplit, a.span, [{ kind: 'positive', text: f.text }]);
      ok = false;
    } else fractions.push(f);
  }
  if (ok && rest.length !== s.names.length) {
    ctx.report(M.badSplit, v.span, [{ kind: 'count', names: s.names.length, fractions: rest.length }]);
    ok = false;
  }
  const sum = fractions.reduce((a, f) => a + f.value, 0);
  if (ok && Math.abs(sum - 1) > SPLIT_SUM_TOLERANCE) {
    ctx.report(M.badSplit, v.span, [{ kind: 'sum', sum, from: from!.name }]);
    ok = false;
  }
  const declared = s.names.filter((id, i) => {
    const what = `data set: a share ${fractions[i]?.text ?? '?'} of the rows of '${from?.name ?? '?'}'${s.by ? `, stratified by ${s.by.name}` : ''}`;
    return ctx.declare(id, 'set', s.span, what) !== undefined;
  });
  if (ok && source && declared.length === s.names.length) {
    facts.splits.push({
      from: from!.name,
      parts: s.names.map((id, i) => ({ name: id.name, fraction: fractions[i].value })),
      stratify: s.by !== undefined,
    });
  }
}

/** A number, or a negated one, as a fraction; undefined for anything else. */
function fractionOf(e: A.Expr): { value: number; text: string; span: A.Ident['span'] } | undefined {
  if (e.kind === 'number' && !e.missing) return { value: e.value, text: e.text, span: e.span };
  if (e.kind === 'neg' && e.operand.kind === 'number' && !e.operand.missing)
    return { value: -e.operand.value, text: `-${e.operand.text}`, span: e.span };
  return undefined;
}

/** `by` names the target, and the target has classes: a split is stratified by class. */
function checkSplitBy(ctx: CheckContext, s: A.SplitStmt, facts: DataFacts): void {
  if (!s.by || s.by.missing) return;
  if (!ctx.resolve(s.by, ['target'], 'the target')) return;
  if (facts.target?.kind === 'real') {
    ctx.report(M.badSplit, s.by.span, [{ kind: 'real', target: s.by.name }]);
    const i = facts.splits.findIndex((x) => x.parts[0]?.name === s.names[0]?.name);
    if (i >= 0) facts.splits.splice(i, 1);
  }
}

/** Derived-column arithmetic: names are columns or earlier derived columns. */
function checkColumnExpr(ctx: CheckContext, e: A.Expr): void {
  switch (e.kind) {
    case 'number':
    case 'missing':
      return;
    case 'string':
      ctx.report(M.noDataInModel, e.span, []);
      return;
    case 'name':
      ctx.resolve(e.ident, ['column', 'derived'], 'a column or a derived column');
      return;
    case 'neg':
      checkColumnExpr(ctx, e.operand);
      return;
    case 'binary': {
      const { spine, leftmost } = leftSpine(e);
      checkColumnExpr(ctx, leftmost);
      for (let i = spine.length - 1; i >= 0; i--) {
        const b = spine[i];
        if (b.op === '@') ctx.report(M.badColumnFunction, b.opSpan, [{ kind: 'matmul' }]);
        checkColumnExpr(ctx, b.right);
      }
      return;
    }
    case 'call': {
      const spec = COLUMN_FUNCTIONS[e.callee.name];
      if (!spec) {
        const sg = suggest(e.callee.name, Object.keys(COLUMN_FUNCTIONS));
        ctx.report(M.badColumnFunction, e.callee.span, [
          { kind: 'unknown', fn: e.callee.name, allowed: Object.keys(COLUMN_FUNCTIONS), suggestion: sg },
        ]);
      } else if (e.args.length !== spec.arity || e.args.some((a) => a.name)) {
        ctx.report(M.badColumnFunction, e.span, [{ kind: 'arity', fn: spec.name, arity: spec.arity }]);
      }
      for (const a of e.args) checkColumnExpr(ctx, a.value);
      return;
    }
  }
}

function checkFeatures(ctx: CheckContext, s: A.FeaturesStmt, facts: DataFacts): void {
  const columns: string[] = [];
  const seen = new Set<string>();
  const add = (name: string, span: A.Ident['span']) => {
    if (seen.has(name)) ctx.report(M.repeatedFeature, span, [name]);
    seen.add(name);
    columns.push(name);
  };
  // With an item in error the width is unknown: the matrix gets no shape, so that its uses
  // give no second, made-up shape error.
  let complete = s.items.length > 0 && !ctx.brokenWithin(s.span);
  for (const item of s.items) {
    if (item.kind === 'column') {
      if (ctx.resolve(item.name, ['column', 'derived'], 'a column or a derived column'))
        add(item.name.name, item.name.span);
      else complete = false;
      continue;
    }
    const from = ctx.resolve(item.from, ['column'], 'a column of the data files (a range runs over the columns line)');
    const to = ctx.resolve(item.to, ['column'], 'a column of the data files (a range runs over the columns line)');
    if (!from || !to || from.index === undefined || to.index === undefined) {
      complete = false;
      continue;
    }
    if (from.index > to.index) {
      ctx.report(M.reversedRange, item.span, [item.from.name, item.to.name], {
        fixes: [
          {
            title: 'Swap the ends of the range',
            edits: [{ span: item.span, newText: `${item.to.name} .. ${item.from.name}` }],
          },
        ],
      });
      complete = false;
      continue;
    }
    for (let i = from.index; i <= to.index; i++) add(facts.columns[i], item.span);
  }
  const width = columns.length;
  const sym = ctx.declare(
    s.name,
    'features',
    s.span,
    `${s.standardize ? 'standardized ' : ''}features ${columns.join(', ')}`,
    { shape: complete ? ['N', width] : undefined },
  );
  if (sym) facts.features.push({ name: s.name.name, columns, standardize: s.standardize });
}

function checkTarget(ctx: CheckContext, s: A.TargetStmt, facts: DataFacts): void {
  let column: string | undefined;
  if (s.expr.kind === 'name') {
    column = ctx.resolve(s.expr.ident, ['column', 'derived'], 'a column or a derived column')?.name;
  } else if (s.expr.kind !== 'missing') {
    ctx.report(M.targetNotColumn, s.expr.span, [
      s.expr.kind === 'number' ? 'a number' : s.expr.kind === 'string' ? 'a string' : 'an expression',
    ]);
  }
  const st = s.standardize;
  let standardizeOk = true;
  if (st) {
    const item = st.items[0];
    if (st.fn !== 'standardize') ctx.report(M.badTargetStandardize, st.fnSpan, [{ kind: 'features' }]);
    else if (st.items.length !== 1 || item.kind !== 'column') {
      ctx.report(
        M.badTargetStandardize,
        st.items.length > 1
          ? { start: st.items[1].span.start, end: st.items[st.items.length - 1].span.end }
          : (item?.span ?? st.fnSpan),
        [{ kind: 'list' }],
      );
    }
    standardizeOk = st.fn === 'standardize' && st.items.length === 1 && item.kind === 'column';
    if (!standardizeOk)
      for (const it of st.items)
        for (const id of it.kind === 'column' ? [it.name] : [it.from, it.to])
          if (it !== item || it.kind !== 'column')
            ctx.resolve(id, ['column', 'derived'], 'a column or a derived column');
  }
  let kind: TargetKind | undefined;
  const k = s.targetKind;
  if (!k.missing) {
    if (k.name === 'binary' || k.name === 'real' || k.name === 'count') {
      kind = { kind: k.name };
      if (s.classes && !s.classes.missing) ctx.report(M.badClassCount, s.classes.span, [s.classes.text, k.name]);
    } else if (k.name === 'categorical') {
      const c = s.classes;
      if (!c) ctx.report(M.badClassCount, k.span, ['no class count']);
      else if (c.missing) {
        // reported by the lexer or the parser
      } else if (!Number.isInteger(c.value) || c.value < 2) ctx.report(M.badClassCount, c.span, [c.text]);
      else kind = { kind: 'categorical', classes: c.value };
    } else {
      const sg = suggest(k.name, TARGET_KINDS);
      ctx.report(M.unknownTargetKind, k.span, [k.name, sg], {
        fixes: sg ? [{ title: `Change to '${sg}'`, edits: [{ span: k.span, newText: sg }] }] : [],
      });
    }
  }
  if (facts.target) {
    ctx.report(M.secondTarget, s.name.span, [facts.target.name], {
      related: [{ span: facts.target.span.span, message: 'the target is declared here' }],
    });
    return;
  }
  const detail = `target ${column ?? '?'}: ${kind ? (kind.kind === 'categorical' ? `categorical with ${kind.classes} classes` : kind.kind) : '?'}${st ? ', standardized (fit on the standardized scale, reported in its own units)' : ''}`;
  const width = kind?.kind === 'categorical' ? kind.classes : 1;
  const sym = ctx.declare(s.name, 'target', s.span, detail, { shape: ['N', width] });
  if (st && kind && kind.kind !== 'real' && !s.targetKind.missing) {
    ctx.report(M.badTargetStandardize, st.fnSpan, [
      {
        kind: 'noScale',
        targetKind: kind.kind,
        example: `${s.name.name} = ${column ?? 'COLUMN'} : ${s.targetKind.name}${kind.kind === 'categorical' ? `(${kind.classes})` : ''}`,
      },
    ]);
    standardizeOk = false;
  }
  if (sym && column && kind && standardizeOk)
    facts.target = { name: s.name.name, column, span: s.name, ...kind, ...(st ? { standardize: true } : {}) };
  else if (sym) facts.target = undefined;
}

function checkLeak(ctx: CheckContext, facts: DataFacts): void {
  const t = facts.target;
  if (!t) return;
  const targetStmt = ctx.symbols.get(t.name)?.statement ?? t.span.span;
  for (const f of facts.features) {
    if (!f.columns.includes(t.column)) continue;
    const stmt = ctx.symbols.get(f.name);
    ctx.report(M.targetInFeatures, stmt?.statement ?? targetStmt, [t.column], {
      related: [{ span: targetStmt, message: `'${t.column}' is the target's column here` }],
    });
    // Its width counts the target's column, which is to be removed: no shape errors from it.
    if (stmt) stmt.shape = undefined;
  }
}

function checkBalance(ctx: CheckContext, s: A.BalanceStmt, facts: DataFacts): void {
  ctx.resolve(s.set, ['set'], 'a data set');
  if (!s.method.missing && !BALANCE_METHODS.includes(s.method.name)) {
    const sg = suggest(s.method.name, BALANCE_METHODS);
    ctx.report(M.badBalance, s.method.span, [{ kind: 'unknown', method: s.method.name, suggestion: sg }]);
    return;
  }
  if (s.target) ctx.resolve(s.target, ['target'], 'the target');
  if (
    (facts.target?.kind === 'real' || facts.target?.kind === 'count') &&
    (s.method.name === 'upsample' || s.method.name === 'reweight')
  ) {
    ctx.report(M.badBalance, s.span, [{ kind: 'noClasses', target: facts.target.name, targetKind: facts.target.kind }]);
    return;
  }
  facts.balance.push({ set: s.set, method: s.method.name as 'upsample' | 'reweight' | 'none' });
}

export function sourceLabel(e: A.Expr): string {
  switch (e.kind) {
    case 'name':
      return e.ident.name;
    case 'number':
      return e.text;
    case 'call':
      return `${e.callee.name}(…)`;
    default:
      return 'this expression';
  }
}

function checkSource(ctx: CheckContext, s: A.SourceStmt, facts: DataFacts): void {
  const file = s.file.value;
  if (!facts.sets.some((set) => set.files.includes(file))) {
    ctx.report(M.badSource, s.file.span, [{ kind: 'unread', file }]);
  }
  if (facts.sources.some((x) => x.file === file)) {
    ctx.report(M.badSource, s.file.span, [{ kind: 'twice', file }]);
    return;
  }
  let url: string | undefined;
  let sha256: string | undefined;
  for (const f of s.fields) {
    if (f.key.name === 'url') {
      if (/^https?:\/\/\S+$/.test(f.value.value)) url = f.value.value;
      else ctx.report(M.badSource, f.value.span, [{ kind: 'url', url: f.value.value }]);
    } else if (f.key.name === 'sha256') {
      if (/^[0-9a-fA-F]{64}$/.test(f.value.value)) sha256 = f.value.value.toLowerCase();
      else ctx.report(M.badSource, f.value.span, [{ kind: 'sha256' }]);
    } else {
      const sg = suggest(f.key.name, ['url', 'sha256']);
      ctx.report(M.badSource, f.key.span, [{ kind: 'key', key: f.key.name, suggestion: sg }]);
    }
  }
  const missing = [
    !s.fields.some((f) => f.key.name === 'url') && 'url',
    !s.fields.some((f) => f.key.name === 'sha256') && 'sha256',
  ].filter((k): k is string => k !== false);
  // A misspelt key (sha for sha256) is reported above, and says what a source takes.
  const unknownKey = s.fields.some((f) => f.key.name !== 'url' && f.key.name !== 'sha256');
  if (missing.length && !unknownKey) ctx.report(M.badSource, s.span, [{ kind: 'lacks', file, missing }]);
  if (url && sha256) facts.sources.push({ file, url, sha256 });
}

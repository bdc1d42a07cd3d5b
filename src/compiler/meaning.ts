// What a model means, apart from how it is written: one line per fact of the lowered model (the
// data block's columns, sets, derived columns, features, target and balance; each parameter with
// its prior; each node; the likelihood), and their SHA-256. Comments, layout and formatting do not
// reach the IR, so `bnnc fmt --write` or an added comment keeps the hash; a changed prior does not.
// The infer and evaluate blocks are left out: a saved fit stays this model's posterior when the
// queries or the optimizer's settings change.
import { createHash } from 'node:crypto';
import type { IRColumnExpr, IRExpr, IRLikelihood, IRModel, IRPrior } from './ir.js';

export function meaningLines(ir: Pick<IRModel, 'data' | 'params' | 'nodes' | 'likelihood'>): string[] {
  const d = ir.data;
  const lines = [`columns ${d.columns.join(', ')}`];
  for (const s of d.sets)
    lines.push(
      `set ${s.name} = read(${s.files.map((f) => JSON.stringify(f)).join(', ')}${s.header === undefined ? '' : `, header = ${s.header}`}${s.separator === undefined ? '' : `, sep = ${JSON.stringify(s.separator)}`})`,
    );
  for (const c of d.derived) lines.push(`derived ${c.name} = ${columnText(c.expr)}`);
  for (const f of d.features)
    lines.push(`features ${f.name} = ${f.standardize ? 'standardize' : 'features'}(${f.columns.join(', ')})`);
  const t = d.target;
  lines.push(
    `target ${t.name} = ${t.standardize ? `standardize(${t.column})` : t.column} : ${t.kind === 'categorical' ? `categorical(${t.classes})` : t.kind}`,
  );
  lines.push(`training set ${d.trainSet}`);
  for (const b of d.balance) lines.push(`balance ${b.set} ${b.method}`);
  for (const p of ir.params) {
    const prior = p.noncentred
      ? `${priorText(p.prior)}, ${p.name} = ${exprText(p.noncentred.loc)} + ${exprText(p.noncentred.scale)} · z`
      : priorText(p.prior);
    lines.push(`parameter ${p.name} : [${p.shape.join(', ')}] ~ ${prior}`);
  }
  for (const n of ir.nodes) lines.push(`node ${n.name} = ${exprText(n.expr)}`);
  lines.push(`likelihood ${likelihoodText(ir.likelihood)}`);
  return lines;
}

export function meaningHash(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function priorText(p: IRPrior): string {
  const { dist, ...args } = p;
  return `${dist}(${Object.entries(args)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ')})`;
}

function likelihoodText(l: IRLikelihood): string {
  const { dist, ...args } = l;
  return `${dist}(${Object.entries(args)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : exprText(v)}`)
    .join(', ')})`;
}

const OPS = { add: '+', sub: '-', mul: '*', div: '/', matmul: '@' } as const;

/** An IR expression as fully parenthesized source-like text. */
export function exprText(e: IRExpr): string {
  switch (e.op) {
    case 'input':
    case 'param':
    case 'node':
      return e.name;
    case 'const':
      return String(e.value);
    case 'neg':
      return `(-${exprText(e.a)})`;
    case 'act':
      return `${e.fn}(${exprText(e.a)}${e.alpha === undefined ? '' : `, alpha = ${e.alpha}`})`;
    default:
      return `(${exprText(e.a)} ${OPS[e.op]} ${exprText(e.b)})`;
  }
}

function columnText(e: IRColumnExpr): string {
  switch (e.op) {
    case 'column':
      return e.name;
    case 'const':
      return String(e.value);
    case 'neg':
      return `(-${columnText(e.a)})`;
    case 'call':
      return `${e.fn}(${e.args.map(columnText).join(', ')})`;
    default:
      return `(${columnText(e.a)} ${OPS[e.op]} ${columnText(e.b)})`;
  }
}

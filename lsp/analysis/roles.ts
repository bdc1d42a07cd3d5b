// What each non-declared word of the program is, read from the AST: the model's name, the callee
// of a prior, of a likelihood or of a function, a named argument, or a contextual word such as
// `vi` or `binary`. Names of declared things are occurrences (occurrences.ts), not roles.
import type * as A from '../../src/lang/syntax/ast.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';

export type Role =
  | 'model-name'
  | 'prior'
  | 'likelihood'
  | 'model-function'
  | 'column-function'
  | 'optimizer'
  | 'argument-name'
  | 'infer-method'
  | 'infer-setting'
  /** `then refit` after a threshold rule. */
  | 'threshold-protocol'
  | 'word';

export interface RoleAt {
  role: Role;
  name: string;
  /** For an argument name: the callee it belongs to. */
  callee?: string;
  /** For an infer setting: the method of its block. */
  method?: string;
}

const index = new WeakMap<CheckedDocument, Map<number, RoleAt>>();

/** Roles by the start offset of the word. */
export function roles(doc: CheckedDocument): Map<number, RoleAt> {
  let map = index.get(doc);
  if (!map) {
    map = new Map();
    collect(doc.program, map);
    index.set(doc, map);
  }
  return map;
}

function collect(program: A.Program, out: Map<number, RoleAt>): void {
  const word = (id: A.Ident | undefined) => {
    if (id && !id.missing) out.set(id.span.start, { role: 'word', name: id.name });
  };
  const call = (c: A.CallExpr, role: Role, argRole: Role | undefined) => {
    if (!c.callee.missing) out.set(c.callee.span.start, { role, name: c.callee.name });
    for (const a of c.args) {
      if (a.name && !a.name.missing)
        out.set(a.name.span.start, { role: 'argument-name', name: a.name.name, callee: c.callee.name });
      if (argRole) expr(a.value, argRole);
    }
  };
  const expr = (e: A.Expr, fnRole: Role): void => {
    switch (e.kind) {
      case 'call':
        call(e, fnRole, fnRole);
        return;
      case 'binary':
        expr(e.left, fnRole);
        expr(e.right, fnRole);
        return;
      case 'neg':
        expr(e.operand, fnRole);
        return;
      default:
        return;
    }
  };
  const setting = (v: A.SettingValue) => {
    if (v.kind !== 'word') return;
    if (!v.args) return word(v.ident);
    call({ kind: 'call', callee: v.ident, args: v.args, span: v.span }, 'optimizer', undefined);
  };

  if (program.name && !program.name.missing)
    out.set(program.name.span.start, { role: 'model-name', name: program.name.name });
  for (const block of program.blocks) {
    switch (block.kind) {
      case 'data':
        for (const s of block.statements) {
          if (s.kind === 'derived') expr(s.expr, 'column-function');
          else if (s.kind === 'target') word(s.targetKind);
          else if (s.kind === 'balance') word(s.method);
          else if (s.kind === 'read') {
            for (const o of s.options) {
              if (!o.name.missing)
                out.set(o.name.span.start, { role: 'argument-name', name: o.name.name, callee: 'read' });
              if (o.value.kind === 'word') word(o.value.ident);
            }
          } else if (s.kind === 'source') for (const f of s.fields) word(f.key);
        }
        break;
      case 'parameters':
        for (const p of block.statements) call(p.prior, 'prior', undefined);
        break;
      case 'model':
        for (const s of block.statements) {
          if (s.kind === 'assign') expr(s.expr, 'model-function');
          else call(s.dist, 'likelihood', 'model-function');
        }
        break;
      case 'infer':
        if (!block.method.missing) out.set(block.method.span.start, { role: 'infer-method', name: block.method.name });
        for (const s of block.statements) {
          out.set(s.keywordSpan.start, { role: 'infer-setting', name: s.setting, method: block.method.name });
          setting(s.value);
        }
        break;
      case 'evaluate':
        for (const s of block.statements) {
          if (s.kind === 'draws') setting(s.value);
          else if (s.kind === 'thresholdRule') {
            word(s.rule);
            word(s.metric);
            if (s.then) {
              out.set(s.then.thenSpan.start, { role: 'threshold-protocol', name: 'then' });
              if (!s.then.protocol.missing)
                out.set(s.then.protocol.span.start, { role: 'threshold-protocol', name: s.then.protocol.name });
            }
          } else if (s.kind === 'importance') {
            word(s.method);
            word(s.by);
          }
        }
        break;
    }
  }
}

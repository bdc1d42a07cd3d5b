// Hover: for a declared name, what it is (shape, prior, columns, position) and where it is
// declared; for a column, also its range and mean in the training data when the files are
// found; for a distribution, function or reserved word, its signature and description.
import { MarkupKind, type Hover } from 'vscode-languageserver/node.js';
import type * as A from '../../src/lang/syntax/ast.js';
import {
  COLUMN_FUNCTIONS,
  INFER_METHOD_DOCS,
  INFER_METHODS,
  INFER_SETTINGS,
  LAYER_FUNCTIONS,
  LIKELIHOODS,
  MODEL_FUNCTIONS,
  OPTIMIZERS,
  PRIORS,
  type DistSpec,
  type FunctionSpec,
  type InferMethod,
} from '../../src/lang/builtins.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import type { ModelSymbol } from '../../src/lang/checking/checked-model.js';
import { KIND_WORDS } from '../../src/lang/checking/context.js';
import type { Span } from '../../src/lang/source.js';
import { KEYWORD_DOCS, PROTOCOL_DOCS } from '../analysis/keyword-docs.js';
import { occurrenceAt } from '../analysis/occurrences.js';
import { roles, type RoleAt } from '../analysis/roles.js';
import { isKeyword, tokenEnd, wordAt } from '../analysis/tokens.js';
import type { ColumnStatsResult } from '../data/column-stats.js';
import { toRange } from '../positions.js';

/** Looks up a column's statistics in the data files; absent where there is no file system to read. */
export type ColumnStatsLookup = (column: string) => ColumnStatsResult;

export function hover(doc: CheckedDocument, offset: number, stats?: ColumnStatsLookup): Hover | null {
  const occ = occurrenceAt(doc, offset);
  if (occ) return reply(doc, occ.span, symbolHover(doc, occ.symbol, stats));
  const word = wordAt(doc, offset);
  if (!word) return null;
  const span = { start: word.startOffset, end: tokenEnd(word) };
  const role = roles(doc).get(word.startOffset);
  // An infer setting is described by its block's method (`draws` of nuts is not evaluate's).
  if (role?.role === 'infer-setting') {
    const lines = settingHover(role);
    return lines ? reply(doc, span, lines) : null;
  }
  if (isKeyword(word)) {
    const text = KEYWORD_DOCS[word.image];
    return text ? reply(doc, span, [code(word.image), text]) : null;
  }
  const lines = role ? builtinHover(role) : undefined;
  return lines ? reply(doc, span, lines) : null;
}

function reply(doc: CheckedDocument, span: Span, lines: string[]): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: toRange(doc.source, span) };
}

function code(text: string): string {
  return '```bnn\n' + text + '\n```';
}

function shapeText(shape: ModelSymbol['shape']): string {
  return shape ? `[${shape.join(', ')}]` : '[?]';
}

function symbolHover(doc: CheckedDocument, sym: ModelSymbol, stats?: ColumnStatsLookup): string[] {
  const line = doc.source.position(sym.decl.start).line;
  const declared = `declared on line ${line}`;
  switch (sym.kind) {
    case 'param': {
      const prior = paramDecl(doc, sym)?.prior;
      const priorText = prior ? doc.source.slice(prior.span) : '?';
      const out = [
        code(`(parameter) ${sym.name} : ${shapeText(sym.shape)} ~ ${priorText}`),
        `Shape \`${shapeText(sym.shape)}\`, prior \`${priorText}\`; ${declared}.`,
      ];
      // A prior that uses other parameters: how it is compiled (the checker's detail says).
      const nc = sym.detail.indexOf('compiled non-centred: ');
      if (nc >= 0)
        out.push(
          `Compiled non-centred: \`${sym.detail.slice(nc + 'compiled non-centred: '.length)}\`; \`weights\` and \`prior_posterior\` report ${sym.name} itself.`,
        );
      return out;
    }
    case 'column': {
      const total = [...doc.symbols.values()].filter((s) => s.kind === 'column').length;
      const out = [
        code(`(column) ${sym.name}`),
        `Column ${(sym.index ?? 0) + 1} of ${total} in the data files; ${declared}.`,
      ];
      const found = stats?.(sym.name);
      if (found && 'missing' in found)
        out.push(
          `Data of \`${found.set}\` not found: ${found.missing.map((f) => `"${f}"`).join(', ')} (looked in the model's folder and BNN_DATA_PATH).`,
        );
      else if (found)
        out.push(
          `In \`${found.set}\` (${found.rows} rows): range ${num(found.min)} .. ${num(found.max)}, mean ${num(found.mean)}.`,
        );
      return out;
    }
    case 'features':
    case 'node':
    case 'target':
      return [
        code(`(${KIND_WORDS[sym.kind]}) ${sym.name} : ${shapeText(sym.shape)}`),
        `${capitalize(sym.detail)}; ${declared}:`,
        code(firstLine(doc.source.slice(sym.statement))),
      ];
    default:
      return [
        code(`(${KIND_WORDS[sym.kind]}) ${sym.name}`),
        `${capitalize(sym.detail)}; ${declared}:`,
        code(firstLine(doc.source.slice(sym.statement))),
      ];
  }
}

function paramDecl(doc: CheckedDocument, sym: ModelSymbol): A.ParamDecl | undefined {
  for (const b of doc.program.blocks) {
    if (b.kind !== 'parameters') continue;
    const p = b.statements.find((s) => s.name.span.start === sym.decl.start);
    if (p) return p;
  }
  return undefined;
}

function builtinHover(role: RoleAt): string[] | undefined {
  switch (role.role) {
    case 'prior':
      return distHover(PRIORS[role.name], 'prior');
    case 'likelihood':
      return distHover(LIKELIHOODS[role.name], 'likelihood');
    case 'model-function':
      if (LAYER_FUNCTIONS[role.name])
        return [code(`${role.name}(x, UNITS, ACTIVATION)`), `*layer* — ${LAYER_FUNCTIONS[role.name]}`];
      return functionHover(MODEL_FUNCTIONS[role.name], 'activation', ['z']);
    case 'column-function':
      return functionHover(COLUMN_FUNCTIONS[role.name], 'function of derived columns', ['a', 'b']);
    case 'infer-method': {
      const text = isMethod(role.name) ? INFER_METHOD_DOCS[role.name] : undefined;
      return text ? [code(`infer ${role.name}`), text] : undefined;
    }
    case 'threshold-protocol': {
      const text = PROTOCOL_DOCS[role.name];
      return text
        ? [code(role.name === 'then' ? 'then refit' : 'threshold maximize METRIC on SET then refit'), text]
        : undefined;
    }
    case 'optimizer': {
      const settings = OPTIMIZERS[role.name];
      if (!settings) return undefined;
      return [
        code(
          `${role.name}(${Object.keys(settings)
            .map((k) => `${k} = …`)
            .join(', ')})`,
        ),
        ...Object.entries(settings).map(([k, v]) => `\`${k}\`: ${v}`),
      ];
    }
    default:
      return undefined;
  }
}

function isMethod(name: string | undefined): name is InferMethod {
  return (INFER_METHODS as readonly (string | undefined)[]).includes(name);
}

/** The setting as its block's method takes it; under another method, as the method that takes it. */
function settingHover(role: RoleAt): string[] | undefined {
  const own = isMethod(role.method) ? INFER_SETTINGS[role.method][role.name] : undefined;
  if (own) return [code(role.name), `*${role.method} setting* — ${own}`];
  const owner = INFER_METHODS.find((m) => INFER_SETTINGS[m][role.name] !== undefined);
  return owner ? [code(role.name), `*${owner} setting* — ${INFER_SETTINGS[owner][role.name]}`] : undefined;
}

function distHover(spec: DistSpec | undefined, role: string): string[] | undefined {
  if (!spec) return undefined;
  const signature = spec.oneOf
    ? spec.oneOf.map((a, i) => (i === 0 ? `${spec.name}(${a})` : `${spec.name}(${a} = …)`)).join(' | ')
    : `${spec.name}(${spec.args.map((a) => a.name).join(', ')})`;
  return [code(signature), `*${role}* — ${spec.description}`];
}

function functionHover(spec: FunctionSpec | undefined, role: string, names: string[]): string[] | undefined {
  if (!spec) return undefined;
  const params = names.slice(0, spec.arity);
  const options = Object.entries(spec.options ?? {}).map(([k, v]) => `${k} = ${v}`);
  return [code(`${spec.name}(${[...params, ...options].join(', ')})`), `*${role}* — ${spec.description}`];
}

function firstLine(text: string): string {
  const line = text.split(/\r\n|\r|\n/)[0];
  return line.length > 160 ? line.slice(0, 160) + '…' : line;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

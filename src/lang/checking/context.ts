// State shared by the block checkers: the diagnostics found so far and the symbol table.
import type * as A from '../syntax/ast.js';
import { diagnostic, M, type MessageDef } from '../diagnostics/catalog.js';
import type { ExprType, ModelSymbol, Shape, SymbolKind } from './checked-model.js';
import type { Diagnostic, Fix, RelatedInfo } from '../diagnostics/diagnostic.js';
import type { Span } from '../source.js';
import { editDistance, suggest } from '../diagnostics/suggest.js';

export const KIND_WORDS: Record<SymbolKind, string> = {
  column: 'column',
  derived: 'derived column',
  set: 'data set',
  features: 'feature matrix',
  target: 'target',
  param: 'parameter',
  node: 'model node',
};

export class CheckContext {
  /** The model block's typed expressions, filled as they are checked. */
  types = new Map<A.Expr, ExprType>();
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols = new Map<string, ModelSymbol>();
  /** Names assigned further down the block being checked: a use of one is 'used before assignment'. */
  pending = new Map<string, Span>();
  /** Names used before their assignment (already reported; not 'unused' too). */
  readonly earlyUses = new Set<string>();
  /** Where syntax errors start: a construct with one inside is not what the parser made of it. */
  syntaxErrors: number[] = [];
  /** Names offered as 'did you mean' for a misspelt use (so a use; not 'unused' too). */
  readonly suggested = new Set<string>();

  report<Args extends unknown[]>(
    msg: MessageDef<Args>,
    span: Span,
    args: Args,
    extra?: { related?: RelatedInfo[]; fixes?: Fix[] },
  ): void {
    this.diagnostics.push(diagnostic(msg, span, args, extra));
  }

  /** True when a syntax error starts inside the span (the parser's recovery may have dropped a token there). */
  brokenWithin(span: Span): boolean {
    return this.syntaxErrors.some((o) => o >= span.start && o < span.end);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Declares a name; a second declaration is reported and not added. Returns the symbol, or undefined. */
  declare(
    id: A.Ident,
    kind: SymbolKind,
    statement: Span,
    detail: string,
    extra: Partial<ModelSymbol> = {},
  ): ModelSymbol | undefined {
    if (id.missing || !id.name) return undefined;
    const prev = this.symbols.get(id.name);
    if (prev) {
      this.report(M.duplicateName, id.span, [id.name, KIND_WORDS[prev.kind]], {
        related: [{ span: prev.decl, message: `'${id.name}' is first declared here` }],
      });
      return undefined;
    }
    this.pending.delete(id.name);
    const sym: ModelSymbol = Object.assign({ name: id.name, kind, decl: id.span, statement, refs: [], detail }, extra);
    this.symbols.set(id.name, sym);
    return sym;
  }

  /**
   * Resolves a use of a name to a symbol of one of the wanted kinds; reports an undefined name
   * (with a suggestion among the wanted kinds) or a name of the wrong kind.
   */
  resolve(id: A.Ident, wanted: SymbolKind[], expected: string): ModelSymbol | undefined {
    if (id.missing || !id.name) return undefined;
    const sym = this.symbols.get(id.name);
    if (!sym) {
      const later = this.pending.get(id.name);
      if (later) {
        this.earlyUses.add(id.name);
        this.report(M.usedBeforeAssignment, id.span, [id.name], {
          related: [{ span: later, message: `'${id.name}' is assigned here` }],
        });
        return undefined;
      }
      const candidates = namesOf(this.symbols.values(), wanted);
      // A suggestion that replaces every character (b for W) is no suggestion.
      const sg = suggest(id.name, candidates);
      const s = sg && editDistance(id.name, sg) < id.name.length ? sg : undefined;
      if (s) this.suggested.add(s);
      const kinds = [...new Set(wanted.map((k) => KIND_WORDS[k]))];
      const what = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}` : kinds[0];
      this.report(M.undefinedName, id.span, [id.name, what, s], {
        fixes: s ? [{ title: `Change to '${s}'`, edits: [{ span: id.span, newText: s }] }] : [],
      });
      return undefined;
    }
    sym.refs.push(id.span);
    if (!wanted.includes(sym.kind)) {
      this.report(M.wrongKindOfName, id.span, [id.name, KIND_WORDS[sym.kind], expected], {
        related: [{ span: sym.decl, message: `'${id.name}' is declared here` }],
      });
      return undefined;
    }
    return sym;
  }
}

function* namesOf(symbols: Iterable<ModelSymbol>, kinds: SymbolKind[]): Iterable<string> {
  for (const s of symbols) if (kinds.includes(s.kind)) yield s.name;
}

export function formatShape(shape: Shape | undefined): string {
  return shape ? `[${shape.join(', ')}]` : '[?]';
}

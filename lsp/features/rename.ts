// Renaming a declared name everywhere in the file (and the model's name in its header).
// Reserved words, built-ins (distributions, functions, contextual words) and anything
// undeclared cannot be renamed.
import type { Range, WorkspaceEdit } from 'vscode-languageserver/node.js';
import type { CheckedDocument } from '../../src/lang/front-end.js';
import { KIND_WORDS } from '../../src/lang/checking/context.js';
import type { Span } from '../../src/lang/source.js';
import { reservedWords } from '../../src/lang/syntax/tokens.js';
import { occurrenceAt } from '../analysis/occurrences.js';
import { roles } from '../analysis/roles.js';
import { tokenEnd, wordAt } from '../analysis/tokens.js';
import { toRange } from '../positions.js';

/** Why a rename is refused; the server answers it as an error the editor shows. */
export class RenameRefusal {
  constructor(readonly message: string) {}
}

/** What the cursor is on: the spans to rewrite, and the declared symbol if it is one. */
function target(
  doc: CheckedDocument,
  offset: number,
): { name: string; at: Span; spans: Span[]; symbol?: string } | RenameRefusal {
  const occ = occurrenceAt(doc, offset);
  if (occ && doc.source.slice(occ.symbol.decl) !== occ.symbol.name)
    return new RenameRefusal(
      `'${occ.symbol.name}' is declared by a layer (NODE = dense(…)): rename the node, and its parameters follow.`,
    );
  if (occ)
    return {
      name: occ.symbol.name,
      at: occ.span,
      spans: [occ.symbol.decl, ...occ.symbol.refs],
      symbol: occ.symbol.name,
    };
  const word = wordAt(doc, offset);
  if (!word) return new RenameRefusal('Put the cursor on a declared name to rename it.');
  if (reservedWords.includes(word.image))
    return new RenameRefusal(`'${word.image}' is a reserved word of the language and cannot be renamed.`);
  const role = roles(doc).get(word.startOffset);
  const span = { start: word.startOffset, end: tokenEnd(word) };
  if (role?.role === 'model-name') return { name: word.image, at: span, spans: [span] };
  if (role) return new RenameRefusal(`'${word.image}' is built into the language and cannot be renamed.`);
  return new RenameRefusal(`'${word.image}' is not declared in this file, so there is nothing to rename.`);
}

export function prepareRename(
  doc: CheckedDocument,
  offset: number,
): { range: Range; placeholder: string } | RenameRefusal {
  const t = target(doc, offset);
  return t instanceof RenameRefusal ? t : { range: toRange(doc.source, t.at), placeholder: t.name };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function rename(
  doc: CheckedDocument,
  uri: string,
  offset: number,
  newName: string,
): WorkspaceEdit | RenameRefusal {
  const t = target(doc, offset);
  if (t instanceof RenameRefusal) return t;
  if (!IDENTIFIER.test(newName))
    return new RenameRefusal(
      `'${newName}' is not a name: names are ASCII letters, digits and _, not starting with a digit.`,
    );
  if (reservedWords.includes(newName))
    return new RenameRefusal(`'${newName}' is a reserved word: choose another name (e.g. '${newName}_').`);
  const taken = doc.symbols.get(newName);
  if (t.symbol && taken && taken.name !== t.symbol)
    return new RenameRefusal(
      `'${newName}' is already declared as a ${KIND_WORDS[taken.kind]}: names share one namespace.`,
    );
  return { changes: { [uri]: t.spans.map((span) => ({ range: toRange(doc.source, span), newText: newName })) } };
}

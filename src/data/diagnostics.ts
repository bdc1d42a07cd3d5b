// The data-access policy (access.ts) applied to the file names of a model's read(...)
// statements, as located diagnostics (BNN1118): `bnnc check`, `run` and the language server
// report a refused file at its string in the model, before anything is read. TF-free, like the
// rest of the data path, so that the language server can use it.
import * as path from 'node:path';
import type * as A from '../lang/syntax/ast.js';
import { diagnostic, M } from '../lang/diagnostics/catalog.js';
import type { CheckedDocument } from '../lang/front-end.js';
import type { Diagnostic } from '../lang/diagnostics/diagnostic.js';
import { fileRefusal, lexicalRefusal } from './access.js';
import { dataSearchPath, findDataFile, type DataPathOptions } from './datapath.js';

/** One diagnostic for each file name of a read(...) that the policy refuses. */
export function dataAccessDiagnostics(program: A.Program, options: DataPathOptions): Diagnostic[] {
  const roots = dataSearchPath(options).map((f) => f.dir);
  const out: Diagnostic[] = [];
  for (const block of program.blocks) {
    if (block.kind !== 'data') continue;
    for (const s of block.statements) {
      if (s.kind !== 'read') continue;
      for (const f of s.files) {
        if (f.value.trim() === '') continue;
        const lexical = lexicalRefusal(f.value, roots, options.access);
        const hit = lexical === undefined ? findDataFile(f.value, options) : undefined;
        const why = lexical ?? (hit === undefined ? undefined : fileRefusal(hit, roots, options.access, f.value));
        if (why !== undefined) out.push(diagnostic(M.dataRefused, f.span, [why]));
      }
    }
  }
  return out;
}

/** `doc` with the data-access diagnostics merged in, in order; with any of them, no checked model. */
export function withDataAccess(doc: CheckedDocument, options: DataPathOptions): CheckedDocument {
  const extra = dataAccessDiagnostics(doc.program, {
    ...options,
    modelDir: options.modelDir ?? modelDirOf(doc.source.fileName),
  });
  if (extra.length === 0) return doc;
  const diagnostics = [...doc.diagnostics, ...extra].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code),
  );
  return { ...doc, diagnostics, model: undefined };
}

function modelDirOf(fileName: string): string | undefined {
  return fileName.startsWith('<') ? undefined : path.dirname(path.resolve(fileName));
}

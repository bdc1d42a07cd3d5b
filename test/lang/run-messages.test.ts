// The run-time catalog is the one place user-facing errors are worded: no error class is handed a
// sentence written where it is thrown, and the documentation lists every run-time code.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runCatalog } from '../../src/lang/diagnostics/run-messages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Errors that are bugs, not a user's mistake: the command line reports them as an internal error
 * (exit 70) with the stack, so their text is for bnnc's developers and stays where it is thrown.
 */
const INTERNAL = new Set(['Error', 'PlanShapeError', 'RangeError', 'TypeError']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Two words in a row: text that reads as a message, not a name or a separator. */
const WORDS = /[A-Za-z]{2,}[ \t]+[A-Za-z]{2,}/;

/** A string literal that reads as words: a message worded in place. */
function wording(node: ts.Node): ts.Node | undefined {
  if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && WORDS.test(node.text)) return node;
  if (
    ts.isTemplateExpression(node) &&
    WORDS.test([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('\0'))
  )
    return node;
  return ts.forEachChild(node, wording);
}

/** `new NameError(…)` with a sentence among its arguments, as file:line: Name. */
function inlineMessages(file: string): string[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text.endsWith('Error') &&
      !INTERNAL.has(node.expression.text)
    ) {
      const hit = node.arguments?.map(wording).find((n) => n !== undefined);
      if (hit)
        found.push(
          `${path.relative(root, file)}:${src.getLineAndCharacterOfPosition(hit.getStart()).line + 1}: ${node.expression.text}`,
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe('run-time messages', () => {
  it('are worded in the catalog: no user-facing error is made with a sentence written in place', () => {
    expect(sourceFiles(path.join(root, 'src')).flatMap(inlineMessages)).toEqual([]);
  });

  it('the scan finds a sentence handed to an error, and lets data and catalog calls through', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-scan-'));
    try {
      const file = path.join(dir, 'x.ts');
      fs.writeFileSync(
        file,
        [
          'throw new CompareError(`${a} is not ${b}`);',
          'throw new DataError(problems);',
          'throw new FetchError(R.fetchFailed(lines));',
          "throw new Error('a bug here');",
          "throw new X('tensorflow', R.backendFailed(w));",
        ].join('\n'),
      );
      expect(inlineMessages(file)).toEqual([`${path.relative(root, file)}:1: CompareError`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are all listed, with their titles, in docs/language.md section 11.1', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/language.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### 11.1 Run-time errors'), doc.indexOf('## 12.'));
    const rows = [...section.matchAll(/^\| (BNN\d{4}) \| (.+) \|$/gm)].map((m) => ({ code: m[1], title: m[2] }));
    expect(rows).toEqual(runCatalog);
  });
});

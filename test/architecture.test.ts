// The layers, enforced: every import of every .ts file under src/, lsp/ and bnnc.ts goes one way.
//
//   src/lang      → nothing of the others
//   src/data      → src/lang                   (finding, reading and checking data files; no TensorFlow.js)
//   src/compiler  → src/lang, src/data
//   src/runtime   → src/compiler, src/lang, src/data
//   src/cli       → src/runtime, src/compiler, src/lang, src/data
//   lsp           → src/lang, src/data only    (no TensorFlow.js, compiler, runtime or cli)
//   bnnc.ts       → anything (it composes the command line with the language server)
//
// Nothing in src/ imports lsp/ or bnnc.ts. The layers that must stay light (lang, data, lsp) may
// import only Node's built-ins and the packages listed for them below, so TensorFlow.js cannot come
// in through them. Type-only imports count: they tie the layers together all the same.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

type Layer = 'lang' | 'data' | 'compiler' | 'runtime' | 'cli' | 'lsp' | 'entry';

/** The project's layers each layer may import (itself included). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  lang: ['lang'],
  data: ['data', 'lang'],
  compiler: ['compiler', 'data', 'lang'],
  runtime: ['runtime', 'compiler', 'data', 'lang'],
  cli: ['cli', 'runtime', 'compiler', 'data', 'lang'],
  lsp: ['lsp', 'data', 'lang'],
  entry: ['cli', 'runtime', 'compiler', 'data', 'lang', 'lsp'],
};

/** Packages (beyond node:*) a light layer may import; a layer not listed may import any. */
const PACKAGES: Partial<Record<Layer, string[]>> = {
  lang: ['chevrotain'],
  data: [],
  lsp: ['chevrotain', 'vscode-languageserver', 'vscode-languageserver-textdocument'],
};

/** The layer of a path relative to the repository root; undefined: none (test/, bench/, …). */
function layerOf(rel: string): Layer | undefined {
  const p = rel.split(path.sep).join('/');
  if (/^bnnc\.[jt]s$/.test(p)) return 'entry';
  if (p.startsWith('lsp/')) return 'lsp';
  const m = /^src\/(lang|data|compiler|runtime|cli)\//.exec(p);
  return m ? (m[1] as Layer) : undefined;
}

interface Import {
  specifier: string;
  line: number;
}

/** Every module specifier a file names: import/export … from, import '…', import('…'), import('…').T. */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node))
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require')
      add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The package a bare specifier names: '@scope/name/sub' → '@scope/name', 'name/sub' → 'name'. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Each import against the direction, as "file:line: why". `files` are paths relative to the root. */
function violations(files: { file: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const from = layerOf(file);
    if (!from) continue;
    for (const { specifier, line } of importsOf(file, text)) {
      const where = `${file}:${line}: imports '${specifier}'`;
      if (specifier.startsWith('.')) {
        const target = path.relative('.', path.join(path.dirname(file), specifier));
        const to = layerOf(target);
        if (!to) out.push(`${where}, which is outside the layers (${from} may import ${MAY_IMPORT[from].join(', ')})`);
        else if (!MAY_IMPORT[from].includes(to))
          out.push(`${where}: ${from} may not import ${to} (only ${MAY_IMPORT[from].join(', ')})`);
      } else if (!specifier.startsWith('node:')) {
        const allowed = PACKAGES[from];
        const pkg = packageOf(specifier);
        if (allowed && !allowed.includes(pkg))
          out.push(
            `${where}: ${from} may import no package but ${allowed.length > 0 ? allowed.join(', ') : "Node's built-ins"}`,
          );
      }
    }
  }
  return out;
}

/** The .ts files of src/, lsp/ (not the VS Code client's folder) and bnnc.ts, relative to the root. */
function projectFiles(): string[] {
  const files = ['bnnc.ts'];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && rel !== path.join('lsp', 'vscode')) walk(rel);
      } else if (entry.name.endsWith('.ts')) files.push(rel);
    }
  };
  walk('src');
  walk('lsp');
  return files;
}

describe('architecture', () => {
  const files = projectFiles().map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf8') }));

  it('sees every layer', () => {
    const layers = new Set(files.map((f) => layerOf(f.file)));
    expect([...layers].sort()).toEqual(['cli', 'compiler', 'data', 'entry', 'lang', 'lsp', 'runtime']);
    expect(files.every((f) => layerOf(f.file) !== undefined)).toBe(true);
  });

  it('has no import against the direction lang → data → compiler → runtime → cli, lsp → lang + data', () => {
    expect(violations(files), 'offending imports (file:line)').toEqual([]);
  });

  it('reports each offending import with its file and line', () => {
    const found = violations([
      { file: 'src/lang/a.ts', text: "import { x } from '../compiler/ir.js';\nimport '../lang/ok.js';\n" },
      {
        file: 'src/data/b.ts',
        text: "import * as tf from '@tensorflow/tfjs';\nimport type { T } from '../runtime/run.js';\n",
      },
      {
        file: 'lsp/c.ts',
        text: "import { a } from '../src/data/read.js';\n\nconst m = await import('../src/runtime/run.js');\ntype R = import('../src/compiler/ir.js').IR;\n",
      },
      {
        file: 'src/cli/d.ts',
        text: "export { s } from '../../lsp/server.js';\nimport { main } from '../../bnnc.js';\nimport * as tf from '@tensorflow/tfjs';\n",
      },
      { file: 'bnnc.ts', text: "import './lsp/stdio.js';\nimport './src/cli/main.js';\n" },
    ]);
    expect(found).toEqual([
      "src/lang/a.ts:1: imports '../compiler/ir.js': lang may not import compiler (only lang)",
      "src/data/b.ts:1: imports '@tensorflow/tfjs': data may import no package but Node's built-ins",
      "src/data/b.ts:2: imports '../runtime/run.js': data may not import runtime (only data, lang)",
      "lsp/c.ts:3: imports '../src/runtime/run.js': lsp may not import runtime (only lsp, data, lang)",
      "lsp/c.ts:4: imports '../src/compiler/ir.js': lsp may not import compiler (only lsp, data, lang)",
      "src/cli/d.ts:1: imports '../../lsp/server.js': cli may not import lsp (only cli, runtime, compiler, data, lang)",
      "src/cli/d.ts:2: imports '../../bnnc.js': cli may not import entry (only cli, runtime, compiler, data, lang)",
    ]);
  });
});

// The VS Code extension's manifest and the files it points to (nothing is published).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../lsp/vscode/', import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const exists = (p: string) => fs.existsSync(path.join(dir, p));

describe('VS Code extension manifest', () => {
  it('has the fields a VS Code extension needs', () => {
    for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'engines', 'main'])
      expect(manifest[field], field).toBeTruthy();
    expect(manifest.engines.vscode).toMatch(/^\^1\.\d+\.\d+$/);
    expect(manifest.activationEvents).toContain('onLanguage:bnn');
    // `main` is the bundle that `npm run bundle` writes from the client's source, extension.js.
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.scripts.bundle).toBe('node bundle.mjs');
    expect(manifest.scripts['vscode:prepublish']).toBe('node bundle.mjs');
    expect(spawnSync(process.execPath, ['--check', path.join(dir, 'extension.js')]).status).toBe(0);
    // The client is CommonJS (VS Code loads extensions with require), so the folder is no ES module package.
    expect(manifest.type).toBeUndefined();
  });

  it('contributes the bnn language for .bnn files, with a configuration and a grammar that exist', () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: 'bnn', extensions: ['.bnn'] });
    expect(exists(language.configuration)).toBe(true);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'bnn', scopeName: 'source.bnn' });
    expect(exists(grammar.path)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, grammar.path), 'utf8')).scopeName).toBe(grammar.scopeName);
  });

  it('configures comments, brackets and auto-closing pairs for the language', () => {
    const config = JSON.parse(fs.readFileSync(path.join(dir, manifest.contributes.languages[0].configuration), 'utf8'));
    expect(config.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
    expect(config.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(['{', '[', '(', '"', '/*']);
    expect(config.folding.markers.start).toBeTruthy();
  });

  it('starts `bnnc lsp --stdio` from the bnn.server.path setting, default bnnc, through vscode-languageclient', () => {
    expect(manifest.contributes.configuration.properties['bnn.server.path']).toMatchObject({
      type: 'string',
      default: 'bnnc',
    });
    // Bundled, so a dev dependency: the package ships no node_modules.
    expect(manifest.devDependencies['vscode-languageclient']).toBeTruthy();
    expect(manifest.dependencies).toBeUndefined();
    const client = fs.readFileSync(path.join(dir, 'extension.js'), 'utf8');
    expect(client).toContain("require('vscode-languageclient/node')");
    expect(client).toContain("get('server.path')");
    expect(client).toContain("args: ['lsp']");
    expect(client).toContain('TransportKind.stdio');
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['bnn.restartServer']);
    expect(client).toContain("registerCommand('bnn.restartServer'");
  });
});

describe('VS Code extension package', () => {
  const root = path.join(dir, '../..');

  it("names its repository and its licence, MIT, with the project's LICENSE beside it", () => {
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toMatchObject({ type: 'git', directory: 'lsp/vscode' });
    expect(manifest.repository.url).toMatch(/^https:\/\//);
    const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toBe(license);
  });

  it('packs only the manifest, the bundle, the grammar, the language configuration, the README and the licence', () => {
    const lines = fs
      .readFileSync(path.join(dir, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(lines[0]).toBe('**');
    const kept = lines.slice(1).map((l) => l.replace(/^!/, ''));
    expect(lines.slice(1).every((l) => l.startsWith('!'))).toBe(true);
    const wanted = [
      manifest.main,
      manifest.contributes.grammars[0].path,
      manifest.contributes.languages[0].configuration,
      'README.md',
      'LICENSE',
    ];
    expect(kept.sort()).toEqual(wanted.map((p: string) => p.replace(/^\.\//, '')).sort());
    for (const p of kept.filter((p) => p !== 'dist/extension.js')) expect(exists(p), p).toBe(true);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain('*.vsix');
  });

  // Needs the extension's own dev dependencies (cd lsp/vscode && npm install); skipped without them.
  it.skipIf(!fs.existsSync(path.join(dir, 'node_modules/esbuild')))(
    'bundles the client into one file that needs nothing but vscode and Node',
    () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-vscode-')), 'extension.js');
      try {
        const built = spawnSync(process.execPath, ['bundle.mjs', out], { cwd: dir, encoding: 'utf8' });
        expect(built.status, built.stderr).toBe(0);
        expect(spawnSync(process.execPath, ['--check', out]).status).toBe(0);
        const required = new Set([...fs.readFileSync(out, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
        expect(required).toContain('vscode');
        expect([...required].filter((m) => m !== 'vscode' && !builtinModules.includes(m))).toEqual([]);
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    },
  );
});

// The VS Code extension's manifest and the files it points to (nothing is published).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../lsp/vscode/', import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const exists = (p: string) => fs.existsSync(path.join(dir, p));

describe('VS Code extension manifest', () => {
  it('has the fields a VS Code extension needs', () => {
    for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'engines', 'main']) expect(manifest[field], field).toBeTruthy();
    expect(manifest.engines.vscode).toMatch(/^\^1\.\d+\.\d+$/);
    expect(manifest.activationEvents).toContain('onLanguage:bnn');
    expect(exists(manifest.main)).toBe(true);
    expect(spawnSync(process.execPath, ['--check', path.join(dir, manifest.main)]).status).toBe(0);
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
    expect(manifest.contributes.configuration.properties['bnn.server.path']).toMatchObject({ type: 'string', default: 'bnnc' });
    expect(manifest.dependencies['vscode-languageclient']).toBeTruthy();
    const client = fs.readFileSync(path.join(dir, manifest.main), 'utf8');
    expect(client).toContain("require('vscode-languageclient/node')");
    expect(client).toContain("get('server.path')");
    expect(client).toContain("args: ['lsp']");
    expect(client).toContain('TransportKind.stdio');
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['bnn.restartServer']);
    expect(client).toContain("registerCommand('bnn.restartServer'");
  });
});

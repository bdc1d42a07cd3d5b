import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node.js';
import { RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

describe('diagnostics', () => {
  it('publishes none for the reference model, whose one warning is allowed on purpose', async () => {
    const { diagnostics } = await client.open(RUPTURE);
    expect(diagnostics.diagnostics).toEqual([]);
    expect(diagnostics.version).toBe(1);
  });

  it('underlines a shape mismatch at its exact range, with code, message and related information', async () => {
    const { uri, diagnostics } = await client.open(RUPTURE.replace('W0 : [8, 12]', 'W0 : [7, 12]'));
    expect(diagnostics.diagnostics).toHaveLength(1);
    const d = diagnostics.diagnostics[0];
    expect(d).toMatchObject({ code: 'BNN1201', severity: DiagnosticSeverity.Error, source: 'bnnc' });
    expect(d.message).toContain('W0 has shape [7, 12]');
    expect(client.text(uri, d.range)).toBe('@');
    expect(d.range.start.line).toBe(RUPTURE.split('\n').findIndex((l) => l.includes('h = relu(x @ W0 + b0)')));
    const related = d.relatedInformation!.map((r) => [r.location.uri, client.text(uri, r.location.range), r.message]);
    expect(related).toEqual([
      [uri, 'x', 'x is declared here as [N, 8]'],
      [uri, 'W0', 'W0 is declared here as [7, 12]'],
    ]);
  });

  it('marks an unused declaration as unnecessary', async () => {
    const { uri, diagnostics } = await client.open(
      RUPTURE.replace('  b1 : [1] ~ Normal(0, 1)\n', '  b1 : [1] ~ Normal(0, 1)\n  W2 : [1] ~ Normal(0, 1)\n'),
    );
    expect(diagnostics.diagnostics.map((d) => [d.code, client.text(uri, d.range)])).toEqual([['BNN1004', 'W2']]);
    expect(diagnostics.diagnostics[0].tags).toEqual([DiagnosticTag.Unnecessary]);
    expect(diagnostics.diagnostics[0].severity).toBe(DiagnosticSeverity.Warning);
  });

  it('underlines an unknown name', async () => {
    const { uri, diagnostics } = await client.open(RUPTURE.replace('x @ W0', 'x @ Wo'));
    const unknown = diagnostics.diagnostics.find((d) => d.code === 'BNN1001')!;
    expect(client.text(uri, unknown.range)).toBe('Wo');
    expect(unknown.message).toContain("Did you mean 'W0'?");
  });

  it('re-checks after each incremental change and tags the diagnostics with the version', async () => {
    const { uri } = await client.open(RUPTURE);
    const line = RUPTURE.split('\n').findIndex((l) => l.includes('h = relu(x @ W0 + b0)'));
    const col = RUPTURE.split('\n')[line].indexOf('b0)') + 2;
    // Delete the closing parenthesis: a syntax error at the next statement.
    const broken = await client.change(uri, [
      { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' },
    ]);
    expect(broken.version).toBe(2);
    expect(broken.diagnostics.map((d) => d.code)).toEqual(['BNN0101']);
    expect(client.text(uri, broken.diagnostics[0].range)).toBe('y');
    const fixed = await client.change(uri, [
      { range: { start: { line, character: col }, end: { line, character: col } }, text: ')' },
    ]);
    expect(fixed.version).toBe(3);
    expect(fixed.diagnostics).toEqual([]);
    expect(client.document(uri).getText()).toBe(RUPTURE);
  });

  it('clears the diagnostics of a closed document', async () => {
    const { uri } = await client.open('model m\ndata {');
    const cleared = await client.closeDocument(uri);
    expect(cleared.diagnostics).toEqual([]);
  });

  it('reports problems in an empty or nonsense file without failing', async () => {
    for (const text of ['', '}}}', '/* never closed', '"', 'model\n{ ( [ ~ @']) {
      const { diagnostics } = await client.open(text);
      expect(diagnostics.diagnostics.length).toBeGreaterThan(0);
    }
    expect(client.errors).toEqual([]);
  });
});

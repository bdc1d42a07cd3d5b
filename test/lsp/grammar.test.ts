// The TextMate grammar: the vscode-tmgrammar-test cases in test/lsp/grammar, and its word lists
// against the language's own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_INFER_SETTINGS, COLUMN_FUNCTIONS, LIKELIHOODS, MODEL_FUNCTIONS, PRIORS } from '../../src/lang/builtins.js';
import { reservedWords } from '../../src/lang/syntax/tokens.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const grammar = JSON.parse(fs.readFileSync(path.join(root, 'lsp/vscode/syntaxes/bnn.tmLanguage.json'), 'utf8'));

function runGrammarTests(pattern: string): { status: number | null; output: string } {
  const cli = path.join(root, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
  const r = spawnSync(process.execPath, [cli, '--config', 'lsp/vscode/package.json', pattern], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** The words of a rule's `\b(a|b|c)\b` pattern. */
function words(rule: { match: string }): string[] {
  return rule.match
    .match(/\\b\(([^)]*)\)/)![1]
    .split('|')
    .sort();
}

describe('TextMate grammar', () => {
  it('passes the syntax test cases', () => {
    const r = runGrammarTests('test/lsp/grammar/*.test.bnn');
    expect(r.output).toContain('blocks.test.bnn run successfuly');
    expect(r.output).toContain('literals.test.bnn run successfuly');
    expect(r.status).toBe(0);
  });

  it('fails a test case whose expected scopes are wrong', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnn-grammar-'));
    fs.writeFileSync(
      path.join(dir, 'wrong.test.bnn'),
      '// SYNTAX TEST "source.bnn" "a wrong expectation"\nmodel rupture\n// <----- string.quoted.double.bnn\n',
    );
    const r = runGrammarTests(path.join(dir, '*.test.bnn'));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('missing required scopes: string.quoted.double.bnn');
  });

  it('knows exactly the reserved words, distributions and functions of the language', () => {
    const [blocks, others] = grammar.repository.keywords.patterns;
    expect([...words(blocks), ...words(others)].sort()).toEqual([...reservedWords].sort());
    expect(words(grammar.repository.distributions)).toEqual(
      [...new Set([...Object.keys(PRIORS), ...Object.keys(LIKELIHOODS)])].sort(),
    );
    // The infer settings that are not reserved words, highlighted by place.
    const settings = (grammar.repository.settings.match as string)
      .match(/\(([a-z_|]+)\)/)![1]
      .split('|')
      .sort();
    expect(settings).toEqual(ALL_INFER_SETTINGS.filter((s) => !reservedWords.includes(s)).sort());
    expect(words(grammar.repository.activations)).toEqual(
      [...new Set([...Object.keys(MODEL_FUNCTIONS), ...Object.keys(COLUMN_FUNCTIONS)])].sort(),
    );
  });
});

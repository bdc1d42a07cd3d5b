// Broken code is never formatted: the syntax diagnostics come back instead, for the CLI to print.
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/lang/format/format.js';
import { parse } from '../../src/lang/syntax/parse.js';

const broken: Record<string, string> = {
  'a missing parenthesis': 'model m\nparameters {\n  W : [3, 1] ~ Normal(0, 1\n}\n',
  'a dangling comma': 'model m data { columns a, }',
  'an unknown block': 'model m\nlayers {\n}\n',
  'an unexpected character': 'model m\ndata {\n  # not a comment\n}\n',
  'an unterminated string': 'model m\ndata {\n  train = read("t.csv)\n}\n',
  'an unterminated block comment': 'model m\n/* never closed\ndata {}\n',
  'a malformed number': 'model m\nmodel {\n  a = 1e\n}\n',
};

describe('sources with syntax errors', () => {
  it.each(Object.entries(broken))('%s: no text, the syntax diagnostics', (_, source) => {
    const result = formatSource(source);
    expect(result.text).toBeUndefined();
    expect(result.diagnostics).toEqual(parse(source).diagnostics);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('formats a model whose errors are the checker’s, not the parser’s', () => {
    const result = formatSource('model m\nmodel {\n  y ~ Bernoulli(logit = nowhere)\n}\n');
    expect(result.text).toBe('model m\n\nmodel {\n  y ~ Bernoulli(logit = nowhere)\n}\n');
    expect(result.diagnostics).toEqual([]);
  });
});

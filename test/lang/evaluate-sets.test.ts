// Several evaluated sets (`evaluate valid, test`, several evaluate blocks) and the refit protocol
// (`threshold maximize f1 on valid then refit`), as the checker sees them: what each set's entry
// of the checked model holds, and which messages come (and which no longer do).
import { describe, expect, it } from 'vitest';
import { at, check, codes } from './helpers.js';

const HEAD = `model m
data {
  columns c1, c2, label
  train = read("train.csv")
  valid = read("valid.csv")
  test = read("test.csv")
  x = standardize(c1 .. c2)
  y = label : binary
}
parameters {
  W : [2, 1] ~ Normal(0, 1)
}
model {
  y ~ Bernoulli(logit = x @ W)
}
`;

describe('several evaluated sets', () => {
  it('two evaluate blocks: no unused set, no duplicate block, no repeated query across blocks', () => {
    const doc = check(
      HEAD + 'evaluate valid {\n  confusion\n}\nevaluate test {\n  threshold maximize f1 on valid\n  confusion\n}\n',
    );
    expect(doc.diagnostics).toEqual([]);
    expect(doc.model!.evaluate.map((e) => [e.set, e.confusion, e.threshold])).toEqual([
      ['valid', true, null],
      ['test', true, { kind: 'maximize', metric: 'f1', set: 'valid', refit: false }],
    ]);
  });

  it('a list gives each set the block’s queries, in order; the last set is the headline', () => {
    const doc = check(
      HEAD + 'evaluate valid, test {\n  draws 50\n  threshold maximize youden on valid\n  uncertainty\n}\n',
    );
    expect(doc.diagnostics).toEqual([]);
    expect(doc.model!.evaluate.map((e) => [e.set, e.draws, e.uncertainty, e.threshold])).toEqual([
      ['valid', 50, true, { kind: 'maximize', metric: 'youden', set: 'valid', refit: false }],
      ['test', 50, true, { kind: 'maximize', metric: 'youden', set: 'valid', refit: false }],
    ]);
  });

  it('a query asked twice within one block is still BNN1607', () => {
    const doc = check(HEAD + 'evaluate valid, test {\n  confusion\n  confusion\n}\n');
    expect(codes(doc)).toEqual(['BNN1607']);
  });

  it('a set evaluated twice is BNN1611, pointing at the first', () => {
    const doc = check(HEAD + 'evaluate valid, test {\n  confusion\n}\nevaluate test {\n  classification\n}\n');
    expect(codes(doc)).toEqual(['BNN1611']);
    const d = doc.diagnostics[0];
    expect(doc.source.position(d.span.start).line).toBe(19);
    expect(d.related.map((r) => [at(doc, r.span), doc.source.position(r.span.start).line])).toEqual([['test', 16]]);
  });

  it('BNN1602 only when every set of the block is the one the threshold is chosen on', () => {
    expect(codes(check(HEAD + 'evaluate valid {\n  threshold maximize f1 on valid\n}\nevaluate test {\n}\n'))).toEqual([
      'BNN1602',
    ]);
    expect(codes(check(HEAD + 'evaluate valid, test {\n  threshold maximize f1\n}\n'))).toEqual(['BNN1602']);
    expect(codes(check(HEAD + 'evaluate valid, test {\n  threshold maximize f1 on valid\n}\n'))).toEqual([]);
  });
});

describe('threshold … then refit', () => {
  it('is a threshold rule whose set is refit on', () => {
    const doc = check(HEAD + 'evaluate test {\n  threshold maximize f1 on valid then refit\n}\n');
    expect(doc.diagnostics).toEqual([]);
    expect(doc.model!.evaluate[0].threshold).toEqual({ kind: 'maximize', metric: 'f1', set: 'valid', refit: true });
  });

  it('`then` and `refit` stay free to name things', () => {
    const text = HEAD.replace('columns c1, c2, label', 'columns then, refit, label').replace(
      'standardize(c1 .. c2)',
      'standardize(then .. refit)',
    );
    const doc = check(text + 'evaluate test {\n  threshold maximize f1 on valid then refit\n}\n');
    expect(doc.diagnostics).toEqual([]);
  });

  it('needs a held-out set, and keeps it out of the evaluated sets', () => {
    expect(codes(check(HEAD + 'evaluate test, valid {\n  threshold maximize f1 then refit\n}\n'))).toEqual(['BNN1612']);
    expect(codes(check(HEAD + 'evaluate test {\n  threshold maximize f1 on train then refit\n}\n'))).toEqual([
      'BNN1004',
      'BNN1613',
    ]);
    expect(
      codes(
        check(
          HEAD + 'evaluate valid {\n  confusion\n}\nevaluate test {\n  threshold maximize f1 on valid then refit\n}\n',
        ),
      ),
    ).toEqual(['BNN1614']);
    expect(codes(check(HEAD + 'evaluate test {\n  threshold maximize f1 on valid then retif\n}\n'))).toEqual([
      'BNN1603',
    ]);
  });

  it('is the run’s one refit: another block tunes by the same rule, or not on its set', () => {
    const twice =
      'evaluate train {\n  threshold maximize f1 on valid then refit\n}\nevaluate test {\n  threshold maximize f1 on valid then refit\n}\n';
    expect(check(HEAD + twice).diagnostics).toEqual([]);
    const other = check(
      HEAD +
        'evaluate train {\n  threshold maximize f1 on valid\n}\nevaluate test {\n  threshold maximize f1 on valid then refit\n}\n',
    );
    expect(codes(other)).toEqual(['BNN1615']);
    expect(at(other, other.diagnostics[0].related[0].span)).toBe('threshold maximize f1 on valid then refit');
    // Tuned on test itself (optimistic, but not on the refit's rows) is allowed beside a refit.
    expect(
      codes(
        check(
          HEAD +
            'evaluate train {\n  threshold 0.4\n}\nevaluate test {\n  threshold maximize f1 on valid then refit\n}\n',
        ),
      ),
    ).toEqual([]);
  });
});

// The canonical layout, rule by rule, on small models.
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/lang/format/format.js';

function fmt(text: string): string {
  const result = formatSource(text);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.text).toBeDefined();
  expect(formatSource(result.text!).text).toBe(result.text); // every case is idempotent too
  return result.text!;
}

/** Formats one model block holding the given statements and returns its body lines. */
function modelBody(statements: string): string[] {
  const out = fmt(`model m\nmodel {\n${statements}\n}\n`);
  return out.split('\n').slice(3, -2);
}

describe('spacing', () => {
  it('puts single spaces around binary operators and none inside brackets', () => {
    expect(modelBody('h=relu( x@W0+b0 )*2/3-c')).toEqual(['  h = relu(x @ W0 + b0) * 2 / 3 - c']);
  });

  it('keeps unary minus tight, wherever it stands', () => {
    expect(modelBody('z = - x + - 1 * f( - 2 ) - - y * -  ( a )')).toEqual(['  z = -x + -1 * f(-2) - -y * -(a)']);
  });

  it('keeps the parentheses the user wrote', () => {
    expect(modelBody('z = ((a + b)) * (c)')).toEqual(['  z = ((a + b)) * (c)']);
  });

  it('spaces named arguments and commas', () => {
    expect(modelBody('y ~ Normal(mean=m,sigma = s)')).toEqual(['  y ~ Normal(mean = m, sigma = s)']);
  });

  it('keeps numbers and strings exactly as written', () => {
    const out = fmt('model m data { train = read( "a\\tb.csv" , sep="\\u0041" ) z = 1.50E+3*007 }');
    expect(out).toContain('train = read("a\\tb.csv", sep = "\\u0041")');
    expect(out).toContain('z = 1.50E+3 * 007');
  });

  it('lays out declarations, targets and ranges', () => {
    const out = fmt(
      'model m data{columns a,b,label x=standardize(a..b) y=label:categorical( 3 )} parameters{W0:[ 8,12 ]~Normal(0,1) s~HalfNormal(1)}',
    );
    expect(out).toBe(
      'model m\n\ndata {\n  columns a, b, label\n  x = standardize(a .. b)\n  y = label : categorical(3)\n}\n\n' +
        'parameters {\n  W0 : [8, 12] ~ Normal(0, 1)\n  s ~ HalfNormal(1)\n}\n',
    );
  });

  it('keeps the words of block headers and settings on one line', () => {
    const out = fmt(
      'model m infer\nvi\non\ntrain\n{optimizer adam ( lr=0.05 ) steps 10 batch full} evaluate\ntest{threshold -0.5 importance permutation by class weights W0 ,W1}',
    );
    expect(out).toBe(
      'model m\n\ninfer vi on train {\n  optimizer adam(lr = 0.05)\n  steps 10\n  batch full\n}\n\n' +
        'evaluate test {\n  threshold -0.5\n  importance permutation by class\n  weights W0, W1\n}\n',
    );
  });

  it('lays out several evaluated sets and evaluate blocks, and the refit protocol', () => {
    const out = fmt(
      'model m evaluate valid ,test{threshold maximize f1 on valid\nthen  refit confusion}evaluate\ntrain{draws 10}',
    );
    expect(out).toBe(
      'model m\n\nevaluate valid, test {\n  threshold maximize f1 on valid then refit\n  confusion\n}\n\n' +
        'evaluate train {\n  draws 10\n}\n',
    );
  });

  it('puts each field of a source statement on its own line', () => {
    const out = fmt('model m data { source "a.csv" url "https://x/a.csv" sha256 "00" columns a }');
    expect(out).toBe(
      'model m\n\ndata {\n  source "a.csv"\n    url "https://x/a.csv"\n    sha256 "00"\n  columns a\n}\n',
    );
  });
});

describe('lines', () => {
  it('puts the header first and one blank line between top-level blocks', () => {
    expect(fmt('model m data{columns a}\n\n\n\nparameters{}model{}')).toBe(
      'model m\n\ndata {\n  columns a\n}\n\nparameters {}\n\nmodel {}\n',
    );
  });

  it('keeps at most one blank line between statements, none after { or before }', () => {
    expect(modelBody('\n\n\na = 1\n\n\n\nb = 2\nc = 3\n\n')).toEqual(['  a = 1', '', '  b = 2', '  c = 3']);
  });

  it('ends the file with exactly one newline and no trailing whitespace', () => {
    const out = fmt('model m   \t\r\nmodel { a = 1 }   \n\n\n');
    expect(out).toBe('model m\n\nmodel {\n  a = 1\n}\n');
  });

  it('puts each infer setting on its own line, whichever method it belongs to', () => {
    expect(
      fmt('model m infer nuts { chains 2 warmup   500 draws 300 max_depth 8\ntarget_accept 0.95 thin 3 seed 7 }'),
    ).toBe(
      'model m\n\ninfer nuts {\n  chains 2\n  warmup 500\n  draws 300\n  max_depth 8\n  target_accept 0.95\n  thin 3\n  seed 7\n}\n',
    );
    expect(fmt('model m infer map{optimizer adam(lr=0.01,decay=1) steps 2000 batch full seed 0}')).toBe(
      'model m\n\ninfer map {\n  optimizer adam(lr = 0.01, decay = 1)\n  steps 2000\n  batch full\n  seed 0\n}\n',
    );
  });

  it('formats a model without a header, and an empty file', () => {
    expect(fmt('data { columns a }')).toBe('data {\n  columns a\n}\n');
    expect(fmt('')).toBe('');
    expect(fmt(' \n\t\n')).toBe('');
  });
});

describe('comments', () => {
  it('keeps trailing comments trailing, one space before them', () => {
    expect(modelBody('a = 1// one\nb = 2 /* two */   \nc = 3\t\t// three   ')).toEqual([
      '  a = 1 // one',
      '  b = 2 /* two */',
      '  c = 3 // three',
    ]);
  });

  it('keeps own-line comments on their own line, at the level of what follows', () => {
    const out = fmt(
      '// head\n\n\nmodel m\n  // before data\ndata {\n        // first\ncolumns a\n\n\n      // last\n\n}\n// tail\n',
    );
    expect(out).toBe(
      '// head\n\nmodel m\n\n// before data\ndata {\n  // first\n  columns a\n\n  // last\n}\n\n// tail\n',
    );
  });

  it('keeps a comment after { on the line of {', () => {
    expect(fmt('model m\nmodel { // the model\n a = 1 }')).toBe('model m\n\nmodel { // the model\n  a = 1\n}\n');
  });

  it('breaks a statement after a line comment inside it, and indents the rest', () => {
    expect(modelBody('h = relu(x // input\n@ W0 + b0)')).toEqual(['  h = relu(x // input', '      @ W0 + b0)']);
  });

  it('keeps block comments inside a statement inline', () => {
    expect(modelBody('h = relu(/* in */ x @ /* w */ W0 /* end */)')).toEqual([
      '  h = relu(/* in */ x @ /* w */ W0 /* end */)',
    ]);
  });

  it('keeps a block comment alone on its line alone, and its inner lines as written', () => {
    expect(modelBody('a = 1 +\n  /* one\n     two */\n  2')).toEqual([
      '  a = 1 +',
      '      /* one',
      '     two */',
      '      2',
    ]);
  });

  it('puts a statement that followed a block comment on the next line', () => {
    expect(modelBody('/* note */ a = 1 /* x */ b = 2')).toEqual(['  /* note */', '  a = 1 /* x */', '  b = 2']);
  });

  it('keeps comments in an empty block', () => {
    expect(fmt('model m\nparameters {\n\n// none yet\n\n}')).toBe('model m\n\nparameters {\n  // none yet\n}\n');
  });
});

describe('long lists of names', () => {
  const names = Array.from({ length: 31 }, (_, i) => `column_${i}`);

  it('wrap at 100 columns, one level in, before a name, and read the same after', () => {
    // Written on one 600-character line, or wrapped anyhow: the same lines come out.
    const oneLine = `model m data { columns ${names.join(', ')} x = features(column_0 .. column_9, ${names.slice(10, 29).join(', ')}) }`;
    const wrappedAnyhow = oneLine.replace(/, /g, (m, i: number) => (i % 3 === 0 ? ',\n      ' : m));
    const out = fmt(oneLine);
    expect(fmt(wrappedAnyhow)).toBe(out);
    const lines = out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    const start = lines.findIndex((l) => l.startsWith('  columns'));
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('    '));
    const columns = lines.slice(start, end);
    expect(columns.length).toBeGreaterThan(3);
    expect(columns[0].length).toBeGreaterThan(90);
    expect(columns.slice(1).every((l) => l.startsWith('    column_'))).toBe(true);
    expect(columns.join(' ').replace(/\s+/g, ' ')).toBe(`  columns ${names.join(', ')}`.replace(/\s+/g, ' '));
    // A range stays whole on its line.
    expect(out).toMatch(/column_0 \.\. column_9/);
  });

  it('leave a short list on its line', () => {
    expect(fmt('model m data { columns a,b,c }')).toContain('  columns a, b, c\n');
  });
});

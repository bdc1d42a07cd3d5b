import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefinitionRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type Location,
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { openMarked, RUPTURE, TestClient } from './helpers.js';

let client: TestClient;
beforeAll(async () => {
  client = await TestClient.start();
});
afterAll(() => client.close());

const definition = (uri: string, position: Position) =>
  client.connection.sendRequest(DefinitionRequest.type, {
    textDocument: { uri },
    position,
  }) as Promise<Location | null>;
const references = (uri: string, position: Position, includeDeclaration = true) =>
  client.connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri },
    position,
    context: { includeDeclaration },
  }) as Promise<Location[]>;
const prepare = (uri: string, position: Position) =>
  client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position }) as Promise<{
    range: Range;
    placeholder: string;
  } | null>;
const rename = (uri: string, position: Position, newName: string) =>
  client.connection.sendRequest(RenameRequest.type, {
    textDocument: { uri },
    position,
    newName,
  }) as Promise<WorkspaceEdit>;

/** The line and text of each location. */
function shown(uri: string, locations: Location[]): [number, string][] {
  return locations.map((l) => [l.range.start.line, client.text(uri, l.range)]);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

describe('go to definition', () => {
  it('jumps from a use to the declaration, for every kind of name', async () => {
    const text = RUPTURE.replace('h @ W1', 'h| @ W|1')
      .replace('x @ W0', '|x @ W0')
      .replace('balance train upsample y', 'balance tr|ain upsample |y')
      .replace('standardize(height .. dc)', 'standardize(height .. |dc)')
      .replace('evaluate test', 'evaluate |test');
    const { uri, at } = await openMarked(client, text);
    const targets = await Promise.all(at.map((p) => definition(uri, p)));
    expect(targets.map((t) => [t!.uri === uri, client.text(uri, t!.range)])).toEqual([
      [true, 'dc'],
      [true, 'train'],
      [true, 'y'],
      [true, 'x'],
      [true, 'h'],
      [true, 'W1'],
      [true, 'test'],
    ]);
    const plain = marked(text);
    expect(targets[4]!.range.start.line).toBe(lineOf(plain, '  h = relu'));
    expect(targets[0]!.range.start.line).toBe(lineOf(plain, '  columns '));
  });

  it('gives nothing on a keyword, a built-in or an undefined name', async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('y ~ Bernoulli(sigmoid(h @ W1', 'y ~ Bern|oulli(sigmoid(h @ Wx|').replace(
        '  confusion',
        '  conf|usion',
      ),
    );
    for (const p of at) expect(await definition(uri, p)).toBeNull();
  });
});

function marked(text: string): string {
  return text.replaceAll('|', '');
}

describe('find references', () => {
  it("lists a parameter's declaration and every use, in the model and in the queries", async () => {
    const { uri, at } = await openMarked(client, RUPTURE.replace('  W0 : [8, 12]', '  W|0 : [8, 12]'));
    const refs = await references(uri, at[0]);
    expect(shown(uri, refs).map(([, t]) => t)).toEqual(['W0', 'W0', 'W0', 'W0']);
    expect(refs.map((r) => r.range.start.line)).toEqual([
      lineOf(RUPTURE, '  W0 :'),
      lineOf(RUPTURE, 'h = relu'),
      lineOf(RUPTURE, 'weights W0'),
      lineOf(RUPTURE, 'prior_posterior W0'),
    ]);
    expect(await references(uri, at[0], false)).toHaveLength(3);
  });

  it('lists the uses of a derived column, and of a feature matrix', async () => {
    const text = RUPTURE.replace(
      '  x = standardize(height .. dc)',
      '  |ratio = sxy / abs(syy)\n  x = standardize(height .. dc, ratio)',
    ).replace('relu(x @', 'relu(|x @');
    const { uri, at } = await openMarked(client, text);
    const plain = marked(text);
    expect(shown(uri, await references(uri, at[0])).map(([l]) => l)).toEqual([
      lineOf(plain, 'ratio = sxy'),
      lineOf(plain, 'x = standardize'),
    ]);
    expect(shown(uri, await references(uri, at[1])).map(([l]) => l)).toEqual([
      lineOf(plain, 'x = standardize'),
      lineOf(plain, 'h = relu'),
    ]);
  });

  it('lists the uses of a column, a set and the target', async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('columns height,', 'columns |height,')
        .replace('test = read', 't|est = read')
        .replace('y = label', '|y = label'),
    );
    expect((await references(uri, at[0])).length).toBe(2);
    expect(shown(uri, await references(uri, at[1])).map(([l]) => l)).toEqual([
      lineOf(RUPTURE, 'test = read'),
      lineOf(RUPTURE, 'evaluate test'),
    ]);
    expect(shown(uri, await references(uri, at[2])).map(([l]) => l)).toEqual([
      lineOf(RUPTURE, 'y = label'),
      lineOf(RUPTURE, 'balance train'),
      lineOf(RUPTURE, 'y ~ Bernoulli'),
    ]);
  });
});

describe('rename', () => {
  function apply(uri: string, edit: WorkspaceEdit): string {
    const doc = client.document(uri);
    return TextDocument.applyEdits(doc, edit.changes![uri]);
  }

  it('renames a parameter, a node and a column everywhere, leaving a model that checks the same', async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('  W0 : [8, 12]', '  W|0 : [8, 12]')
        .replace('h @ W1', 'h| @ W1')
        .replace('(height .. dc)', '(height .. |dc)'),
    );
    const [dc, w0, h] = at;
    const p = await prepare(uri, w0);
    expect(p!.placeholder).toBe('W0');
    expect(client.text(uri, p!.range)).toBe('W0');
    const renamed = apply(uri, await rename(uri, w0, 'W_in'));
    expect(renamed).toBe(RUPTURE.replaceAll('W0', 'W_in'));
    expect(apply(uri, await rename(uri, h, 'hidden'))).toBe(
      RUPTURE.replace('  h = relu', '  hidden = relu').replace('(h @ W1', '(hidden @ W1'),
    );
    expect(apply(uri, await rename(uri, dc, 'crit_slip'))).toBe(
      RUPTURE.replace('mud, dc, label', 'mud, crit_slip, label').replace('height .. dc', 'height .. crit_slip'),
    );
    const { diagnostics } = await client.open(renamed);
    expect(diagnostics.diagnostics).toEqual([]);
  });

  it('refuses keywords, built-ins and undeclared names, with a reason', async () => {
    const { uri, at } = await openMarked(
      client,
      RUPTURE.replace('  confusion', '  conf|usion')
        .replace('~ Bernoulli(sigmoid', '~ Bernoulli(sig|moid')
        .replace('b0 : [12] ~ Normal', 'b0 : [12] ~ Nor|mal')
        .replace('guide meanfield', 'guide mean|field'),
    );
    const reasons: string[] = [];
    for (const p of at) {
      const e = await prepare(uri, p).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(ResponseError);
      reasons.push((e as ResponseError<void>).message);
    }
    expect(reasons[0]).toContain("'Normal' is built into the language");
    expect(reasons[1]).toContain("'sigmoid' is built into the language");
    expect(reasons[2]).toContain('built into the language');
    expect(reasons[3]).toContain("'confusion' is a reserved word");
  });

  it('renames the model in its header', async () => {
    const { uri, at } = await openMarked(client, RUPTURE.replace('model rupture', 'model rup|ture'));
    expect((await prepare(uri, at[0]))!.placeholder).toBe('rupture');
    expect(apply(uri, await rename(uri, at[0], 'barrier'))).toBe(RUPTURE.replace('model rupture', 'model barrier'));
  });

  it('refuses a new name that is taken, reserved or not a name', async () => {
    const { uri, at } = await openMarked(client, RUPTURE.replace('  W0 : [8, 12]', '  W|0 : [8, 12]'));
    for (const [name, reason] of [
      ['W1', "'W1' is already declared as a parameter"],
      ['x', "'x' is already declared as a feature matrix"],
      ['weights', 'reserved word'],
      ['2W', 'is not a name'],
    ]) {
      await expect(rename(uri, at[0], name)).rejects.toThrow(reason);
    }
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/runtime/atomic.js';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bnnc-atomic-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length > 0) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe.each([
  ['writeFileAtomic', (p: string, d: string | Uint8Array) => writeFileAtomic(p, d)],
  ['writeFileAtomicSync', async (p: string, d: string | Uint8Array) => writeFileAtomicSync(p, d)],
])('%s', (_name, write) => {
  it('creates missing folders, replaces an existing file and leaves no temporary file', async () => {
    const dir = tmp();
    const target = path.join(dir, 'a/b/c.json');
    await write(target, 'first');
    await write(target, Uint8Array.from([104, 105]));
    expect(fs.readFileSync(target, 'utf8')).toBe('hi');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['c.json']);
  });

  it('leaves the target and folder as they were when the rename fails', async () => {
    const dir = tmp();
    const target = path.join(dir, 'taken');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(write(target, 'data')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readdirSync(target)).toEqual(['inside']);
  });
});

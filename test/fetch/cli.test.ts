// `bnnc fetch` flags that are out of range get a usage message, not Node's range error.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bnnc = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bnnc.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('bnnc fetch flags', () => {
  it('refuses a --timeout longer than a timer can hold, and a bad --max-data-mb', () => {
    const t = bnnc('fetch', 'models/rupture.bnn', '--timeout', '1e7', '--cache-dir', '/nonexistent-bnnc-cache');
    expect(t.stderr).toContain(
      'error BNN5506: --timeout needs a number of seconds greater than 0 and at most 2147483; got "1e7".',
    );
    expect(t.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(t.status).toBe(2);
    const m = bnnc('fetch', 'models/rupture.bnn', '--max-data-mb', '-5', '--cache-dir', '/nonexistent-bnnc-cache');
    expect(m.stderr).toContain('error BNN5504: --max-data-mb needs a number of megabytes above 0');
    expect(m.status).toBe(2);
  }, 60_000);
});

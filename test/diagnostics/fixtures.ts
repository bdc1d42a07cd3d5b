// Reads the fixtures written by fixtures/make.R: '# key value' header lines, then rows of numbers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Fixture {
  values: Record<string, number>;
  /** The numeric rows, one array per row. */
  rows: number[][];
}

export function readFixture(name: string): Fixture {
  const text = fs.readFileSync(path.join(here, 'fixtures', `${name}.txt`), 'utf8');
  const values: Record<string, number> = {};
  const rows: number[][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      const [key, value] = line.slice(2).split(' ');
      if (value !== undefined && !Number.isNaN(Number(value))) values[key] = Number(value);
    } else if (line.trim()) rows.push(line.trim().split(/\s+/).map(Number));
  }
  return { values, rows };
}

/** The rows [draw][chain] as one Float64Array per chain. */
export function chainsOf(f: Fixture): Float64Array[] {
  const m = f.rows[0].length;
  return Array.from({ length: m }, (_, j) => Float64Array.from(f.rows, (r) => r[j]));
}

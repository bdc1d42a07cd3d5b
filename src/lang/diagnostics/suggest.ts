// "Did you mean …?": the closest candidate by edit distance, when it is close enough.

const rows = [new Int32Array(65), new Int32Array(65), new Int32Array(65)];

/**
 * Optimal string alignment distance: Levenshtein plus the swap of two neighbours, case-blind.
 * Past `bound` the exact distance does not matter: the result is then some number above it.
 */
export function editDistance(a: string, b: string, bound = Infinity): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return 0;
  if (Math.abs(x.length - y.length) > bound) return bound + 1;
  const m = y.length;
  if (rows[0].length <= m) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(m + 1);
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && x.charCodeAt(i - 1) === y.charCodeAt(j - 2) && x.charCodeAt(i - 2) === y.charCodeAt(j - 1))
        d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Distances never fall from one row to the next along the best path: past the bound, stop.
    if (rowMin > bound) return bound + 1;
    const free = prev2;
    prev2 = prev;
    prev = cur;
    cur = free;
  }
  return prev[m];
}

export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (!word || word.length > 64) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === word || c.length > 64) continue;
    const d = editDistance(word, c, Math.min(limit, bestD));
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

// Characters that can start no token, outside strings and comments, found in one linear pass and
// blanked out before the lexer runs: the lexer's own recovery from them is slow (it retries every
// token pattern at each such character), and a megabyte of binary junk must still check quickly.
// Blanking keeps every offset, so spans stay exact.

const allowed = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_{}()[],:=~@+-*/."')
  allowed[c.charCodeAt(0)] = 1;
for (const c of ' \t\r\n\f\v') allowed[c.charCodeAt(0)] = 1;

export interface StrayRuns {
  /** The text with each stray character replaced by a space. */
  text: string;
  runs: { start: number; end: number }[];
}

function isAllowed(code: number, ch: string): boolean {
  return code < 128 ? allowed[code] === 1 : /\s/.test(ch);
}

export function blankStrayCharacters(text: string): StrayRuns {
  const runs: StrayRuns['runs'] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */ && i + 1 < n && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else if (d === 10 || d === 13) break;
        else i++;
      }
    } else if (isAllowed(c, text[i])) {
      i++;
    } else {
      const start = i;
      while (i < n && !isAllowed(text.charCodeAt(i), text[i])) i++;
      runs.push({ start, end: i });
    }
  }
  if (runs.length === 0) return { text, runs };
  const parts: string[] = [];
  let at = 0;
  for (const r of runs) {
    parts.push(text.slice(at, r.start), ' '.repeat(r.end - r.start));
    at = r.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), runs };
}

// A short, escaped excerpt of text read from a file or a model, for messages: control
// characters are written as escapes (\n, \u0000 …) and the length is capped, so that no message
// echoes a whole value (a 4-million-character line) or puts raw bytes on a terminal.

export const EXCERPT_MAX = 40;

/** `text` quoted as JSON does it (control characters escaped), cut to about `max` characters with a trailing … */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const quoted = JSON.stringify(cut).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > max ? `${quoted.slice(0, -1)}…"` : quoted;
}

/** A short field of printable characters as it is, any other as an excerpt. */
export function field(text: string): string {
  return /^[!#-~]{1,20}$/.test(text) ? text : excerpt(text, 20);
}

/** A list of fields (see field), at most `count` of them, then how many more. */
export function excerptList(fields: readonly string[], separator = ' ', count = 12): string {
  const shown = fields.slice(0, count).map(field).join(separator);
  return fields.length > count ? `${shown}${separator}… (${fields.length - count} more)` : shown;
}

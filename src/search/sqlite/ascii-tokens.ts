/** FTS5's `ascii` tokenizer: tokens are runs of ASCII letters and digits and every non-ASCII character, ASCII capitals lowered. */
const ASCII_TOKEN = /[a-zA-Z0-9\u0080-\u{10FFFF}]+/gu;
const ASCII_CAPITALS = /[A-Z]/g;

/** The terms FTS5 indexes for a column's text (search_fts uses the `ascii` tokenizer). */
export function asciiTokens(text: string): string[] {
  if (text === '') return [];
  return text.replace(ASCII_CAPITALS, (c) => c.toLowerCase()).match(ASCII_TOKEN) ?? [];
}

import { normalizeWord } from './normalize.js';

/**
 * A key that sorts titles in Norwegian alphabetical order by plain byte comparison: letters and digits
 * only, lower case, with æ, ø, å placed after z (in that order) as the Norwegian alphabet has them.
 */
export function sortKey(title: string): string {
  const words = title.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .map((w) => normalizeWord(w).replace(/æ/g, '{').replace(/ø/g, '|').replace(/å/g, '}'))
    .join(' ')
    .slice(0, 200);
}

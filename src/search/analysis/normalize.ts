/**
 * Word normalisation for Norwegian-first search. Lower case; æ, ø and å stay letters (Swedish and
 * German ä/ö become æ/ø); every other diacritic is dropped (é → e, ü → u).
 */
const WORD = /[\p{L}\p{N}]+/gu;

/** The longest word we index or search; longer runs of letters are cut (they are never real words). */
export const MAX_WORD_LENGTH = 64;

export interface WordSpan {
  /** Normalised word. */
  readonly word: string;
  /** Offsets of the original text in the source string. */
  readonly start: number;
  readonly end: number;
}

export function normalizeWord(raw: string): string {
  const lower = raw.toLowerCase();
  // Fast path: plain ASCII letters and digits and the Norwegian letters need no work.
  if (/^[a-z0-9æøå]*$/.test(lower)) return lower.length > MAX_WORD_LENGTH ? lower.slice(0, MAX_WORD_LENGTH) : lower;
  const kept = lower
    .replace(/ä/g, 'æ')
    .replace(/ö/g, 'ø')
    .normalize('NFD')
    .replace(/a\u030a/g, 'å')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
  return kept.length > MAX_WORD_LENGTH ? kept.slice(0, MAX_WORD_LENGTH) : kept;
}

/** The words of a text with their offsets, normalised. Punctuation and symbols separate words. */
export function words(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = normalizeWord(m[0]);
    if (word !== '') out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The normalised words of a text, without offsets. */
export function wordList(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = normalizeWord(m[0]);
    if (word !== '') out.push(word);
  }
  return out;
}

/**
 * How a word is typed without the Norwegian letters: ø → o, å → a (and "aa" → "a", the old spelling),
 * æ → ae and æ → a. Returns the distinct folded forms that differ from the word (none for plain words).
 */
export function foldedForms(word: string): string[] {
  if (!/[æøå]|aa/.test(word)) return [];
  const base = word.replace(/ø/g, 'o').replace(/å/g, 'a').replace(/aa/g, 'a');
  const forms = new Set([base.replace(/æ/g, 'ae'), base.replace(/æ/g, 'a')]);
  forms.delete(word);
  return [...forms];
}

/** The canonical folded form of a word: what both an indexed word and a query word reduce to. */
export function foldWord(word: string): string {
  return word.replace(/ø/g, 'o').replace(/å/g, 'a').replace(/aa/g, 'a').replace(/æ/g, 'ae');
}

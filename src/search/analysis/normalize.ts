/**
 * Word normalisation for Norwegian-first search. Lower case; æ, ø and å stay letters (Swedish and
 * German ä/ö become æ/ø); every other diacritic is dropped (é → e, ü → u).
 */
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

const OTHER_WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const otherChars = new Map<number, boolean>();

/** Whether a UTF-16 code unit belongs to a word: letters, digits and combining marks (fast for Latin text). */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if (c < 0x250) return c >= 0xc0 ? c !== 0xd7 && c !== 0xf7 : c === 0xaa || c === 0xb5 || c === 0xba || c === 0xb2 || c === 0xb3 || c === 0xb9 || c === 0xbc || c === 0xbd || c === 0xbe;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  let known = otherChars.get(c);
  if (known === undefined) {
    known = OTHER_WORD_CHAR.test(String.fromCharCode(c));
    otherChars.set(c, known);
  }
  return known;
}

/** Calls `each(start, end)` for every run of word characters. */
function scan(text: string, each: (start: number, end: number) => void): void {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isWordChar(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      each(start, i);
      start = -1;
    }
  }
  if (start >= 0) each(start, text.length);
}

/** The words of a text with their offsets, normalised. Punctuation and symbols separate words. */
export function words(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  scan(text, (start, end) => {
    const word = normalizeWord(text.slice(start, end));
    if (word !== '') out.push({ word, start, end });
  });
  return out;
}

/** The normalised words of a text, without offsets. */
export function wordList(text: string): string[] {
  const out: string[] = [];
  scan(text, (start, end) => {
    const word = normalizeWord(text.slice(start, end));
    if (word !== '') out.push(word);
  });
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

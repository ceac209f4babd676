import { stemEnglish } from './english-stemmer.js';
import { foldedForms, wordList } from './normalize.js';
import { stemNorwegian } from './norwegian-stemmer.js';
import { STOPWORDS } from './stopwords.js';
import type { AnalysisLanguage } from './text-language.js';

/** Index terms shorter than this are not reversed for compound (suffix) matching. */
export const MIN_REVERSED_LENGTH = 7;

const cache: Record<AnalysisLanguage, Map<string, readonly string[]>> = { no: new Map(), en: new Map(), other: new Map() };
const CACHE_LIMIT = 200_000;

const isPlainAscii = (w: string): boolean => /^[a-z]+$/.test(w);

/** The stem of one normalised word in a language (numbers and mixed tokens stay as they are). */
export function stemFor(word: string, language: AnalysisLanguage): string {
  if (language === 'no') return /\d/.test(word) ? word : stemNorwegian(word);
  if (language === 'en') return isPlainAscii(word) ? stemEnglish(word) : word;
  return word;
}

/**
 * The index terms of one normalised word: its stem, and the stems of the forms it is typed as
 * without æ/ø/å ("snøskredet" → snøskred, snoskred). Stopwords give none.
 */
export function termsOfWord(word: string, language: AnalysisLanguage): readonly string[] {
  const memo = cache[language];
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  let terms: readonly string[];
  if (STOPWORDS.has(word)) terms = [];
  else {
    const set = new Set([stemFor(word, language)]);
    for (const f of foldedForms(word)) set.add(stemFor(f, language));
    terms = [...set];
  }
  if (memo.size >= CACHE_LIMIT) memo.clear();
  memo.set(word, terms);
  return terms;
}

/** Index terms of a text, in order (repeats kept: they weigh in ranking). */
export function indexTerms(text: string, language: AnalysisLanguage): string[] {
  const out: string[] = [];
  for (const w of wordList(text)) for (const t of termsOfWord(w, language)) out.push(t);
  return out;
}

export function reverse(term: string): string {
  let out = '';
  for (let i = term.length - 1; i >= 0; i--) out += term[i];
  return out;
}

/** Reversed long terms: a suffix query on them finds compound words by their last part ("kvalitet" → "luftkvalitet"). */
export function reversedTerms(terms: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of terms) if (t.length >= MIN_REVERSED_LENGTH && !/^\d+$/.test(t)) out.add(reverse(t));
  return [...out];
}

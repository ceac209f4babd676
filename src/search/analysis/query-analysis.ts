import { reverse, stemFor } from './index-terms.js';
import { foldedForms, foldWord, wordList } from './normalize.js';
import { STOPWORDS } from './stopwords.js';
import { editsOne } from './typo-candidates.js';

/** Query words beyond this many are ignored (a pasted page of text still gets an answer). */
export const MAX_QUERY_WORDS = 32;
/** Words at least this long forgive one typo. */
export const MIN_TYPO_LENGTH = 5;
/** Stems at least this long also match as the first or last part of a compound word. */
export const MIN_COMPOUND_PART = 4;

export interface QueryWord {
  /** The normalised word as typed. */
  readonly word: string;
  /** Index terms that match the word itself: its Norwegian and English stems, and (for words typed
   * without æ/ø/å) the stems of its folded forms. A word typed with æ/ø/å keeps them. */
  readonly exact: readonly string[];
  /** Stems whose one-edit neighbours are tried when no exact term is in the index (typo tolerance). */
  readonly typoKeys: readonly string[];
  /** Stem matched as the first part of a compound ("luft" → "luftkvalitet"), or null. */
  readonly prefix: string | null;
  /** Reversed stem matched as the last part of a compound ("kvalitet" → "luftkvalitet"), or null. */
  readonly suffix: string | null;
}

export interface QueryAnalysis {
  /** The words to match, stopwords left out; empty when the query has nothing to search for. */
  readonly words: readonly QueryWord[];
  /** The query's words (stopwords included), folded and joined by single spaces: compared with titles. */
  readonly phrase: string;
}

export function analyzeQuery(q: string): QueryAnalysis {
  const all = wordList(q).slice(0, MAX_QUERY_WORDS * 2);
  const phrase = all.map(foldWord).join(' ');
  const seen = new Set<string>();
  const words: QueryWord[] = [];
  for (const word of all) {
    if (STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (words.length >= MAX_QUERY_WORDS) break;
    const exact = new Set([stemFor(word, 'no'), stemFor(word, 'en')]);
    if (!/[æøå]/.test(word)) for (const f of foldedForms(word)) exact.add(stemFor(f, 'no'));
    const isNumber = /^\d+$/.test(word);
    const noStem = stemFor(word, 'no');
    const typoKeys = !isNumber && word.length >= MIN_TYPO_LENGTH ? [...new Set([noStem, stemFor(foldWord(word), 'no')])] : [];
    const compound = !isNumber && noStem.length >= MIN_COMPOUND_PART;
    words.push({ word, exact: [...exact], typoKeys, prefix: compound ? noStem : null, suffix: compound ? reverse(noStem) : null });
  }
  return { words, phrase };
}

/**
 * The index terms one typo away from a query word, when none of its exact terms is in the index
 * (a word the index knows is taken as meant). `known` tells whether a term is in the index;
 * `maybeKnown` is a cheaper test that may say yes wrongly but never no wrongly (checked first).
 */
export function typoAlternatives(word: QueryWord, known: (term: string) => boolean, maybeKnown: (term: string) => boolean = known, limit = 32): string[] {
  if (word.typoKeys.length === 0 || word.exact.some(known)) return [];
  const out = new Set<string>();
  for (const key of word.typoKeys) {
    for (const candidate of editsOne(key)) {
      if (candidate.length >= MIN_TYPO_LENGTH - 1 && maybeKnown(candidate) && known(candidate)) out.add(candidate);
      if (out.size >= limit) return [...out].sort();
    }
  }
  return [...out].sort();
}

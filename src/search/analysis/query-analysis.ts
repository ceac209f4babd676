import { reverse, stemFor } from './index-terms.js';
import { foldedForms, foldWord, wordList } from './normalize.js';
import { STOPWORDS } from './stopwords.js';
import { editsOne } from './typo-candidates.js';

/** Query words beyond this many are ignored (a pasted page of text still gets an answer). */
export const MAX_QUERY_WORDS = 32;
/** Words at least this long forgive one typo. */
export const MIN_TYPO_LENGTH = 5;
/**
 * Longer words are not corrected for typos, and a query's words are corrected only while their letters
 * add up to MAX_TYPO_QUERY_CHARS: each letter gives about 80 candidates to stem and look up, and 15 made-up
 * words of 64 letters (974 characters) took 0.6 s a search.
 */
export const MAX_TYPO_LENGTH = 30;
export const MAX_TYPO_QUERY_CHARS = 120;
/** Stems at least this long also match as the first part of a compound word ("vær" → "værvarsel"). */
export const MIN_COMPOUND_HEAD = 3;
/** Stems at least this long also match as the last part of a compound word ("kvalitet" → "luftkvalitet"). */
export const MIN_COMPOUND_PART = 4;
/** A misspelt word is also tried as the first part of a compound when its correction is at least this long. */
const MIN_TYPO_PREFIX = 5;

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
  let typoChars = 0;
  for (const word of all) {
    if (STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (words.length >= MAX_QUERY_WORDS) break;
    const exact = new Set([stemFor(word, 'no'), stemFor(word, 'en')]);
    if (!/[æøå]/.test(word)) for (const f of foldedForms(word)) exact.add(stemFor(f, 'no'));
    const isNumber = /^\d+$/.test(word);
    const noStem = stemFor(word, 'no');
    const corrected = !isNumber && word.length >= MIN_TYPO_LENGTH && word.length <= MAX_TYPO_LENGTH && typoChars + word.length <= MAX_TYPO_QUERY_CHARS;
    if (corrected) typoChars += word.length;
    const typoKeys = corrected ? [...new Set([noStem, stemFor(foldWord(word), 'no')])] : [];
    words.push({
      word,
      exact: [...exact],
      typoKeys,
      prefix: !isNumber && noStem.length >= MIN_COMPOUND_HEAD ? noStem : null,
      suffix: !isNumber && noStem.length >= MIN_COMPOUND_PART ? reverse(noStem) : null,
    });
  }
  return { words, phrase };
}

/** What one typo away means for a query word, as found in the index. */
export interface TypoAlternatives {
  /** Index terms one edit away (from the stem, or the stems of the word's one-edit neighbours). */
  readonly terms: readonly string[];
  /** When no such term exists: corrections that begin index terms (a misspelt first part of a compound). */
  readonly prefixes: readonly string[];
}

const NO_TYPOS: TypoAlternatives = { terms: [], prefixes: [] };

/** Candidate corrections of a word: one edit on its stems, and the stems of one edit on the word as typed. */
export function typoCandidates(word: QueryWord): string[] {
  const out = new Set<string>();
  for (const key of word.typoKeys) for (const c of editsOne(key)) out.add(c);
  for (const form of new Set([word.word, foldWord(word.word)])) for (const e of editsOne(form)) out.add(stemFor(e, 'no'));
  for (const e of word.exact) out.delete(e);
  return [...out].filter((c) => c.length >= MIN_TYPO_LENGTH - 1).sort();
}

/**
 * The typo-tolerant alternatives of a query word, when none of its exact terms is in the index (a
 * word the index knows is taken as meant). `known` tells whether a term is in the index, `maybeKnown`
 * is a cheaper test that may say yes wrongly but never no wrongly (checked first), and `knownPrefix`
 * whether some index term begins with a string.
 */
export function typoAlternatives(
  word: QueryWord,
  known: (term: string) => boolean,
  maybeKnown: (term: string) => boolean = known,
  knownPrefix: ((prefix: string) => boolean) | null = null,
  limit = 32,
): TypoAlternatives {
  if (word.typoKeys.length === 0 || word.exact.some(known)) return NO_TYPOS;
  // A word that begins index terms is the first part of compounds, not a typo ("fiske" → "fiskeri").
  if (knownPrefix !== null && word.prefix !== null && knownPrefix(word.prefix)) return NO_TYPOS;
  const candidates = typoCandidates(word);
  const terms = candidates.filter((c) => maybeKnown(c) && known(c)).slice(0, limit);
  if (terms.length > 0 || knownPrefix === null) return { terms, prefixes: [] };
  const prefixes = candidates.filter((c) => c.length >= MIN_TYPO_PREFIX && knownPrefix(c)).slice(0, 8);
  return { terms, prefixes };
}

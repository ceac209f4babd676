import type pg from 'pg';
import { termsOfWord } from '../analysis/index-terms.js';
import { foldWord } from '../analysis/normalize.js';
import { MIN_COMPOUND_HEAD, MIN_TYPO_LENGTH, type QueryAnalysis } from '../analysis/query-analysis.js';
import { editDistance } from '../analysis/typo-candidates.js';
import { withoutNul } from '../../postgres/text.js';

/** Typo candidates read from the lexicon per word (by trigram similarity), before the edit-distance check. */
const TYPO_CANDIDATES = 64;
/** Words beyond this many count for matching but not for field boosts (as the embedded index). */
export const MAX_SCORED_WORDS = 4;

/** One query word as PostgreSQL matches it. */
export interface PgQueryWord {
  /** The word as our analysis normalised it. */
  readonly word: string;
  /** Its lexemes in search_no and search_en (unaccented, stemmed). */
  readonly exact: readonly string[];
  /** The Norwegian lexeme, matched as the first part of a compound (`lexeme:*`), or null when short. */
  readonly prefix: string | null;
  /** Lexemes one edit away from the word, found in the lexicon, when the word itself is not there. */
  readonly typos: readonly string[];
}

/** The text part of a search: the tsqueries to match and to score with, and what the highlighter needs. */
export interface TextQuery {
  readonly words: readonly PgQueryWord[];
  /** Every word matched, each by its lexemes, its compound prefix or a typo alternative. */
  readonly full: string;
  /** Every word matched by its own lexemes (no prefix, no typo): these rank first. */
  readonly strict: string;
  /** Per scored word: its lexemes (and typos) and its compound prefix, restricted to one weight. */
  readonly weighted: readonly { readonly exact: (weight: 'A' | 'B' | 'C') => string; readonly prefix: ((weight: 'A' | 'B' | 'C') => string) | null }[];
  /** Our own analysis's terms of the typo alternatives, per word (for highlighting). */
  readonly highlightTypos: readonly (readonly string[])[];
}

/** A lexeme as a tsquery operand: quoted, with quotes doubled and backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const any = (operands: readonly string[]): string => (operands.length === 1 ? operands[0]! : `( ${operands.join(' | ')} )`);

/**
 * Turns our query analysis into PostgreSQL tsqueries. Each word is analysed by PostgreSQL's own
 * configurations (so it meets the indexed lexemes exactly); a word of at least MIN_TYPO_LENGTH
 * letters whose lexemes are not in the lexicon, and that begins no lexeme, gets the lexicon's
 * lexemes one edit away (Damerau–Levenshtein), found through pg_trgm's similarity index. Words
 * PostgreSQL drops as stopwords are left out; null when nothing is left to search for.
 */
export async function textQuery(db: pg.Pool, analysis: QueryAnalysis): Promise<TextQuery | null> {
  const typed = analysis.words.map((w) => withoutNul(w.word)).filter((w) => w !== '');
  if (typed.length === 0) return null;
  const { rows } = await db.query<{ i: string; no: string[]; en: string[] }>(
    `SELECT t.i,
       ARRAY(SELECT lexeme FROM unnest(to_tsvector('search_no', t.w))) AS no,
       ARRAY(SELECT lexeme FROM unnest(to_tsvector('search_en', t.w))) AS en
     FROM unnest($1::text[]) WITH ORDINALITY AS t (w, i) ORDER BY t.i`,
    [typed],
  );
  const analysed = rows
    .map((r, k) => ({ word: typed[k]!, no: r.no, exact: [...new Set([...r.no, ...r.en])] }))
    .filter((w) => w.exact.length > 0);
  if (analysed.length === 0) return null;

  // Which lexemes the index knows, and which words begin some lexeme: one round trip for every word.
  const lexemes = [...new Set(analysed.flatMap((w) => w.exact))];
  const heads = analysed.map((w) => w.no[0] ?? w.exact[0]!);
  const known = await db.query<{ known: string[]; heads: boolean[] }>(
    `SELECT ARRAY(SELECT term FROM search_terms WHERE term = ANY($1::text[])) AS known,
            ARRAY(SELECT EXISTS (SELECT 1 FROM search_terms WHERE term LIKE h.p ESCAPE '\\') FROM unnest($2::text[]) WITH ORDINALITY AS h (p, i) ORDER BY h.i) AS heads`,
    [lexemes, heads.map((h) => `${h.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
  );
  const knownSet = new Set(known.rows[0]!.known);
  const beginsSome = known.rows[0]!.heads;

  const words: PgQueryWord[] = [];
  const highlightTypos: string[][] = [];
  for (const [k, w] of analysed.entries()) {
    const head = heads[k]!;
    const prefix = head.length >= MIN_COMPOUND_HEAD && !/^\d+$/.test(head) ? head : null;
    let typos: string[] = [];
    const typoWorthy = w.word.length >= MIN_TYPO_LENGTH && !/^\d+$/.test(w.word);
    if (typoWorthy && !w.exact.some((l) => knownSet.has(l)) && !beginsSome[k]) typos = await typoAlternatives(db, [...new Set([head, foldWord(w.word)])]);
    words.push({ word: w.word, exact: w.exact, prefix, typos });
    highlightTypos.push([...new Set(typos.flatMap((t) => [t, ...termsOfWord(t, 'no')]))]);
  }

  const matchOf = (w: PgQueryWord): string => any([...w.exact.map(quoteLexeme), ...(w.prefix !== null ? [`${quoteLexeme(w.prefix)}:*`] : []), ...w.typos.map(quoteLexeme)]);
  const full = words.map(matchOf).join(' & ');
  const strict = words.map((w) => any(w.exact.map(quoteLexeme))).join(' & ');
  const weighted = words.slice(0, MAX_SCORED_WORDS).map((w) => ({
    exact: (weight: 'A' | 'B' | 'C') => any([...w.exact, ...w.typos].map((l) => `${quoteLexeme(l)}:${weight}`)),
    prefix: w.prefix === null ? null : (weight: 'A' | 'B' | 'C') => `${quoteLexeme(w.prefix!)}:*${weight}`,
  }));
  return { words, full, strict, weighted, highlightTypos };
}

/** Lexicon entries within one edit of any key: candidates by trigram similarity (pg_trgm's `%`), checked by edit distance. */
async function typoAlternatives(db: pg.Pool, keys: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ term: string }>(
    `SELECT DISTINCT c.term FROM unnest($1::text[]) AS k (key),
       LATERAL (SELECT term FROM search_terms WHERE term % k.key ORDER BY similarity(term, k.key) DESC LIMIT ${TYPO_CANDIDATES}) AS c`,
    [keys],
  );
  return rows
    .map((r) => r.term)
    .filter((term) => keys.some((key) => key !== term && editDistance(key, term) <= 1))
    .sort();
}

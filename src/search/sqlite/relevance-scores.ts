import type { Database, Statement } from 'better-sqlite3';
import type { QueryAnalysis } from '../analysis/query-analysis.js';
import type { FacetMemory } from './facet-memory.js';
import { ftsRowids } from './fts-rowids.js';
import type { ResolvedWord } from './match-expression.js';
import {
  EXACT_ANY, HEAD_DESCR, HEAD_KW, HEAD_TITLE, SUFFIX_REV, SUFFIX_REV_TITLE, TERM_DESCR, TERM_KW, TERM_TITLE, WORD_COLUMN_BITS, type WordColumns,
} from './word-columns.js';

/** Per-word field boosts (data.norge.no: title 10 for alternative titles, keyword 5, description 1). */
const FIELD_BOOSTS: readonly (readonly [string, number])[] = [['title', 10], ['kw', 5], ['descr', 1]];
/** A first or last part of a compound in the title, the keywords, or the description. */
const COMPOUND_TITLE_BOOST = 5;
const COMPOUND_KEYWORD_BOOST = 2.5;
const COMPOUND_OTHER_BOOST = 0.5;
/** Words beyond this many count for matching but not for field boosts. */
const MAX_SCORED_WORDS = 4;
/** Score added to documents that match every query word without typos or compound parts. */
const STRICT_BONUS = 1000;
/** Title tiers: the whole title, the title's start, a phrase in the title (data.norge.no's title boosts). */
const EXACT_TITLE = 300;
const TITLE_PREFIX = 150;
/** The title starts with the query, the last word only begun (as typed so far). */
const TITLE_PARTIAL_PREFIX = 120;
const TITLE_PHRASE = 100;

/** The text matches of a search, with their filter pass bits, to be scored. */
export interface ScoredCandidates {
  readonly analysis: QueryAnalysis;
  readonly resolved: readonly ResolvedWord[];
  /** Text matches in ascending rowid order. */
  readonly rowids: readonly number[];
  readonly masks: Int32Array;
  /** The mask of a document that passes every filter. */
  readonly all: number;
  /**
   * Rowids that match the strict expression (no typos, no compound parts); null when it equals the full
   * one; 'field-rows' when the field boosts' rows tell (see `strictFromFieldRows`).
   */
  readonly strict: readonly number[] | null | 'field-rows';
  /** A query of one word: where it occurs in each document (word-columns.ts), read instead of the field expressions. */
  readonly columns?: WordColumns;
}

/**
 * Whether the strict matches can be read from the rows the field boosts read anyway, instead of one
 * more query over every document with the words: when every word is scored and has no typo
 * alternatives, its field terms are its exact terms, and a document matches the strict expression when
 * each word has a row in the title, keywords, description or the extra text (read for this).
 */
export function strictFromFieldRows(resolved: readonly ResolvedWord[]): boolean {
  return resolved.length <= MAX_SCORED_WORDS && resolved.every((w) => w.typos.length === 0);
}

/**
 * Relevance of the documents that pass every filter, from boosts as data.norge.no scores:
 * every word matched without typos or compound parts (the strict bonus), the whole title, the
 * title's start, the query as a phrase in the title, then per word a match in the title (10), the
 * keywords (5) and the description (1); shorter titles first among equals. Others score 0.
 */
export function relevanceScores(db: Database, memory: FacetMemory, candidates: ScoredCandidates): Float64Array {
  const { analysis, resolved, rowids, masks, all, strict } = candidates;
  const scores = new Float64Array(rowids.length);
  const passing: number[] = [];
  for (let i = 0; i < rowids.length; i++) if (masks[i] === all) passing.push(i);
  if (passing.length === 0) return scores;
  if (candidates.columns !== undefined) {
    // The strict bonus and field boosts by the bits of where the word occurs (fewer than 2048 combinations).
    const fieldBoosts = oneWordBoosts(resolved[0]!);
    const byBits = new Float64Array(WORD_COLUMN_BITS);
    for (let b = 0; b < byBits.length; b++) byBits[b] = ((b & EXACT_ANY) !== 0 ? STRICT_BONUS : 0) + fieldBoosts(b);
    const withTitle = titleScorer(analysis.phrase);
    const { bits, titles: kept } = candidates.columns;
    let codes = kept?.get(analysis.phrase);
    if (kept !== undefined && codes === undefined) {
      // A word kept in memory: the title of every document it matches is coded once for this phrase, and kept.
      const code = titleCoder(analysis.phrase);
      codes = new Uint16Array(bits.length);
      for (const rowid of candidates.columns.rowids) codes[rowid] = code(memory.titleOf(rowid));
      kept.keep(analysis.phrase, code, codes);
    }
    if (codes !== undefined) {
      for (const i of passing) {
        const rowid = rowids[i]!;
        scores[i] = withTitleCode(byBits[bits[rowid]!]!, codes[rowid]!);
      }
      return scores;
    }
    for (const i of passing) {
      const rowid = rowids[i]!;
      scores[i] = withTitle(byBits[rowid < bits.length ? bits[rowid]! : 0]!, memory.titleOf(rowid));
    }
    return scores;
  }
  // By rowid (typed arrays, not maps: a common word brings tens of thousands of rows into each).
  const span = Math.max(memory.length.length, rowids[rowids.length - 1]! + 1);
  const fieldBoost = new Float64Array(span);
  const words = resolved.slice(0, MAX_SCORED_WORDS);
  const add = (expression: string, boost: number, rows: readonly number[] = ftsRowids(db, expression)): void => {
    const share = boost / words.length;
    for (const rowid of rows) if (rowid < span) fieldBoost[rowid]! += share;
  };
  // Strict matches by rowid: 1 for the rows of the strict query, or a bit per word that has an exact term (field-rows).
  let isStrict: Uint8Array | null = null;
  let strictMark = 1;
  if (strict === 'field-rows') {
    isStrict = new Uint8Array(span);
    strictMark = (1 << words.length) - 1;
  } else if (strict !== null) {
    isStrict = new Uint8Array(span);
    for (const rowid of strict) if (rowid < span) isStrict[rowid] = 1;
  }
  const markWord = (rows: readonly number[], bit: number): void => {
    for (const rowid of rows) if (rowid < span) isStrict![rowid]! |= bit;
  };
  const addTerms = termBoosts(db, rowids, passing);
  for (let wi = 0; wi < words.length; wi++) {
    const w = words[wi]!;
    const terms = [...w.exact, ...w.typos].map((t) => `"${t}"`);
    for (const [column, boost] of FIELD_BOOSTS) {
      const expression = `{${column}} : (${terms.join(' OR ')})`;
      const rows = addTerms(expression);
      add(expression, boost, rows);
      if (strict === 'field-rows') markWord(rows, 1 << wi);
    }
    if (strict === 'field-rows') markWord(addTerms(`{extra} : (${terms.join(' OR ')})`), 1 << wi);
    // A compound (first or last part) counts half a match of its field.
    const heads = [...(w.prefix === null ? [] : [`"${w.prefix}" *`]), ...w.typoPrefixes.map((p) => `"${p}" *`)];
    const titleParts = [...heads.map((h) => `{title} : ${h}`), ...(w.suffix === null ? [] : [`{rev_title} : "${w.suffix}" *`])];
    if (titleParts.length > 0) add(`(${titleParts.join(' OR ')}) NOT {title} : (${terms.join(' OR ')})`, COMPOUND_TITLE_BOOST);
    if (heads.length > 0) add(`{kw} : (${heads.join(' OR ')}) NOT {kw} : (${terms.join(' OR ')})`, COMPOUND_KEYWORD_BOOST);
    if (w.suffix !== null || heads.length > 0) {
      const other = [...heads.map((h) => `{descr} : ${h}`), ...(w.suffix === null ? [] : [`{rev} : "${w.suffix}" *`])];
      add(`(${other.join(' OR ')}) NOT {kw descr} : (${terms.join(' OR ')})`, COMPOUND_OTHER_BOOST);
    }
  }
  const withTitle = titleScorer(analysis.phrase);
  for (const i of passing) {
    const rowid = rowids[i]!;
    scores[i] = withTitle((isStrict === null || isStrict[rowid] === strictMark ? STRICT_BONUS : 0) + fieldBoost[rowid]!, memory.titleOf(rowid));
  }
  return scores;
}

/** The title tiers by code (0: none): the whole title, its start, its start with the last word begun, a phrase in it. */
const TITLE_TIERS = [0, EXACT_TITLE, TITLE_PREFIX, TITLE_PARTIAL_PREFIX, TITLE_PHRASE] as const;
/** A title's code holds its length (up to 500, the low 9 bits) and its tier (above them). */
const LENGTH_BITS = 9;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;

/**
 * A title's part of a score as one small number (a Uint16Array holds it, word-columns-cache.ts): its
 * length up to 500 and which tier it reaches for the phrase. Titles are the normalised ones (`| … | … |`).
 */
function titleCoder(phrase: string): (title: string) => number {
  const exact = `| ${phrase} |`;
  const begins = `| ${phrase} `;
  const beginsPartly = `| ${phrase}`;
  const inside = ` ${phrase} `;
  return (title) => {
    const length = Math.min(title.length, 500);
    // Each tier's text holds the phrase: most titles do not, one look tells.
    // (indexOf: about three times faster than includes on these titles in V8, measured.)
    if (phrase === '' || title.indexOf(phrase) < 0) return length;
    // `beginsPartly` begins `exact` and `begins`.
    if (title.indexOf(beginsPartly) >= 0) {
      if (title.indexOf(exact) >= 0) return (1 << LENGTH_BITS) | length;
      if (title.indexOf(begins) >= 0) return (2 << LENGTH_BITS) | length;
      return (3 << LENGTH_BITS) | length;
    }
    return title.indexOf(inside) >= 0 ? (4 << LENGTH_BITS) | length : length;
  };
}

/** Adds a title's part (its code) to a score: shorter titles first among equals, then the tier. */
const withTitleCode = (score: number, code: number): number => score - (code & LENGTH_MASK) / 1000 + TITLE_TIERS[code >> LENGTH_BITS]!;

/** Adds the title's part to scores: shorter titles first among equals, then the whole title, its start or a phrase in it (the tiers). */
function titleScorer(phrase: string): (score: number, title: string) => number {
  const code = titleCoder(phrase);
  return (score, title) => withTitleCode(score, code(title));
}

/**
 * The field boosts of a one-word query from where the word occurs (word-columns.ts), as the field
 * expressions of `relevanceScores` give them: its terms in the title, keywords and description; a
 * compound in the title (head or suffix) without the term there; in the keywords (head) without the
 * term there; in the description (head) or the reversed keyword and description terms (suffix) without
 * the term in the keywords or description.
 */
function oneWordBoosts(word: ResolvedWord): (b: number) => number {
  const heads = word.prefix !== null || word.typoPrefixes.length > 0;
  const suffix = word.suffix !== null;
  const [title, kw, descr] = FIELD_BOOSTS.map(([, boost]) => boost) as [number, number, number];
  return (b) => {
    let s = 0;
    if ((b & TERM_TITLE) !== 0) s += title;
    if ((b & TERM_KW) !== 0) s += kw;
    if ((b & TERM_DESCR) !== 0) s += descr;
    if ((heads || suffix) && (b & (HEAD_TITLE | SUFFIX_REV_TITLE)) !== 0 && (b & TERM_TITLE) === 0) s += COMPOUND_TITLE_BOOST;
    if (heads && (b & HEAD_KW) !== 0 && (b & TERM_KW) === 0) s += COMPOUND_KEYWORD_BOOST;
    if ((heads || suffix) && (b & (HEAD_DESCR | SUFFIX_REV)) !== 0 && (b & (TERM_KW | TERM_DESCR)) === 0) s += COMPOUND_OTHER_BOOST;
    return s;
  };
}

/**
 * A seek to one document in a term's doclist costs about as much as reading this many of its rows
 * into the scores (FTS5 with `rowid IN (…)`, measured: about 40 µs a seek, 0.5 µs a row).
 */
const ROWS_PER_SEEK = 40;

/**
 * The rows a term expression (terms in columns, no prefix) matches, as far as scoring needs them: only
 * the scored documents (`passing`, indexes into `rowids`) count. A word in most documents (the
 * "frarådd" of "frarådd 12345") would otherwise bring every one of them into the scores. So the
 * expression is read up to `ROWS_PER_SEEK` rows per scored document; when there are more, only the
 * scored documents are looked up in it. Both give the same boosts to every scored document.
 */
function termBoosts(db: Database, rowids: readonly number[], passing: readonly number[]): (expression: string) => readonly number[] {
  const limit = passing.length * ROWS_PER_SEEK;
  let scored: Statement | undefined;
  return (expression) => {
    const rows = ftsRowids(db, expression, limit);
    if (rows.length < limit) return rows;
    // Rowids are integers SQLite gave us; written into the statement (a bound JS number is a REAL, which FTS5's rowid lookup ignores).
    scored ??= db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid IN (${passing.map((i) => String(rowids[i]!)).join(',')})`).pluck();
    return scored.all(expression) as number[];
  };
}

import type { Database } from 'better-sqlite3';
import { asciiTokens } from './ascii-tokens.js';
import type { IndexRow } from './index-row.js';
import type { ResolvedWord } from './match-expression.js';
import type { TermPostings } from './term-postings.js';
import {
  EXACT_ANY, HEAD_DESCR, HEAD_EXTRA, HEAD_KW, HEAD_TITLE, SUFFIX_REV, SUFFIX_REV_TITLE, TERM_DESCR, TERM_EXTRA, TERM_KW, TERM_TITLE, wordColumns,
  type KeptTitles, type TitleCode, type WordColumns,
} from './word-columns.js';

/** Words that match fewer documents are read again each time: reading them costs less than a millisecond. */
export const MIN_CACHED_MATCHES = 1000;
/** Bytes kept at most: bits and the last phrase's title codes (two bytes each per document and word): about 60 common words at 200 000 documents. */
const BUDGET_BYTES = 32 * 1024 * 1024;

/** The text columns of a row with the bits of a word's own term and of a compound head found there. */
const TEXT_COLUMNS: readonly (readonly [column: 'title' | 'kw' | 'descr' | 'extra', term: number, head: number])[] = [
  ['title', TERM_TITLE, HEAD_TITLE],
  ['kw', TERM_KW, HEAD_KW],
  ['descr', TERM_DESCR, HEAD_DESCR],
  ['extra', TERM_EXTRA, HEAD_EXTRA],
];

/** The tokens of a written row's columns, split once for every cached word. */
interface RowTokens {
  readonly text: readonly (readonly string[])[];
  readonly revTitle: readonly string[];
  readonly rev: readonly string[];
}

interface Entry {
  readonly own: ReadonlySet<string>;
  readonly exact: ReadonlySet<string>;
  readonly heads: readonly string[];
  readonly suffix: string | null;
  bits: Uint16Array;
  /** The matching rowids, ascending; null after a write changed the bits (rebuilt from them when asked). */
  rowids: number[] | null;
  /** The title codes of the matching documents for the last query phrase scored, by rowid. */
  scored: { readonly phrase: string; readonly code: TitleCode; byRowid: Uint16Array } | null;
  readonly titles: KeptTitles;
}

/** The cache key of a resolved word: every form that decides where it matches. */
function keyOf(word: ResolvedWord): string {
  const sorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort();
  return JSON.stringify([sorted(word.exact), sorted(word.typos), sorted(word.typoPrefixes), word.prefix, word.suffix]);
}

/**
 * Where the common one-word queries occur (`wordColumns`), kept in memory and brought up to date by
 * this connection's writes: a word in 90 000 of 200 000 documents costs about 45 ms of reading out
 * of SQLite each time, its bits in memory nothing. A written document's bits for every kept word are
 * computed from the row it wrote (the same rule the vocabulary ranges follow: an own term, else a term
 * that begins with a compound head, in the text columns; a reversed term that begins with the suffix
 * in the reversed columns), a removed document's cleared. Anything this connection cannot follow
 * document by document empties it: other connections' writes, a clear, a failed write, a bulk load.
 *
 * Only words with at least MIN_CACHED_MATCHES documents (or as constructed) are kept, the least recently used dropped
 * beyond BUDGET_BYTES.
 */
export class WordColumnsCache {
  readonly #entries = new Map<string, Entry>();
  readonly #minMatches: number;
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  readonly #postings: TermPostings | undefined;

  constructor(minMatches = MIN_CACHED_MATCHES, postings?: TermPostings) {
    this.#minMatches = minMatches;
    this.#postings = postings;
  }

  /** Words kept, and one-word reads served from memory (hits) and from SQLite (misses) since the index opened. */
  stats(): { words: number; hits: number; misses: number } {
    return { words: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }

  /** The word's columns from memory, or read by `wordColumns` (and kept when the word is common). */
  columns(db: Database, word: ResolvedWord, span: number): WordColumns | null {
    const key = keyOf(word);
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#hits++;
      // Most recently used last.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      entry.rowids ??= rowidsOf(entry.bits);
      return { bits: entry.bits, rowids: entry.rowids, titles: entry.titles };
    }
    this.#misses++;
    const read = wordColumns(db, word, span, this.#postings);
    if (read === null || read.rowids.length < this.#minMatches) return read;
    const own = new Set([...word.exact, ...word.typos]);
    const heads = [...new Set([...(word.prefix === null ? [] : [word.prefix]), ...word.typoPrefixes])];
    const kept: Entry = {
      own, exact: new Set(word.exact), heads, suffix: word.suffix, bits: read.bits, rowids: read.rowids, scored: null,
      titles: {
        get: (phrase) => (kept.scored?.phrase === phrase ? kept.scored.byRowid : undefined),
        keep: (phrase, code, byRowid) => {
          this.#bytes += byRowid.byteLength - (kept.scored?.byRowid.byteLength ?? 0);
          kept.scored = { phrase, code, byRowid };
          this.#trim(kept);
        },
      },
    };
    this.#entries.set(key, kept);
    this.#bytes += read.bits.byteLength;
    this.#trim(kept);
    return { bits: read.bits, rowids: read.rowids, titles: kept.titles };
  }

  /** Drops the least recently used words other than `keep` while over the budget. */
  #trim(keep: Entry): void {
    for (const [k, e] of this.#entries) {
      if (this.#bytes <= BUDGET_BYTES) break;
      if (e === keep) continue;
      this.#entries.delete(k);
      this.#bytes -= bytesOf(e);
    }
  }

  /** A document this connection wrote (inserted or replaced): its bits for every kept word, from its row. */
  written(rowid: number, row: IndexRow): void {
    if (this.#entries.size === 0) return;
    const tokens: RowTokens = {
      text: TEXT_COLUMNS.map(([column]) => asciiTokens(row[column])),
      revTitle: asciiTokens(row.revTitle),
      rev: asciiTokens(row.rev),
    };
    for (const entry of this.#entries.values()) {
      const b = bitsOfRow(entry, tokens);
      if (rowid >= entry.bits.length) {
        if (b === 0) continue;
        const grown = new Uint16Array(Math.max(rowid + 1, entry.bits.length * 2));
        grown.set(entry.bits);
        this.#bytes += grown.byteLength - entry.bits.byteLength;
        entry.bits = grown;
      }
      if (entry.bits[rowid] !== b) {
        entry.bits[rowid] = b;
        entry.rowids = null;
      }
      const scored = entry.scored;
      if (scored !== null && b !== 0) {
        if (rowid >= scored.byRowid.length) {
          const grown = new Uint16Array(Math.max(rowid + 1, entry.bits.length));
          grown.set(scored.byRowid);
          this.#bytes += grown.byteLength - scored.byRowid.byteLength;
          scored.byRowid = grown;
        }
        scored.byRowid[rowid] = scored.code(row.titleNorm);
      }
    }
  }

  /** A document this connection removed. */
  removed(rowid: number): void {
    for (const entry of this.#entries.values()) {
      if (rowid < entry.bits.length && entry.bits[rowid] !== 0) {
        entry.bits[rowid] = 0;
        entry.rowids = null;
      }
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

const bytesOf = (e: Entry): number => e.bits.byteLength + (e.scored?.byRowid.byteLength ?? 0);

function rowidsOf(bits: Uint16Array): number[] {
  const out: number[] = [];
  for (let doc = 0; doc < bits.length; doc++) if (bits[doc] !== 0) out.push(doc);
  return out;
}

/** A row's bits for one word, as `wordColumns` reads them from the vocabulary. */
function bitsOfRow(entry: Entry, tokens: RowTokens): number {
  let b = 0;
  for (let c = 0; c < TEXT_COLUMNS.length; c++) {
    const [, term, head] = TEXT_COLUMNS[c]!;
    for (const t of tokens.text[c]!) {
      if (entry.own.has(t)) {
        b |= term;
        if (entry.exact.has(t)) b |= EXACT_ANY;
      } else if (entry.heads.length > 0 && (b & head) === 0) {
        for (const h of entry.heads) {
          if (t.startsWith(h)) {
            b |= head;
            break;
          }
        }
      }
    }
  }
  const suffix = entry.suffix;
  if (suffix !== null) {
    if (tokens.revTitle.some((t) => t.startsWith(suffix))) b |= SUFFIX_REV_TITLE;
    if (tokens.rev.some((t) => t.startsWith(suffix))) b |= SUFFIX_REV;
  }
  return b;
}

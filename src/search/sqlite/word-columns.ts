import type { Database, Statement } from 'better-sqlite3';
import { FTS_COLUMNS } from './index-row.js';
import type { ResolvedWord } from './match-expression.js';
import type { TermPostings } from './term-postings.js';
import { byCodePoint, successor } from './term-order.js';

/**
 * Bits of a document in `WordColumns.bits`: in which columns the word's own terms (exact or typo
 * corrections), its exact terms only, its compound heads (other terms that begin with the prefix or a
 * misspelt prefix) and its compound suffix (reversed terms that begin with the reversed stem) occur.
 */
export const TERM_TITLE = 1;
export const TERM_KW = 2;
export const TERM_DESCR = 4;
export const TERM_EXTRA = 8;
/** An exact term (no typo) in the title, keywords, description or extra text: the strict match. */
export const EXACT_ANY = 16;
export const HEAD_TITLE = 32;
export const HEAD_KW = 64;
export const HEAD_DESCR = 128;
export const HEAD_EXTRA = 256;
export const SUFFIX_REV_TITLE = 512;
export const SUFFIX_REV = 1024;
/** Every combination of the bits above is below this. */
export const WORD_COLUMN_BITS = 2048;

/** The FTS5 columns as the vocabulary names them → the bits of a term, a head and a suffix found there. */
const COLUMN_BITS: readonly (readonly [column: string, term: number, head: number, suffix: number])[] = [
  ['title', TERM_TITLE, HEAD_TITLE, 0],
  ['kw', TERM_KW, HEAD_KW, 0],
  ['descr', TERM_DESCR, HEAD_DESCR, 0],
  ['extra', TERM_EXTRA, HEAD_EXTRA, 0],
  ['rev_title', 0, 0, SUFFIX_REV_TITLE],
  ['rev', 0, 0, SUFFIX_REV],
];
/**
 * A vocabulary row is read as `doc * 2048 + length(col) * 128 + unicode(col)` (the column's length is at most
 * 9, its first letter below 128; one number per row, cheaper than the column's name). By the low 11 bits:
 * the bits of a term, an exact term, a head and a suffix in that column.
 */
const CODE = 2048;
const codeOf = (column: string): number => column.length * 128 + column.charCodeAt(0);
const tableOf = (pick: (bits: readonly [string, number, number, number]) => number): Uint16Array => {
  const table = new Uint16Array(CODE);
  for (const entry of COLUMN_BITS) table[codeOf(entry[0])] = pick(entry);
  return table;
};
const TERM_BITS = tableOf(([, term]) => term);
const EXACT_BITS = tableOf(([, term]) => (term === 0 ? 0 : term | EXACT_ANY));
const HEAD_BITS = tableOf(([, , head]) => head);
const SUFFIX_BITS = tableOf(([, , , suffix]) => suffix);

/** A posting's column mask (term-postings.ts: bit i is FTS_COLUMNS[i]) → the bits a table gives those columns. */
const POSTING_MASKS = 64;
const byMaskTables = new Map<Uint16Array, Uint16Array>();
function byMaskOf(table: Uint16Array): Uint16Array {
  let byMask = byMaskTables.get(table);
  if (byMask === undefined) {
    byMask = new Uint16Array(POSTING_MASKS);
    for (let mask = 0; mask < POSTING_MASKS; mask++) {
      FTS_COLUMNS.forEach((column, i) => {
        if ((mask & (1 << i)) !== 0) byMask![mask]! |= table[codeOf(column)]!;
      });
    }
    byMaskTables.set(table, byMask);
  }
  return byMask;
}

/** Of the ascii tokenizer: a string it keeps whole and as it is (no ASCII capitals, no ASCII separators). */
const SINGLE_TOKEN = /^[a-z0-9\u0080-\u{10FFFF}]+$/u;

/** Where one query word occurs, by document: the bits above, by rowid, and the documents it matches. */
export interface WordColumns {
  readonly bits: Uint16Array;
  /** The documents the word matches (any bit set), ascending. */
  readonly rowids: number[];
  /** For a word kept in memory (word-columns-cache.ts): its documents' title codes for a query phrase, kept with the bits. */
  readonly titles?: KeptTitles;
}

/** A title's part of a score for one query phrase, as a small number (relevance-scores.ts). */
export type TitleCode = (title: string) => number;

/** The title codes by rowid of every document a kept word matches, for one query phrase at a time. */
export interface KeptTitles {
  /** The codes for this phrase, or undefined when they are not kept. */
  get(phrase: string): Uint16Array | undefined;
  /** Keeps `byRowid` (the code of every matching document's title) for this phrase; later writes code their documents with `code`. */
  keep(phrase: string, code: TitleCode, byRowid: Uint16Array): void;
}

const statements = new WeakMap<Database, { equal: Statement; from: Statement; after: Statement }>();

/**
 * Reads, in one pass over each of the word's terms in the FTS5 vocabulary ('instance': one row per
 * document and column a term occurs in), every document the word matches and in which columns it
 * does so through which of its forms. Searching the same with MATCH expressions takes one scan of the
 * word's document list per column asked about: with `detail = column` a column filter still reads the
 * term's whole list, so a word in 90 000 documents was read 8 times per search (the match, title,
 * keywords, description, extra text and the three compound expressions).
 *
 * The documents are exactly those of the word's MATCH expression (`matchExpressions`): its exact and typo terms in
 * the title, keywords, description or extra text, terms that begin with its prefix or a misspelt prefix there,
 * and reversed terms that begin with its suffix in the reversed columns. Each term's list is read once: the
 * ranges of the compound heads leave out the word's own terms, whose documents have the term bits anyway.
 *
 * With `postings` (term-postings.ts), a term that has postings of its own (a common one) is read from them, a few blobs
 * instead of one vocabulary row per document and column: the ranges leave those terms out as they leave out the own
 * terms, and read only the rest (rare terms) from the vocabulary. Everything is read in one snapshot.
 *
 * Returns null when a term is not one the tokenizer keeps as it is (then MATCH decides), or a head has no
 * upper bound (`successor`).
 */
export function wordColumns(db: Database, word: ResolvedWord, span: number, postings?: TermPostings): WordColumns | null {
  const own = [...new Set([...word.exact, ...word.typos])].sort(byCodePoint);
  const heads = [...new Set([...(word.prefix === null ? [] : [word.prefix]), ...word.typoPrefixes])];
  const forms = [...own, ...heads, ...(word.suffix === null ? [] : [word.suffix])];
  if (!forms.every((t) => SINGLE_TOKEN.test(t))) return null;
  /** Terms read from postings of our own (term-postings.ts) instead of FTS5, with the bits they give. */
  const common: { term: string; table: Uint16Array }[] = [];
  const ranges: { from: string; fromInclusive: boolean; to: string; head: boolean }[] = [];
  /** [from, to) without `skip` (sorted): the ranges between them, each read from FTS5. */
  const rangesWithout = (from: string, to: string, skip: readonly string[], head: boolean): void => {
    let inclusive = true;
    for (const t of skip) {
      if (byCodePoint(t, from) < 0 || byCodePoint(t, to) >= 0) continue;
      if (byCodePoint(from, t) < 0) ranges.push({ from, fromInclusive: inclusive, to: t, head });
      from = t;
      inclusive = false;
    }
    ranges.push({ from, fromInclusive: inclusive, to, head });
  };
  const ownSet = new Set(own);
  for (const head of heads) {
    const end = successor(head);
    if (end === null) return null;
    // The head's range without the word's own terms (their documents have the term bits anyway), and without the terms
    // that have postings: [head, t1), (t1, t2), …, (tn, end).
    const withPostings = postings?.commonIn(head, true, end).filter((t) => !ownSet.has(t)) ?? [];
    for (const t of withPostings) common.push({ term: t, table: HEAD_BITS });
    rangesWithout(head, end, [...own, ...withPostings].sort(byCodePoint), true);
  }
  if (word.suffix !== null) {
    const end = successor(word.suffix);
    if (end === null) return null;
    const withPostings = postings?.commonIn(word.suffix, true, end) ?? [];
    for (const t of withPostings) common.push({ term: t, table: SUFFIX_BITS });
    rangesWithout(word.suffix, end, withPostings, false);
  }
  return postings === undefined ? read(db, word, span, own, ranges, common, undefined) : db.transaction(() => read(db, word, span, own, ranges, common, postings))();
}

/** Reads the word's terms and ranges (and the terms with postings) in one snapshot, into bits by document. */
function read(
  db: Database, word: ResolvedWord, span: number, own: readonly string[],
  ranges: readonly { from: string; fromInclusive: boolean; to: string; head: boolean }[],
  common: readonly { term: string; table: Uint16Array }[], postings: TermPostings | undefined,
): WordColumns {
  let s = statements.get(db);
  if (s === undefined) {
    const row = `json_group_array(doc * ${CODE} + length(col) * 128 + unicode(col))`;
    s = {
      equal: db.prepare(`SELECT ${row} FROM temp.search_vocab_instance WHERE term = ?`).pluck(),
      from: db.prepare(`SELECT ${row} FROM temp.search_vocab_instance WHERE term >= ? AND term < ?`).pluck(),
      after: db.prepare(`SELECT ${row} FROM temp.search_vocab_instance WHERE term > ? AND term < ?`).pluck(),
    };
    statements.set(db, s);
  }
  const found: { rows: number[]; table: Uint16Array }[] = [];
  /** Postings (`doc * 64 + mask`) with the bits of each mask. */
  const posted: { postings: Uint32Array; byMask: Uint16Array }[] = [];
  const exact = new Set(word.exact);
  for (const t of own) {
    const table = exact.has(t) ? EXACT_BITS : TERM_BITS;
    const p = postings?.postings(t) ?? null;
    if (p !== null) posted.push({ postings: p, byMask: byMaskOf(table) });
    else found.push({ rows: JSON.parse(s.equal.get(t) as string) as number[], table });
  }
  for (const { term, table } of common) {
    const p = postings!.postings(term);
    if (p !== null) posted.push({ postings: p, byMask: byMaskOf(table) });
    else found.push({ rows: JSON.parse(s.equal.get(term) as string) as number[], table });
  }
  for (const r of ranges) {
    const rows = JSON.parse((r.fromInclusive ? s.from : s.after).get(r.from, r.to) as string) as number[];
    found.push({ rows, table: r.head ? HEAD_BITS : SUFFIX_BITS });
  }
  let size = span;
  for (const { rows } of found) for (const r of rows) if (r >= size * CODE) size = Math.floor(r / CODE) + 1;
  for (const { postings: p } of posted) for (const x of p) if (x >= size * POSTING_MASKS) size = Math.floor(x / POSTING_MASKS) + 1;
  const bits = new Uint16Array(size);
  for (const { rows, table } of found) {
    for (const r of rows) {
      const code = r % CODE;
      bits[(r - code) / CODE]! |= table[code]!;
    }
  }
  for (const { postings: p, byMask } of posted) {
    for (const x of p) {
      const mask = x % POSTING_MASKS;
      bits[(x - mask) / POSTING_MASKS]! |= byMask[mask]!;
    }
  }
  const rowids: number[] = [];
  for (let doc = 0; doc < size; doc++) if (bits[doc] !== 0) rowids.push(doc);
  return { bits, rowids };
}

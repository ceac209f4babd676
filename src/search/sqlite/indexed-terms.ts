import type { Database } from 'better-sqlite3';
import { reverse } from '../analysis/index-terms.js';
import { typoAlternatives, type QueryAnalysis } from '../analysis/query-analysis.js';
import type { IndexRow } from './index-row.js';
import type { ResolvedWord } from './match-expression.js';
import { byCodePoint, successor } from './term-order.js';

/** The FTS5 vocabulary of the text columns (not the reversed ones). */
const TEXT_COLUMNS = "col NOT IN ('rev', 'rev_title')";

/**
 * The terms of the index's text columns, for typo tolerance: which corrections of a misspelt word
 * are in the index. A set read once from the FTS5 vocabulary table, then every term this connection
 * writes is added (removals are not tracked, so it is a superset; the vocabulary table decides).
 */
export class IndexedTerms {
  readonly #db: Database;
  /** Every term ever written to the text columns (a superset of the index vocabulary: removals are not tracked). */
  #terms: Set<string> | null = null;
  /** The same terms sorted, for prefix lookups (rebuilt when a term is added). */
  #sortedTerms: string[] | null = null;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * The query's words with the typo corrections found in the index. A compound part that can match no
   * more than the word's own exact terms is left out (`prefix` or `suffix` null): the same documents
   * match, but FTS5 reads a prefix's whole doclist (every document with the word) before it can
   * intersect, which for a word in most documents costs more than the rest of the search.
   */
  resolve(analysis: QueryAnalysis): ResolvedWord[] {
    const terms = analysis.words.some((w) => w.typoKeys.length > 0) ? this.#termSet() : null;
    return analysis.words.map((w) => {
      const typos = terms === null ? null : typoAlternatives(w, (t) => this.#isIndexed(t), (t) => terms.has(t), (p) => this.#isIndexedPrefix(p));
      const prefix = w.prefix !== null && this.#onlyBegunBy(w.prefix, w.exact) ? null : w.prefix;
      const suffix = w.suffix !== null && this.#onlyBegunBy(w.suffix, w.exact.map(reverse)) ? null : w.suffix;
      return { exact: w.exact, typos: typos?.terms ?? [], typoPrefixes: typos?.prefixes ?? [], prefix, suffix };
    });
  }

  /** Adds the terms of a row this connection wrote (when the set is loaded). */
  remember(row: IndexRow): void {
    const terms = this.#terms;
    if (terms === null) return;
    for (const column of [row.title, row.kw, row.descr, row.extra]) {
      if (column === '') continue;
      for (const term of column.split(' ')) {
        if (!terms.has(term)) {
          terms.add(term);
          this.#sortedTerms = null;
        }
      }
    }
  }

  /** Reads the set again from the vocabulary table when it is next needed (other connections wrote). */
  forget(): void {
    this.#terms = null;
  }

  /** Forgets the set and its sorted copy (the index was emptied). */
  clear(): void {
    this.#terms = null;
    this.#sortedTerms = null;
  }

  #termSet(): Set<string> {
    if (this.#terms === null) {
      const terms = new Set<string>();
      for (const [term] of this.#db.prepare(`SELECT term FROM temp.search_vocab WHERE ${TEXT_COLUMNS}`).raw().iterate() as Iterable<[string]>) terms.add(term);
      this.#terms = terms;
      this.#sortedTerms = null;
    }
    return this.#terms;
  }

  /** Whether a term is in the text columns now (the FTS5 vocabulary table, exact). */
  #isIndexed(term: string): boolean {
    // The 'instance' form stops at the first occurrence; the 'col' form would count them all.
    return this.#db.prepare(`SELECT 1 FROM temp.search_vocab_instance WHERE term = ? AND ${TEXT_COLUMNS} LIMIT 1`).get(term) !== undefined;
  }

  /**
   * True when every term of the index (any column, the reversed ones included) that begins with
   * `prefix` is one of `own`: then `"prefix" *` matches exactly the documents `own` match in the same
   * columns. A reversed term stands for a term of the same document's text columns (index-row.ts), so
   * for the reversed prefix of a compound's last part the same holds with `own` reversed. Looks for any
   * other term in the gaps between them (the 'instance' vocabulary stops at the first; a lower bound
   * just above a term skips its doclist).
   */
  #onlyBegunBy(prefix: string, own: readonly string[]): boolean {
    const end = successor(prefix);
    if (end === null) return false;
    const bounds = [...new Set(own.filter((t) => t.startsWith(prefix)))].sort(byCodePoint);
    if (bounds[0] !== prefix) return false;
    const anyBetween = this.#db.prepare('SELECT 1 FROM temp.search_vocab_instance WHERE term >= ? AND term < ? LIMIT 1').pluck();
    for (let i = 0; i < bounds.length; i++) {
      // The least string above a term is the term followed by U+0000 (no term holds one).
      if (anyBetween.get(`${bounds[i]!}\u0000`, bounds[i + 1] ?? end) !== undefined) return false;
    }
    return true;
  }

  /** Whether some term of the text columns begins with `prefix` (sorted superset first, then the vocabulary table). */
  #isIndexedPrefix(prefix: string): boolean {
    if (this.#sortedTerms === null) this.#sortedTerms = [...this.#termSet()].sort();
    const sorted = this.#sortedTerms;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= sorted.length || !sorted[lo]!.startsWith(prefix)) return false;
    return this.#db.prepare(`SELECT 1 FROM temp.search_vocab_instance WHERE term >= ? AND term < ? AND ${TEXT_COLUMNS} LIMIT 1`).get(prefix, `${prefix}\uffff`) !== undefined;
  }
}

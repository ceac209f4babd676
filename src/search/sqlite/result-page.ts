import type { Database } from 'better-sqlite3';
import type { SearchQuery } from '../../core/ports/search-index.js';
import type { FacetMemory } from './facet-memory.js';
import type { Evaluation } from './query-evaluation.js';

/**
 * The first `k` of the indexes 0…n-1 that pass `keep`, in `before` order, without sorting them all:
 * a bounded insertion list, cheap for a page of results out of tens of thousands.
 */
export function topK(n: number, k: number, keep: (i: number) => boolean, before: (a: number, b: number) => boolean): number[] {
  const out: number[] = [];
  if (k <= 0) return out;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    if (out.length === k && !before(i, out[k - 1]!)) continue;
    let at = out.length === k ? k - 1 : out.length;
    if (out.length < k) out.push(i);
    while (at > 0 && before(i, out[at - 1]!)) {
      out[at] = out[at - 1]!;
      at--;
    }
    out[at] = i;
  }
  return out;
}

/**
 * The rowids of one page of matching documents, in the requested order: by score, by a date or the quality score in
 * memory (documents without one last, ties by rowid), or by title through the sort columns of
 * search_doc (ties by id).
 */
export function resultPage(db: Database, memory: FacetMemory, evaluation: Evaluation, query: SearchQuery): { rowid: number; score: number }[] {
  const { rowids, masks, all, scores } = evaluation;
  const offset = query.page * query.size;
  if (query.sort.field === 'relevance' && scores !== null) {
    const sign = query.sort.direction === 'asc' ? -1 : 1;
    const before = (a: number, b: number): boolean => sign * (scores[a]! - scores[b]!) > 0 || (scores[a] === scores[b] && rowids[a]! < rowids[b]!);
    const top = topK(rowids.length, offset + query.size, (i) => masks[i] === all, before);
    return top.slice(offset).map((i) => ({ rowid: rowids[i]!, score: scores[i]! }));
  }
  if (query.sort.field !== 'title') {
    // Dates and quality scores are in memory: newest (or best; or oldest, poorest) first, documents without one last, then by rowid.
    const dates = query.sort.field === 'firstHarvested' ? memory.firstHarvested : query.sort.field === 'quality' ? memory.quality : memory.modified;
    const sign = query.sort.field === 'relevance' || query.sort.direction === 'desc' ? 1 : -1;
    const before = (a: number, b: number): boolean => {
      const x = dates[rowids[a]!]!;
      const y = dates[rowids[b]!]!;
      if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(y);
      if (x !== y && !Number.isNaN(x)) return sign * (x - y) > 0;
      return rowids[a]! < rowids[b]!;
    };
    return topK(rowids.length, offset + query.size, (i) => masks[i] === all, before)
      .slice(offset)
      .map((i) => ({ rowid: rowids[i]!, score: 0 }));
  }
  const dir = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const sortColumn = query.lang === 'nn' ? 'sort_nn' : query.lang === 'en' ? 'sort_en' : 'sort_nb';
  const order = `${sortColumn} = '', ${sortColumn} ${dir}, id`;
  const rows = evaluation.everything
    ? (db.prepare(`SELECT rowid FROM search_doc ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(query.size, offset) as number[])
    : (db
        .prepare(`SELECT rowid FROM search_doc WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY ${order} LIMIT ? OFFSET ?`)
        .pluck()
        .all(JSON.stringify(rowids.filter((_, i) => masks[i] === all)), query.size, offset) as number[]);
  return rows.map((rowid) => ({ rowid, score: 0 }));
}

/**
 * Each facet value's documents: for every value id (fv), the rowids of the documents that hold it, in
 * ascending order, back to back (`rows[start[fv]]` … `rows[start[fv + 1] - 1]`). Built from the facet
 * memory in two passes over its values; a search with filters and no text then touches the documents of
 * the values it filters on and the documents that pass, not every document (see query-evaluation.ts).
 */
export interface ValuePostings {
  /** Where each value id's rowids begin in `rows`; one entry more than the largest value id + 1. */
  readonly start: Int32Array;
  readonly rows: Int32Array;
}

/** The memory's arrays the postings are built from (FacetMemory's). */
export interface PostingSource {
  readonly pool: Int32Array;
  readonly offset: Int32Array;
  readonly length: Int32Array;
}

export function buildPostings({ pool, offset, length }: PostingSource): ValuePostings {
  let span = 0;
  let live = 0;
  for (let rowid = 0; rowid < length.length; rowid++) {
    const n = length[rowid]!;
    if (n <= 0) continue;
    const first = offset[rowid]!;
    for (let k = first; k < first + n; k++) if (pool[k]! >= span) span = pool[k]! + 1;
    live += n;
  }
  const start = new Int32Array(span + 1);
  for (let rowid = 0; rowid < length.length; rowid++) {
    const n = length[rowid]!;
    if (n <= 0) continue;
    const first = offset[rowid]!;
    for (let k = first; k < first + n; k++) start[pool[k]! + 1]!++;
  }
  for (let fv = 0; fv < span; fv++) start[fv + 1]! += start[fv]!;
  const next = start.slice(0, span);
  const rows = new Int32Array(live);
  for (let rowid = 0; rowid < length.length; rowid++) {
    const n = length[rowid]!;
    if (n <= 0) continue;
    const first = offset[rowid]!;
    for (let k = first; k < first + n; k++) rows[next[pool[k]!]!++] = rowid;
  }
  return { start, rows };
}

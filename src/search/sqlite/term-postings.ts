import type { Database, Statement } from 'better-sqlite3';
import { SLICE_BUDGET_MS } from '../../core/time-slices.js';
import { asciiTokens } from './ascii-tokens.js';
import { FTS_COLUMNS, type IndexRow } from './index-row.js';
import { byCodePoint } from './term-order.js';

/** Terms in at least this many documents get postings of their own (search_posting): below, FTS5 reads a term in well under a millisecond. */
export const MIN_POSTING_DOCS = 100;
/** A posting is `doc * 64 + mask`, bit i of the mask the FTS5 column FTS_COLUMNS[i]: rowids below 2^26 fit a Uint32. */
const MASK_BITS = 64;
const MAX_DOC = 2 ** 26;
/** The postings are read again from FTS5 when the largest rowid has grown by this factor since (new common terms get theirs). */
const REBUILD_GROWTH = 1.5;
/** Changed documents are merged into the postings when there are at least half a common term's worth of them, and at least 1/MERGE_SHARE of the documents. */
const MERGE_SHARE = 50;

/** A vocabulary row read as `doc * 2048 + length(col) * 128 + unicode(col)` (word-columns.ts); by its low 11 bits, the column's mask bit. */
const CODE = 2048;
const MASK_OF_CODE = new Uint8Array(CODE);
FTS_COLUMNS.forEach((column, i) => {
  MASK_OF_CODE[column.length * 128 + column.charCodeAt(0)] = 1 << i;
});

/** The rows of the table whose columns `FTS_COLUMNS` lists, by the bit each gets. */
const rowColumns = (row: IndexRow): readonly string[] => [row.title, row.kw, row.descr, row.extra, row.revTitle, row.rev];

interface State {
  /** The largest rowid when the postings were last read from FTS5; null when they never were (then no term has postings). */
  readonly builtAt: number | null;
  readonly common: ReadonlySet<string>;
  /** `common` in SQLite's order of terms (code points), for the terms within a range. */
  readonly sorted: readonly string[];
}

/**
 * Postings of our own for the common terms (in at least MIN_POSTING_DOCS documents), in SQLite next to FTS5,
 * so that where a common word occurs is read as a few blobs instead of tens of thousands of FTS5
 * vocabulary rows (word-columns.ts): "kommune" in 95 000 of 200 000 documents took about 27 ms of CPU
 * that way. Every posting is a document and the columns the term is in (a Uint32: `doc * 64 + mask`).
 *
 * - search_posting: each common term's postings as one blob, exact as of the last build or merge.
 * - search_posting_dirty: the documents written or removed since; their postings in the blobs no longer count.
 * - search_posting_delta: each dirty document's postings now (its common terms and their columns), from the row
 *   it was written with (the columns are split as FTS5's `ascii` tokenizer splits them).
 *
 * They are written in the same transaction as the FTS5 rows, so they never disagree. A term's postings are
 * its blob without the dirty documents plus its delta rows. When enough documents are dirty, the deltas are
 * merged into the blobs (no FTS5 read); when the largest rowid has grown by half since the last build, the
 * postings are read again from FTS5, so that terms that became common get theirs. A term without postings
 * (rare, or common since the last build) is read from FTS5 as before.
 */
export class TermPostings {
  readonly #db: Database;
  readonly #minDocs: number;
  /** Whether reads use the postings (tests read FTS5 only, to compare). */
  readonly #read: boolean;
  #state: State | null = null;
  /** The dirty documents, by rowid (1), for reads; null when not loaded or after a write. */
  #dirty: Uint8Array | null = null;
  #statements: ReturnType<typeof postingStatements> | undefined;

  constructor(db: Database, options: { minDocs?: number; read?: boolean } = {}) {
    this.#db = db;
    this.#minDocs = options.minDocs ?? MIN_POSTING_DOCS;
    this.#read = options.read ?? true;
  }

  get #s(): ReturnType<typeof postingStatements> {
    return (this.#statements ??= postingStatements(this.#db));
  }

  #load(): State {
    if (this.#state !== null) return this.#state;
    const built = this.#s.builtAt.get() as string | undefined;
    const terms = this.#s.terms.all() as string[];
    this.#state = { builtAt: built === undefined ? null : Number(built), common: new Set(terms), sorted: terms.sort(byCodePoint) };
    return this.#state;
  }

  /** Reads the state again when next needed (another connection wrote, or a write failed). */
  forget(): void {
    this.#state = null;
    this.#dirty = null;
  }

  // ------------------------------------------------------------------ reads

  /** The terms with postings in the range [from, to) (or (from, to)), in order; none when reads do not use postings. */
  commonIn(from: string, fromInclusive: boolean, to: string): string[] {
    if (!this.#read) return [];
    const { sorted } = this.#load();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = byCodePoint(sorted[mid]!, from);
      if (c < 0 || (c === 0 && !fromInclusive)) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && byCodePoint(sorted[i]!, to) < 0; i++) out.push(sorted[i]!);
    return out;
  }

  /** The term's postings now (`doc * 64 + mask`), or null when it has none (read it from FTS5). */
  postings(term: string): Uint32Array | null {
    if (!this.#read || !this.#load().common.has(term)) return null;
    const blob = this.#s.blob.get(term) as Buffer | undefined;
    if (blob === undefined) return null;
    const base = uint32s(blob);
    const dirty = this.#dirtyDocs();
    const delta = JSON.parse(this.#s.deltaOf.get(term) as string) as number[];
    if (dirty.length === 0 && delta.length === 0) return base;
    const out = new Uint32Array(base.length + delta.length);
    let n = 0;
    for (const p of base) {
      const doc = Math.floor(p / MASK_BITS);
      if (doc >= dirty.length || dirty[doc] === 0) out[n++] = p;
    }
    for (const p of delta) out[n++] = p;
    return out.subarray(0, n);
  }

  #dirtyDocs(): Uint8Array {
    if (this.#dirty !== null) return this.#dirty;
    const docs = JSON.parse(this.#s.dirty.get() as string) as number[];
    let size = 0;
    for (const d of docs) if (d >= size) size = d + 1;
    const dirty = new Uint8Array(size);
    for (const d of docs) dirty[d] = 1;
    return (this.#dirty = dirty);
  }

  // ------------------------------------------------------------------ writes (in the writer's transaction)

  /** A document written (inserted or replaced) with `row`: its postings now are its delta rows. */
  written(rowid: number, row: IndexRow): void {
    const state = this.#load();
    if (state.builtAt === null) return;
    this.#dirty = null;
    if (rowid >= MAX_DOC) {
      // Beyond what a posting holds: no postings until the next build finds the rowids small enough again.
      this.#dropAll();
      return;
    }
    const s = this.#s;
    s.markDirty.run(rowid);
    s.deleteDelta.run(rowid);
    if (state.common.size === 0) return;
    const masks = new Map<string, number>();
    const columns = rowColumns(row);
    for (let i = 0; i < columns.length; i++) {
      for (const t of asciiTokens(columns[i]!)) if (state.common.has(t)) masks.set(t, (masks.get(t) ?? 0) | (1 << i));
    }
    for (const [term, mask] of masks) s.insertDelta.run(term, rowid, rowid * MASK_BITS + mask);
  }

  /** A document removed. */
  removed(rowid: number): void {
    if (this.#load().builtAt === null || rowid >= MAX_DOC) return;
    this.#dirty = null;
    this.#s.markDirty.run(rowid);
    this.#s.deleteDelta.run(rowid);
  }

  /** Every document removed (in the clear's transaction). */
  clear(): void {
    this.#dropAll();
  }

  #dropAll(): void {
    this.#db.exec("DELETE FROM search_posting; DELETE FROM search_posting_delta; DELETE FROM search_posting_dirty; DELETE FROM search_meta WHERE key = 'posting_built_at';");
    this.forget();
  }

  /**
   * After a write, in its transaction (which stays open across the turns this gives the event loop): reads the postings again from FTS5 when the index has grown by half
   * since they were (or were never read and the index has a common term's worth of documents), or merges
   * the dirty documents into the blobs when there are many.
   */
  async maintain(): Promise<void> {
    const state = this.#load();
    const top = Number(this.#s.maxRowid.get() ?? 0);
    if (top >= MAX_DOC) {
      if (state.builtAt !== null) this.#dropAll();
      return;
    }
    if (state.builtAt === null ? top >= this.#minDocs : top >= state.builtAt * REBUILD_GROWTH && top > state.builtAt) {
      await this.#build(top);
      return;
    }
    if (state.builtAt === null) return;
    const dirty = Number(this.#s.dirtyCount.get());
    if (dirty >= Math.max(this.#minDocs / 2, top / MERGE_SHARE)) await this.#merge();
  }

  /** Every common term's postings read from FTS5's vocabulary. */
  async #build(top: number): Promise<void> {
    const s = this.#s;
    this.#db.exec('DELETE FROM search_posting; DELETE FROM search_posting_delta; DELETE FROM search_posting_dirty;');
    this.forget();
    const turn = turns();
    for (const term of s.commonTerms.all(this.#minDocs) as string[]) {
      await turn();
      const rows = JSON.parse(s.instances.get(term) as string) as number[];
      const postings: number[] = [];
      let last = -1;
      let sorted = true;
      for (const r of rows) {
        const code = r % CODE;
        const doc = (r - code) / CODE;
        if (doc === last) postings[postings.length - 1]! |= MASK_OF_CODE[code]!;
        else {
          if (doc < last) sorted = false;
          postings.push(doc * MASK_BITS + MASK_OF_CODE[code]!);
          last = doc;
        }
      }
      s.insertBlob.run(term, blobOf(sorted ? Uint32Array.from(postings) : mergeSame(Uint32Array.from(postings).sort())));
    }
    s.setBuiltAt.run(String(top));
    this.forget();
  }

  /** The dirty documents' delta rows merged into the blobs (kept in rowid order); no document is dirty after. */
  async #merge(): Promise<void> {
    const s = this.#s;
    const dirty = this.#dirtyDocs();
    const deltas = new Map<string, number[]>();
    for (const [term, json] of s.deltas.raw().all() as [string, string][]) deltas.set(term, JSON.parse(json) as number[]);
    const turn = turns();
    for (const term of this.#load().sorted) {
      await turn();
      const blob = s.blob.get(term) as Buffer | undefined;
      const base = blob === undefined ? new Uint32Array(0) : uint32s(blob);
      const add = deltas.get(term) ?? [];
      const out = new Uint32Array(base.length + add.length);
      let n = 0;
      let j = 0;
      for (const p of base) {
        if (Math.floor(p / MASK_BITS) < dirty.length && dirty[Math.floor(p / MASK_BITS)] === 1) continue;
        while (j < add.length && add[j]! < p) out[n++] = add[j++]!;
        out[n++] = p;
      }
      while (j < add.length) out[n++] = add[j++]!;
      s.updateBlob.run(blobOf(out.subarray(0, n)), term);
    }
    this.#db.exec('DELETE FROM search_posting_delta; DELETE FROM search_posting_dirty;');
    this.#dirty = null;
  }
}

/**
 * Gives other work a turn of the event loop whenever SLICE_BUDGET_MS have passed since the last: reading every common
 * term again takes seconds at 200 000 documents (the writes around it yield the same way).
 */
function turns(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_BUDGET_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** Postings sorted by value (so by document), a document's columns joined into one posting. */
function mergeSame(sorted: Uint32Array): Uint32Array {
  const out: number[] = [];
  for (const p of sorted) {
    const doc = Math.floor(p / MASK_BITS);
    if (out.length > 0 && Math.floor(out[out.length - 1]! / MASK_BITS) === doc) out[out.length - 1]! |= p % MASK_BITS;
    else out.push(p);
  }
  return Uint32Array.from(out);
}

/** A blob of postings: the Uint32s in the machine's byte order (little-endian on every platform Node runs on here). */
const blobOf = (postings: Uint32Array): Buffer => Buffer.from(postings.buffer, postings.byteOffset, postings.byteLength);

/** A blob's Uint32s, copied when the buffer is not aligned to 4 bytes. */
function uint32s(blob: Buffer): Uint32Array {
  if (blob.byteOffset % 4 === 0) return new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Uint32Array(Uint8Array.prototype.slice.call(blob).buffer);
}

function postingStatements(db: Database) {
  const pluck = (sql: string): Statement => db.prepare(sql).pluck();
  return {
    builtAt: pluck("SELECT value FROM search_meta WHERE key = 'posting_built_at'"),
    setBuiltAt: db.prepare("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('posting_built_at', ?)"),
    terms: pluck('SELECT term FROM search_posting'),
    blob: pluck('SELECT postings FROM search_posting WHERE term = ?'),
    insertBlob: db.prepare('INSERT INTO search_posting (term, postings) VALUES (?, ?)'),
    updateBlob: db.prepare('UPDATE search_posting SET postings = ? WHERE term = ?'),
    deltaOf: pluck('SELECT json_group_array(posting) FROM search_posting_delta WHERE term = ?'),
    deltas: db.prepare('SELECT term, json_group_array(posting) FROM (SELECT term, posting FROM search_posting_delta ORDER BY term, doc) GROUP BY term'),
    dirty: pluck('SELECT json_group_array(doc) FROM search_posting_dirty'),
    dirtyCount: pluck('SELECT count(*) FROM search_posting_dirty'),
    markDirty: db.prepare('INSERT OR IGNORE INTO search_posting_dirty (doc) VALUES (?)'),
    deleteDelta: db.prepare('DELETE FROM search_posting_delta WHERE doc = ?'),
    insertDelta: db.prepare('INSERT INTO search_posting_delta (term, doc, posting) VALUES (?, ?, ?)'),
    maxRowid: pluck('SELECT max(rowid) FROM search_doc'),
    commonTerms: pluck('SELECT term FROM temp.search_vocab_row WHERE doc >= ?'),
    instances: pluck(`SELECT json_group_array(doc * ${CODE} + length(col) * 128 + unicode(col)) FROM temp.search_vocab_instance WHERE term = ?`),
  };
}

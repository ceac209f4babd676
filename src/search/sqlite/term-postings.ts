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
const REBUILD_GROWTH = 2;
/**
 * Changed documents are merged into the postings when there are at least five common terms' worth of them, and at least
 * 1/MERGE_SHARE of the documents (a cold read then reads at most that many changed documents' rows).
 */
const MERGE_SHARE = 10;

/** A vocabulary row read as `doc * 2048 + length(col) * 128 + unicode(col)` (word-columns.ts); by its low 11 bits, the column's mask bit. */
const CODE = 2048;
const MASK_OF_CODE = new Uint8Array(CODE);
FTS_COLUMNS.forEach((column, i) => {
  MASK_OF_CODE[column.length * 128 + column.charCodeAt(0)] = 1 << i;
});

/** The rows of the table whose columns `FTS_COLUMNS` lists, by the bit each gets. */
const rowColumns = (row: IndexRow): readonly string[] => [row.title, row.kw, row.descr, row.extra, row.revTitle, row.rev];

interface Changed {
  readonly docs: Uint8Array;
  readonly byTerm: ReadonlyMap<number, readonly number[]>;
}

interface State {
  /** The largest rowid when the postings were last read from FTS5; null when they never were (then no term has postings). */
  readonly builtAt: number | null;
  /** The terms with postings, and each one's id (its search_posting rowid). */
  readonly common: ReadonlyMap<string, number>;
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
 * - search_posting_delta: the documents written or removed since, one row each: their postings in the blobs no longer
 *   count, and the row holds the document's postings now (a Uint32 `term * 64 + mask` for each common term it has,
 *   the term by its search_posting rowid; none for a removed document), from the row it was written with (split as
 *   FTS5's `ascii` tokenizer splits it: a contentless FTS5 table cannot tell a replaced document's old terms).
 *
 * They are written in the same transaction as the FTS5 rows, so they never disagree: one row per written document.
 * A term's postings are its blob without the changed documents plus theirs now. When enough documents have changed,
 * they are merged into the blobs (no FTS5 read); when the largest rowid has doubled since the last build, the
 * postings are read again from FTS5, so that terms that became common get theirs. A term without postings
 * (rare, or common since the last build) is read from FTS5 as before.
 */
export class TermPostings {
  readonly #db: Database;
  readonly #minDocs: number;
  /** Whether reads use the postings (tests read FTS5 only, to compare). */
  readonly #read: boolean;
  #state: State | null = null;
  /** The changed documents (1 by rowid) and their postings now by term id, for reads; null when not read or after a write. */
  #changed: Changed | null = null;
  /** Documents marked dirty by this connection since the dirty ones were last counted (an upper bound of the new ones). */
  #marked = 0;
  /** The dirty documents when last counted, and the largest rowid then; null when not counted since the state was read. */
  #counted: { dirty: number; top: number } | null = null;
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
    const rows = this.#s.terms.raw().all() as [number, string][];
    const common = new Map(rows.map(([id, term]) => [term, id]));
    this.#state = { builtAt: built === undefined ? null : Number(built), common, sorted: [...common.keys()].sort(byCodePoint) };
    return this.#state;
  }

  /** Reads the state again when next needed (another connection wrote, or a write failed). */
  forget(): void {
    this.#state = null;
    this.#changed = null;
    this.#counted = null;
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
    const id = this.#read ? this.#load().common.get(term) : undefined;
    if (id === undefined) return null;
    const blob = this.#s.blob.get(term) as Buffer | undefined;
    if (blob === undefined) return null;
    const base = uint32s(blob);
    const { docs, byTerm } = this.#changedDocs();
    const now = byTerm.get(id) ?? [];
    if (docs.length === 0) return base;
    const out = new Uint32Array(base.length + now.length);
    let n = 0;
    for (const p of base) {
      const doc = Math.floor(p / MASK_BITS);
      if (doc >= docs.length || docs[doc] === 0) out[n++] = p;
    }
    for (const p of now) out[n++] = p;
    return out.subarray(0, n);
  }

  /** The changed documents' rows, read once until the next write. */
  #changedDocs(): Changed {
    if (this.#changed !== null) return this.#changed;
    const rows = this.#s.changed.raw().all() as [number, Buffer][];
    let size = 0;
    for (const [doc] of rows) if (doc >= size) size = doc + 1;
    const docs = new Uint8Array(size);
    const byTerm = new Map<number, number[]>();
    // In rowid order, so each term's postings come in document order.
    for (const [doc, blob] of rows) {
      docs[doc] = 1;
      for (const p of uint32s(blob)) {
        const mask = p % MASK_BITS;
        const id = (p - mask) / MASK_BITS;
        let list = byTerm.get(id);
        if (list === undefined) byTerm.set(id, (list = []));
        list.push(doc * MASK_BITS + mask);
      }
    }
    return (this.#changed = { docs, byTerm });
  }

  // ------------------------------------------------------------------ writes (in the writer's transaction)

  /** A document written (inserted or replaced) with `row`: its postings now are its delta rows. */
  written(rowid: number, row: IndexRow): void {
    this.#marked++;
    const state = this.#load();
    if (state.builtAt === null) return;
    this.#changed = null;
    if (rowid >= MAX_DOC) {
      // Beyond what a posting holds: no postings until the next build finds the rowids small enough again.
      this.#dropAll();
      return;
    }
    const masks = new Map<number, number>();
    const columns = rowColumns(row);
    for (let i = 0; i < columns.length; i++) {
      for (const t of asciiTokens(columns[i]!)) {
        const id = state.common.get(t);
        if (id !== undefined) masks.set(id, (masks.get(id) ?? 0) | (1 << i));
      }
    }
    const now = new Uint32Array(masks.size);
    let n = 0;
    for (const [id, mask] of masks) now[n++] = id * MASK_BITS + mask;
    this.#s.putChanged.run(rowid, blobOf(now));
  }

  /** A document removed. */
  removed(rowid: number): void {
    this.#marked++;
    if (this.#load().builtAt === null || rowid >= MAX_DOC) return;
    this.#changed = null;
    this.#s.putChanged.run(rowid, Buffer.alloc(0));
  }

  /** Every document removed (in the clear's transaction). */
  clear(): void {
    this.#dropAll();
  }

  #dropAll(): void {
    this.#db.exec("DELETE FROM search_posting; DELETE FROM search_posting_delta; DELETE FROM search_meta WHERE key = 'posting_built_at';");
    this.forget();
  }

  /**
   * Whether `maintain` may have work, judged without counting the dirty documents again: after small writes, most
   * times it has none, and a transaction of its own costs more than the writes.
   */
  due(): boolean {
    const state = this.#load();
    const c = this.#counted;
    if (c === null) return true;
    const top = c.top + this.#marked;
    if (state.builtAt === null ? top >= this.#minDocs : top >= state.builtAt * REBUILD_GROWTH) return true;
    return state.builtAt !== null && c.dirty + this.#marked >= Math.max(this.#minDocs * 5, c.top / MERGE_SHARE);
  }

  /**
   * After a write, in its transaction (which stays open across the turns this gives the event loop): reads the postings
   * again from FTS5 when the largest rowid has doubled since they were (or they never were and the index has a common
   * term's worth of documents), or merges the dirty documents into the blobs when there are many. After a `bulk` upsert
   * (400 documents or more) that grew the index that much, they are dropped instead and built by `settle` once writes
   * stop: a rebuild of 100 000 documents in upserts of 1 000 read them from FTS5 seven times, merged them into the blobs
   * about ten times and wrote a change row for each of the documents between (about 7 s of the writer's CPU), for reads
   * that came only after the last upsert.
   */
  async maintain(bulk = false): Promise<void> {
    const state = this.#load();
    const top = Number(this.#s.maxRowid.get() ?? 0);
    this.#counted = null;
    this.#marked = 0;
    if (top >= MAX_DOC) {
      if (state.builtAt !== null) this.#dropAll();
      return;
    }
    if (state.builtAt === null ? top >= this.#minDocs : top >= state.builtAt * REBUILD_GROWTH && top > state.builtAt) {
      if (!bulk) {
        await this.#build(top);
        return;
      }
      // A bulk upsert that grew the index this much is most likely one of a rebuild's or a harvest's many: the postings are
      // built once, when the writes have stopped (settle). Until then the writes keep no change rows, and reads take FTS5.
      if (state.builtAt !== null) this.#dropAll();
      this.#counted = { dirty: 0, top };
      return;
    }
    if (state.builtAt === null) return;
    const dirty = Number(this.#s.changedCount.get());
    this.#counted = { dirty, top };
    if (dirty >= Math.max(this.#minDocs * 5, top / MERGE_SHARE)) await this.#merge();
  }

  /**
   * Whether `settle` has work: the postings to build (a bulk upsert left them to it), or enough documents changed since
   * they were last built or merged to merge them (five common terms' worth).
   */
  settleDue(): boolean {
    if (this.#load().builtAt === null) return this.#buildDue();
    return Number(this.#s.changedCount.get()) >= this.#minDocs * 5;
  }

  /** No postings, and an index large enough to have a common term (after a bulk upsert left them to settle). */
  #buildDue(): boolean {
    const top = Number(this.#s.maxRowid.get() ?? 0);
    return top >= this.#minDocs && top < MAX_DOC;
  }

  /**
   * Once writes have stopped (in the caller's transaction): builds the postings a bulk upsert left to it, or merges the
   * changed documents into the blobs now, however few there are against the whole index, so that reads of a freshly
   * harvested or rebuilt index take the blobs alone instead of every changed document's row too (up to a tenth of the
   * index between two merges during writes).
   */
  async settle(): Promise<void> {
    if (this.#load().builtAt === null) {
      if (this.#buildDue()) await this.#build(Number(this.#s.maxRowid.get()));
      this.#counted = null;
      return;
    }
    if (this.#s.anyChanged.get() === undefined) return;
    await this.#merge();
    this.#counted = null;
  }

  /** Every common term's postings read from FTS5's vocabulary. */
  async #build(top: number): Promise<void> {
    const s = this.#s;
    this.#db.exec('DELETE FROM search_posting; DELETE FROM search_posting_delta;');
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

  /** The changed documents' postings merged into the blobs (kept in rowid order); no document is changed after. */
  async #merge(): Promise<void> {
    const s = this.#s;
    const { docs, byTerm } = this.#changedDocs();
    const turn = turns();
    for (const [term, id] of this.#load().common) {
      await turn();
      const blob = s.blob.get(term) as Buffer | undefined;
      const base = blob === undefined ? new Uint32Array(0) : uint32s(blob);
      const add = byTerm.get(id) ?? [];
      const out = new Uint32Array(base.length + add.length);
      let n = 0;
      let j = 0;
      for (const p of base) {
        const doc = Math.floor(p / MASK_BITS);
        if (doc < docs.length && docs[doc] === 1) continue;
        while (j < add.length && add[j]! < p) out[n++] = add[j++]!;
        out[n++] = p;
      }
      while (j < add.length) out[n++] = add[j++]!;
      // No changed document has or had the term: the blob stays as it is (a write rewrites every page of it).
      if (add.length === 0 && n === base.length) continue;
      s.updateBlob.run(blobOf(out.subarray(0, n)), term);
    }
    this.#db.exec('DELETE FROM search_posting_delta;');
    this.#changed = null;
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
    terms: db.prepare('SELECT rowid, term FROM search_posting'),
    blob: pluck('SELECT postings FROM search_posting WHERE term = ?'),
    insertBlob: db.prepare('INSERT INTO search_posting (term, postings) VALUES (?, ?)'),
    updateBlob: db.prepare('UPDATE search_posting SET postings = ? WHERE term = ?'),
    changed: db.prepare('SELECT doc, postings FROM search_posting_delta ORDER BY doc'),
    changedCount: pluck('SELECT count(*) FROM search_posting_delta'),
    anyChanged: pluck('SELECT 1 FROM search_posting_delta LIMIT 1'),
    putChanged: db.prepare('INSERT OR REPLACE INTO search_posting_delta (doc, postings) VALUES (?, ?)'),
    maxRowid: pluck('SELECT max(rowid) FROM search_doc'),
    commonTerms: pluck('SELECT term FROM temp.search_vocab_row WHERE doc >= ?'),
    instances: pluck(`SELECT json_group_array(doc * ${CODE} + length(col) * 128 + unicode(col)) FROM temp.search_vocab_instance WHERE term = ?`),
  };
}

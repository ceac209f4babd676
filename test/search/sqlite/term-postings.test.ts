// The common terms' postings of our own (term-postings.ts) are written in the same transaction as the
// FTS5 rows and must always say what FTS5 says: for every term that has them, the same documents in the
// same columns; and a one-word search read through them answers exactly what one reading FTS5 answers.
// Checked after every kind of write: single and batched upserts, a bulk upsert (400 or more), replacements,
// removals, a clear, a write that fails and is rolled back, and another connection's write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureSchema } from '../../../src/search/sqlite/schema.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { TermPostings } from '../../../src/search/sqlite/term-postings.js';
import { contractVocabulary } from '../../contract/search-index.contract.js';
import { Random } from '../fixtures/synthetic-records.js';
import { comparableAnswer, compoundWordRecords, wordQuery } from '../fixtures/compound-word-records.js';

const WORDS = ['kommune', 'kommuner', 'kvalitet', 'skole', 'miljø', 'miljo', 'økonomi', 'kvalitett', 'statistik', 'data', 'bergen', 'stasjon', 'styre'];
/** Terms in at least this many documents get postings. */
const MIN_DOCS = 4;
const records = compoundWordRecords(3);
const query = wordQuery;
const answer = comparableAnswer;

let dir: string;
let file: string;
let index: SqliteSearchIndex;
const version = new Map<number, number>();

/** Writes records `ns`, each in its next version. */
async function put(ns: readonly number[], into: SqliteSearchIndex = index): Promise<void> {
  for (const n of ns) version.set(n, (version.get(n) ?? -1) + 1);
  await into.upsert(records(ns.map((n) => [n, version.get(n)!] as const)));
}

async function removeRecords(ns: readonly number[]): Promise<void> {
  for (const n of ns) version.delete(n);
  await index.remove(records(ns.map((n) => [n, 0] as const)).map((i) => i.record.id));
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dk-term-postings-'));
  file = path.join(dir, 'search.db');
  version.clear();
  // No word kept in memory: every one-word search reads the postings (or FTS5).
  index = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, postingMinDocs: MIN_DOCS, wordCacheMinMatches: Number.MAX_SAFE_INTEGER });
});
afterEach(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A term's documents and columns (a bit per FTS5 column), as `doc:mask` strings in order. */
type Columns = string[];

/**
 * Every term with postings, read through them on a connection of its own, against FTS5's vocabulary: equal.
 * Returns how many terms have postings and how many of them have postings of documents written since they were built.
 */
function expectPostingsAsFts(step: string): { terms: number; postings: number } {
  const db = new Database(file, { readonly: false });
  try {
    ensureSchema(db);
    const postings = new TermPostings(db);
    const codes = ['title', 'kw', 'descr', 'extra', 'rev_title', 'rev'];
    const fromFts = (term: string): Columns => {
      const byDoc = new Map<number, number>();
      for (const { doc, col } of db.prepare('SELECT doc, col FROM temp.search_vocab_instance WHERE term = ?').all(term) as { doc: number; col: string }[]) {
        byDoc.set(doc, (byDoc.get(doc) ?? 0) | (1 << codes.indexOf(col)));
      }
      return [...byDoc].sort((a, b) => a[0] - b[0]).map(([doc, mask]) => `${doc}:${mask}`);
    };
    const terms = db.prepare('SELECT term FROM search_posting').pluck().all() as string[];
    let count = 0;
    for (const term of terms) {
      const read = postings.postings(term);
      expect(read, `${step}: ${term}`).not.toBeNull();
      const columns = [...read!].sort((a, b) => a - b).map((p) => `${Math.floor(p / 64)}:${p % 64}`);
      expect(columns, `${step}: the postings of "${term}"`).toEqual(fromFts(term));
      count += columns.length;
    }
    return { terms: terms.length, postings: count };
  } finally {
    db.close();
  }
}

/** Every word, with and without a filter, read through the postings and by a connection that reads FTS5 only: equal. */
async function expectSearchAsFts(step: string): Promise<number> {
  const fts = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, readPostings: false, wordCacheMinMatches: Number.MAX_SAFE_INTEGER });
  let found = 0;
  try {
    for (const word of WORDS) {
      for (const filters of [{}, { theme: ['ENVI'] }, { type: ['concept' as const] }]) {
        const read = await index.search(query(word, filters));
        expect(answer(read), `${step}: ${word} ${JSON.stringify(filters)}`).toEqual(answer(await fts.search(query(word, filters))));
        found += read.total;
      }
    }
  } finally {
    await fts.close();
  }
  return found;
}

async function expectAsFts(step: string): Promise<{ terms: number; postings: number }> {
  const counts = expectPostingsAsFts(step);
  await expectSearchAsFts(step);
  return counts;
}

/** Rows in a table of the postings. */
const rows = (table: 'search_posting' | 'search_posting_delta'): number => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('SQLite search: postings of our own for the common terms', () => {
  it('builds them once the index has a common term and answers one-word searches through them as FTS5 does', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    const { terms, postings } = await expectAsFts('start');
    expect(terms).toBeGreaterThan(15);
    expect(postings).toBeGreaterThan(200);
    expect(await expectSearchAsFts('start')).toBeGreaterThan(100);
  });

  it('stays equal to FTS5 after single and batched upserts, replacements and removals, and merges the changes into the blobs', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    await expectAsFts('start');
    const r = new Random(7);
    let sawDelta = false;
    for (let step = 0; step < 16; step++) {
      const change = step % 4;
      if (change === 0) await put([60 + step]);
      else if (change === 1) await put([r.int(60), r.int(60), r.int(60), 60 + step]);
      else if (change === 2) await removeRecords([r.int(60 + step), r.int(60 + step)]);
      else await put([r.int(60)]);
      sawDelta ||= rows('search_posting_delta') > 0;
      await expectAsFts(`step ${step}`);
    }
    // The changed documents were read from the deltas, and the growth since the build read them again from FTS5.
    expect(sawDelta).toBe(true);
  });

  it('stays equal to FTS5 after a bulk upsert (400 or more), with new common terms read from FTS5 and changed documents merged', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    await expectAsFts('start');
    // 450 documents, 40 of them replacements: the largest rowid grows far beyond twice, so the postings are built anew,
    // once writes stop (settle): until then there are none, and reads take FTS5.
    await put([...Array.from({ length: 410 }, (_, i) => 60 + i), ...Array.from({ length: 40 }, (_, i) => i)]);
    expect(rows('search_posting') + rows('search_posting_delta')).toBe(0);
    await expectAsFts('bulk, before settling');
    await index.settle();
    expect(rows('search_posting_delta')).toBe(0);
    const after = await expectAsFts('bulk');
    expect(after.postings).toBeGreaterThan(2000);
    // One replacement: its postings in the blobs no longer count, its postings now are read from its delta row.
    await put([5]);
    expect(rows('search_posting_delta')).toBe(1);
    await expectAsFts('one replaced');
    // A bulk upsert of replacements only: the rowids do not grow; the many dirty documents are merged into the blobs.
    await put(Array.from({ length: 420 }, (_, i) => i));
    expect(rows('search_posting_delta')).toBe(0);
    await expectAsFts('merged');
  });

  it('merges the changed documents left over into the blobs once writes stop (settle), and leaves a few', async () => {
    await index.close();
    // Writes stopped 20 ms ago: the postings are settled.
    index = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, postingMinDocs: MIN_DOCS, wordCacheMinMatches: Number.MAX_SAFE_INTEGER, settleAfterMs: 20 });
    // A bulk upsert (the rowids grew far beyond twice): the postings are built once writes stop; then 40 replacements,
    // fewer than a tenth of the index, so the writes leave them as changed documents, as a harvest's last batches do.
    await put(Array.from({ length: 470 }, (_, n) => n));
    await vi.waitFor(() => expect(rows('search_posting')).toBeGreaterThan(0), { timeout: 5000, interval: 10 });
    await put(Array.from({ length: 40 }, (_, i) => i * 11));
    const left = rows('search_posting_delta');
    expect(left).toBeGreaterThanOrEqual(MIN_DOCS * 5);
    await vi.waitFor(() => expect(rows('search_posting_delta')).toBe(0), { timeout: 5000, interval: 10 });
    const settled = await expectAsFts('settled');
    expect(settled.postings).toBeGreaterThan(2000);
    // One replacement is not worth merging every blob: it stays a changed document.
    await put([7]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rows('search_posting_delta')).toBe(1);
    await expectAsFts('one replaced');
    // A write after the settle is written as before, and a removal is settled as well.
    await removeRecords(Array.from({ length: 30 }, (_, i) => 100 + i));
    await vi.waitFor(() => expect(rows('search_posting_delta')).toBe(0), { timeout: 5000, interval: 10 });
    await expectAsFts('removals settled');
  });

  it('leaves the postings of a rebuild in bulk upserts to be built once, when writes stop, and keeps no change rows meanwhile', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    expect(rows('search_posting')).toBeGreaterThan(0);
    // A rebuild: a clear, then upserts of 450 (each in one transaction). Building the postings after each, and a change
    // row for every document written between, cost a rebuild of 100 000 documents about 7 s of the writer's CPU.
    await index.clear();
    version.clear();
    for (let batch = 0; batch < 3; batch++) {
      await put(Array.from({ length: 450 }, (_, i) => batch * 450 + i));
      expect(rows('search_posting') + rows('search_posting_delta'), `after upsert ${batch}`).toBe(0);
      await expectSearchAsFts(`upsert ${batch}`);
    }
    // Built once writes stop; an index closed before then builds them once opened and idle.
    await index.close();
    index = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, postingMinDocs: MIN_DOCS, wordCacheMinMatches: Number.MAX_SAFE_INTEGER, settleAfterMs: 20 });
    expect(rows('search_posting')).toBe(0);
    await vi.waitFor(() => expect(rows('search_posting')).toBeGreaterThan(0), { timeout: 5000, interval: 10 });
    expect(rows('search_posting_delta')).toBe(0);
    expect((await expectAsFts('settled')).postings).toBeGreaterThan(5000);
    // Small writes after it keep them as before: change rows.
    await put([3, 500]);
    expect(rows('search_posting_delta')).toBe(2);
    await expectAsFts('after small writes');
  });

  it('is emptied by a clear and built again by the next writes', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    expect(rows('search_posting')).toBeGreaterThan(0);
    await index.clear();
    version.clear();
    expect(rows('search_posting') + rows('search_posting_delta')).toBe(0);
    await expectAsFts('cleared');
    await put(Array.from({ length: 30 }, (_, n) => n + 100));
    expect(rows('search_posting')).toBeGreaterThan(0);
    await expectAsFts('after the clear');
  });

  it('rolls back with the FTS5 rows when a write fails', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    await expectAsFts('start');
    const before = rows('search_posting_delta');
    // The third document of the batch cannot be written (a trigger refuses it): the two before it, their FTS5 rows and
    // their postings, are rolled back.
    const batch = records([[1, 9], [2, 9], [71, 0]]);
    const db = new Database(file);
    db.prepare(`CREATE TRIGGER refuse BEFORE INSERT ON search_doc WHEN NEW.id = '${batch[2]!.record.id}' BEGIN SELECT RAISE(ABORT, 'refused'); END`).run();
    db.close();
    await expect(index.upsert(batch)).rejects.toThrow('refused');
    expect(rows('search_posting_delta')).toBe(before);
    await expectAsFts('after a failed write');
    // And the index goes on writing postings as before.
    await put([1, 2, 70, 72]);
    await expectAsFts('after writing again');
  });

  it('reads what another connection wrote, built or merged', async () => {
    await put(Array.from({ length: 60 }, (_, n) => n));
    await expectSearchAsFts('start');
    const other = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, postingMinDocs: MIN_DOCS, wordCacheMinMatches: Number.MAX_SAFE_INTEGER });
    try {
      await put([1, 2, 3, 75], other);
      await other.remove(records([[5, 0]]).map((i) => i.record.id));
      version.delete(5);
      await expectAsFts('another connection wrote');
      await put(Array.from({ length: 500 }, (_, i) => i + 80), other);
      await expectAsFts('another connection dropped them to build them once writes stop');
      await other.settle();
      expect((await expectAsFts('another connection built them again')).postings).toBeGreaterThan(2000);
    } finally {
      await other.close();
    }
  });
});

// A common one-word query keeps where its word occurs in memory (word-columns-cache.ts), and the index
// brings that up to date from the rows it writes instead of reading the vocabulary again. Whatever was
// written, replaced or removed since, a search served from memory must answer exactly what a fresh
// connection reading everything from SQLite answers: the same hits in the same order with the same
// scores, totals and facet counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Random } from '../fixtures/synthetic-records.js';
import { comparableAnswer, compoundWordRecords, wordQuery } from '../fixtures/compound-word-records.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { contractVocabulary } from '../../contract/search-index.contract.js';

const WORDS = ['kommune', 'kommuner', 'kvalitet', 'skole', 'skoler', 'miljø', 'miljo', 'økonomi', 'okonomi', 'kvalitett', 'statistik', 'data', 'bergen', 'stasjon'];
const records = compoundWordRecords(1);
const query = wordQuery;
const answer = comparableAnswer;

let dir: string;
let file: string;
let index: SqliteSearchIndex;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dk-word-cache-'));
  file = path.join(dir, 'search.db');
  // Every word that matches at least 3 documents is kept, so the small catalog exercises the cache.
  index = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, wordCacheMinMatches: 3 });
});
afterEach(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every word, with and without a filter, from `index` (memory, kept up to date) and from a fresh connection (SQLite): equal. */
async function expectSameAsFresh(step: string): Promise<number> {
  // Keeps no word: every search reads the vocabulary.
  const fresh = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary, wordCacheMinMatches: Number.MAX_SAFE_INTEGER });
  let found = 0;
  try {
    for (const word of WORDS) {
      for (const filters of [{}, { theme: ['ENVI'] }, { type: ['concept' as const] }]) {
        const kept = await index.search(query(word, filters));
        expect(answer(kept), `${step}: ${word} ${JSON.stringify(filters)}`).toEqual(answer(await fresh.search(query(word, filters))));
        found += kept.total;
      }
    }
    expect(fresh.cachedWords()).toMatchObject({ words: 0, hits: 0 });
  } finally {
    await fresh.close();
  }
  return found;
}

describe('SQLite search: common words kept in memory', () => {
  it('answers a common word from memory the second time', async () => {
    await index.upsert(records(Array.from({ length: 40 }, (_, n) => [n, 0] as const)));
    const first = await index.search(query('kommune'));
    expect(first.total).toBeGreaterThan(3);
    expect(index.cachedWords()).toEqual({ words: 1, hits: 0, misses: 1 });
    const second = await index.search(query('kommune'));
    expect(index.cachedWords()).toEqual({ words: 1, hits: 1, misses: 1 });
    expect(answer(second)).toEqual(answer(first));
  });

  it('answers as a fresh connection does after documents are added, replaced and removed one at a time and in batches', async () => {
    const version = new Map<number, number>();
    const put = async (ns: readonly number[]): Promise<void> => {
      for (const n of ns) version.set(n, (version.get(n) ?? -1) + 1);
      await index.upsert(records(ns.map((n) => [n, version.get(n)!] as const)));
    };
    await put(Array.from({ length: 60 }, (_, n) => n));
    // Every word kept in memory before the changes.
    expect(await expectSameAsFresh('start')).toBeGreaterThan(100);
    expect(index.cachedWords().words).toBeGreaterThan(8);
    const r = new Random(42);
    for (let step = 0; step < 12; step++) {
      const change = step % 4;
      if (change === 0) await put([60 + step, 61 + step * 3]);
      else if (change === 1) await put([r.int(60), r.int(60), r.int(60)]);
      else if (change === 2) {
        const gone = [r.int(60 + step), r.int(60 + step)];
        for (const n of gone) version.delete(n);
        await index.remove(records(gone.map((n) => [n, 0] as const)).map((i) => i.record.id));
      } else await put([r.int(60)]);
      await expectSameAsFresh(`step ${step}`);
    }
    // The answers came from memory: kept words were brought up to date, not read again.
    const { hits, misses } = index.cachedWords();
    expect(hits).toBeGreaterThan(misses * 5);
  });

  it('keeps up when new documents get rowids beyond those there were when a word was first read', async () => {
    await index.upsert(records(Array.from({ length: 40 }, (_, n) => [n, 0] as const)));
    await expectSameAsFresh('start');
    // Batches under the bulk size (400) are followed document by document; the facet memory reserves 1 024 rowids at first.
    for (let from = 40; from < 1240; from += 300) await index.upsert(records(Array.from({ length: 300 }, (_, i) => [from + i, 0] as const)));
    await index.upsert(records([[1300, 0], [1301, 0]]));
    expect(await expectSameAsFresh('grown')).toBeGreaterThan(2000);
    expect(index.cachedWords().hits).toBeGreaterThan(20);
  });

  it('forgets what it kept when another connection writes', async () => {
    await index.upsert(records(Array.from({ length: 40 }, (_, n) => [n, 0] as const)));
    await index.search(query('kommune'));
    const other = SqliteSearchIndex.open({ file, vocabulary: contractVocabulary });
    const changed = records([[1, 5], [2, 5], [3, 5], [44, 0]]);
    await other.upsert(changed);
    await other.remove([records([[5, 0]])[0]!.record.id]);
    const fromOther = await other.search(query('kommune'));
    await other.close();
    const kept = await index.search(query('kommune'));
    expect(answer(kept)).toEqual(answer(fromOther));
    expect(index.cachedWords().hits).toBe(0);
  });
});

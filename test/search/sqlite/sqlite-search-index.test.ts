import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MISSING_VALUE, type SearchIndex } from '../../../src/core/ports/search-index.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { CONTRACT_NOW, contractInputs, contractVocabulary, searchIndexContract } from '../../contract/search-index.contract.js';
import { countingLoopTurns } from '../../support/loop-turns.js';
import { syntheticRecord, syntheticRecords } from '../fixtures/synthetic-records.js';

searchIndexContract('SqliteSearchIndex', {
  async create(now) {
    return SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now });
  },
  async destroy(index: SearchIndex) {
    await index.close();
  },
});

// The same contract with every one-word query kept in memory (word-columns-cache.ts) from its first search on, so the
// answers after the suite's upserts and removals come from bits the index brought up to date itself.
searchIndexContract('SqliteSearchIndex, every word kept in memory', {
  async create(now) {
    return SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now, wordCacheMinMatches: 1 });
  },
  async destroy(index: SearchIndex) {
    await index.close();
  },
});

// The same contract with postings of our own for every term (term-postings.ts): each one-word query reads them
// instead of the FTS5 vocabulary, after the suite's upserts, removals and clears.
searchIndexContract('SqliteSearchIndex, every term with postings of its own', {
  async create(now) {
    return SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now, postingMinDocs: 1 });
  },
  async destroy(index: SearchIndex) {
    await index.close();
  },
});

describe('SqliteSearchIndex', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'search-index-'));
    dirs.push(d);
    return d;
  };
  const q = (text: string) => ({ q: text, filters: {}, sort: { field: 'relevance' as const, direction: 'desc' as const }, page: 0, size: 10, lang: 'nb' as const });

  it('keeps its documents in the data directory across reopening', async () => {
    const dir = tempDir();
    const first = SqliteSearchIndex.openInDataDir(dir, { vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    await first.upsert(contractInputs);
    await first.close();
    const second = SqliteSearchIndex.openInDataDir(dir, { vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    expect(second.needsRebuild).toBe(false);
    expect(await second.count()).toBe(contractInputs.length);
    expect((await second.search(q('stedsnvan'))).hits.map((h) => h.title)).toContain('Stedsnavn');
    await second.close();
  });

  it('sees what another connection wrote to the same file', async () => {
    const dir = tempDir();
    const reader = SqliteSearchIndex.openInDataDir(dir, { vocabulary: contractVocabulary });
    expect((await reader.search(q('sjøkart'))).total).toBe(0);
    const writer = SqliteSearchIndex.openInDataDir(dir, { vocabulary: contractVocabulary });
    await writer.upsert(contractInputs);
    const r = await reader.search({ ...q(''), filters: { theme: ['TRAN'] } });
    expect(r.total).toBe(1);
    expect(r.facets.theme!.buckets.find((b) => b.key === 'TRAN')?.count).toBe(1);
    expect((await reader.search(q('sjokrat'))).hits.map((h) => h.title)).toEqual(['Sjøkart']);
    await writer.close();
    await reader.close();
  });

  it('ranks a compound-word match below an exact word match ("kvalitet" finds "luftkvalitet")', async () => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary });
    await index.upsert(contractInputs);
    const titles = (await index.search(q('kvalitet'))).hits.map((h) => h.title);
    expect(titles[0]).toBe('Kvalitet');
    expect(titles).toEqual(expect.arrayContaining(['Luftkvalitet i norske byer', 'Vannkvalitet i innsjøer']));
    // The first part of a compound counts too.
    expect((await index.search(q('luft'))).hits.map((h) => h.title)).toContain('Luftkvalitet i norske byer');
    await index.close();
  });

  it('keeps æ, ø and å as letters when the query has them', async () => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary });
    await index.upsert(contractInputs);
    // "sjøkart" typed with ø finds the chart; "sjokart" without finds it too.
    expect((await index.search(q('sjøkart'))).total).toBe(1);
    expect((await index.search(q('sjokart'))).total).toBe(1);
    await index.close();
  });

  it('takes a known word as meant: no typo alternatives when the word is in the index', async () => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary });
    await index.upsert(contractInputs);
    // "kvalitet" exists, so "kvalitets…"-neighbours one edit away are not added; "kvalitte" does not, so it is corrected.
    expect((await index.search(q('kvalitte'))).hits.map((h) => h.title)).toContain('Kvalitet');
    await index.close();
  });

  it('keeps the last version of a record a large upsert names twice, the two built in different chunks', async () => {
    // A large upsert: the worker builds it in chunks, which this thread writes as they come.
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    const first = syntheticRecord(1195, 5, 2);
    const last = syntheticRecord(3, 5, 1);
    await index.upsert([first, ...syntheticRecords(1200, 5), last]);
    expect(await index.count()).toBe(1200);
    const revised = await index.search({ ...q('revisjon'), size: 100 });
    expect(revised.hits.map((h) => [h.id, h.title])).toEqual([[last.record.id, expect.stringContaining('(revisjon 1)')]]);
    await index.close();
  });

  /** A data directory holding `count` synthetic records of `seed`, written and closed; `open` opens another connection to it. */
  const writtenIndex = async (count: number, seed: number): Promise<{ open: () => SqliteSearchIndex }> => {
    const dir = tempDir();
    const open = (): SqliteSearchIndex => SqliteSearchIndex.openInDataDir(dir, { vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    const writer = open();
    await writer.upsert(syntheticRecords(count, seed));
    await writer.close();
    return { open };
  };

  it('loads its facet memory a slice at a time on the first search after opening, letting other work run', async () => {
    const { open } = await writtenIndex(3000, 3);
    const index = open();
    const { result, turns } = await countingLoopTurns(() => index.search(q('')));
    expect(turns).toBeGreaterThan(0);
    expect(result.total).toBe(3000);
    await index.close();
  });

  it('keeps the facet memory right through writes made while it loads', async () => {
    const { open } = await writtenIndex(3000, 4);
    const busy = open();
    // The first search loads the memory in slices; the writes land in between: some in the part loaded, some after it.
    const first = busy.search(q(''));
    await busy.upsert([syntheticRecord(0, 4, 1), syntheticRecord(1, 4, 1), syntheticRecord(2999, 4, 1), syntheticRecord(3000, 4)]);
    await busy.remove([syntheticRecord(2, 4).record.id, syntheticRecord(1500, 4).record.id]);
    await first;
    const fresh = open();
    for (const query of [q(''), { ...q(''), filters: { theme: ['ENVI'] } }, { ...q(''), filters: { publisher: [MISSING_VALUE] } }]) {
      const [after, expected] = await Promise.all([busy.search(query), fresh.search(query)]);
      expect(after.total).toBe(expected.total);
      expect(after.facets).toEqual(expected.facets);
    }
    expect((await busy.search(q(''))).total).toBe(2999);
    await busy.close();
    await fresh.close();
  });

  it('rejects paging past the result window with a clear error', async () => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary });
    await expect(index.search({ ...q(''), page: 20_000, size: 10 })).rejects.toThrow(/narrow the search/);
    await index.close();
  });
});

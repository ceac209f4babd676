import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { Projector } from '../../../src/projection/projector.js';
import { SearchProjection } from '../../../src/projection/search-projection.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { syntheticRecord } from '../fixtures/synthetic-records.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VOCAB = path.resolve(here, '../../../vocab');
const vocabulary = loadSearchVocabulary(VOCAB);
const root = mkdtempSync(path.join(tmpdir(), 'search-catch-up-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function publishedIds(store: SqliteStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of store.publishedRecords()) for (const r of page) ids.push(r.id);
  return ids.sort();
}

describe('search index as a projection of the store', () => {
  it('agrees with the store after a harvest killed (SIGKILL) while projecting, once restarted', async () => {
    const dataDir = path.join(root, 'killed');
    // Before: 1 000 records, projected.
    let store = SqliteStore.open({ dataDir });
    let index = SqliteSearchIndex.openInDataDir(dataDir, { vocabulary });
    const first: RecordWrite[] = Array.from({ length: 1000 }, (_, n) => {
      const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 7).record;
      return { ...rest, status: 'published' as const };
    });
    await store.writeRecords(first);
    let projector = new Projector(store, [new SearchProjection(index, store)], silentLogger, 0);
    await projector.start();
    expect(await index.ids()).toEqual(await publishedIds(store));
    await projector.close();
    await index.close();
    await store.close();

    // A harvest in another process dies halfway through projecting its changes.
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, '../fixtures/projection-child.ts'), dataDir, VOCAB], { cwd: path.resolve(here, '../../..') }).then(
      () => ({ killed: false, signal: null as string | null }),
      (error: { signal?: string; killed?: boolean }) => ({ killed: true, signal: error.signal ?? null }),
    );
    expect(child.signal).toBe('SIGKILL');

    // Restart: the index holds part of the harvest and disagrees with the store …
    store = SqliteStore.open({ dataDir });
    index = SqliteSearchIndex.openInDataDir(dataDir, { vocabulary });
    const published = await publishedIds(store);
    expect(await index.ids()).not.toEqual(published);

    // … until the projector catches up from its saved cursor.
    projector = new Projector(store, [new SearchProjection(index, store)], silentLogger, 0);
    await projector.start();
    expect(await index.ids()).toEqual(published);
    expect(published).toHaveLength(1000 + 200 - 100);
    // Changed records are found in their new version, removed ones not at all.
    const changed = syntheticRecord(5, 7, 1).record;
    const title = /"([^"]+)"@nb/.exec(changed.graph.split('\n').find((l) => l.includes('/title>'))!)![1]!;
    const hits = await index.search({ q: title, filters: { uri: [changed.iri] }, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 5, lang: 'nb' });
    expect(hits.hits.map((h) => h.title)).toEqual([title]);
    const removed = syntheticRecord(500, 7).record;
    expect((await index.search({ q: '', filters: { uri: [removed.iri] }, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 5, lang: 'nb' })).total).toBe(0);
    // Facet counts agree with a fresh count of the documents.
    const all = await index.search({ q: '', filters: {}, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 1, lang: 'nb', facetSize: 1000 });
    expect(all.total).toBe(published.length);
    expect(all.facets.type!.buckets).toEqual([expect.objectContaining({ key: 'dataset', count: published.length })]);
    await projector.close();
    await index.close();
    await store.close();
  }, 60_000);

  it('rebuilds from the store (reindex) to the same documents', async () => {
    const dataDir = path.join(root, 'rebuild');
    const store = SqliteStore.open({ dataDir });
    const index = SqliteSearchIndex.openInDataDir(dataDir, { vocabulary });
    await store.writeRecords(
      Array.from({ length: 600 }, (_, n) => {
        const { status: _s, removedAt: _r, ...rest } = syntheticRecord(n, 3).record;
        return { ...rest, status: 'published' as const };
      }),
    );
    const projector = new Projector(store, [new SearchProjection(index, store)], silentLogger, 0);
    await projector.start();
    const before = await index.search({ q: 'befolkning', filters: {}, sort: { field: 'title', direction: 'asc' }, page: 0, size: 100, lang: 'nb', facetSize: 1000 });
    await projector.rebuild('search');
    const after = await index.search({ q: 'befolkning', filters: {}, sort: { field: 'title', direction: 'asc' }, page: 0, size: 100, lang: 'nb', facetSize: 1000 });
    expect(after.total).toBe(before.total);
    expect(after.hits.map((h) => h.id)).toEqual(before.hits.map((h) => h.id));
    expect(after.facets).toEqual(before.facets);
    expect(await index.ids()).toEqual(await publishedIds(store));
    await projector.close();
    await index.close();
    await store.close();
  }, 60_000);
});

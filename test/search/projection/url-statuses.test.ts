import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchIndex, SearchRecordInput } from '../../../src/core/ports/search-index.js';
import { SearchProjection } from '../../../src/projection/search-projection.js';
import { recordQuality } from '../../../src/rdf/record-quality.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

// A dataset's quality score in search counts the URL checker's results for its own access and download
// URLs: the projection reads them from the store and hands each record only its own.

let dir: string;
let store: SqliteStore;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dk-urlstatus-'));
  store = SqliteStore.open({ dataDir: dir });
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function capturingIndex(): { index: SearchIndex; upserted: SearchRecordInput[] } {
  const upserted: SearchRecordInput[] = [];
  const index = { upsert: async (inputs: readonly SearchRecordInput[]) => void upserted.push(...inputs), remove: async () => {} } as unknown as SearchIndex;
  return { index, upserted };
}

const TTL = `
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://ex.org/a> a dcat:Dataset ; dct:title "A"@nb ; dcat:distribution <https://ex.org/a/d> .
<https://ex.org/a/d> a dcat:Distribution ; dcat:accessURL <https://files.ex.org/a> ; dcat:downloadURL <https://files.ex.org/a.csv> .
<https://ex.org/b> a dcat:Dataset ; dct:title "B"@nb ; dcat:distribution <https://ex.org/b/d> .
<https://ex.org/b/d> a dcat:Distribution ; dcat:accessURL <https://files.ex.org/b> .
<https://ex.org/c> a dcat:Dataset ; dct:title "C"@nb .
`;

describe('URL check results in search', () => {
  it("gives each dataset the checker's results (status and media type) of its own URLs, and none to a dataset without results", async () => {
    const inputs = recordsFromTurtle(TTL, { sourcePublisher: '971040238' });
    await store.saveSource({ id: inputs[0]!.record.sourceId, url: 'https://ex.org/catalog.ttl', kind: 'dcat-ap-no', publisher: '971040238', quarantineInvalid: false, createdAt: '2026-01-01T00:00:00Z' });
    const at = '2026-01-02T00:00:00Z';
    await store.saveUrlChecks([
      { url: 'https://files.ex.org/a', status: 200, mediaType: 'text/html', error: null, checkedAt: at },
      { url: 'https://files.ex.org/a.csv', status: 404, mediaType: null, error: null, checkedAt: at },
      { url: 'https://files.ex.org/elsewhere', status: 500, mediaType: null, error: null, checkedAt: at },
    ]);
    const { index, upserted } = capturingIndex();
    await new SearchProjection(index, store).apply(inputs.map((i) => ({ id: i.record.id, record: i.record })));
    const byIri = new Map(upserted.map((u) => [u.record.iri, u]));
    expect([...byIri.get('https://ex.org/a')!.urlStatuses!]).toEqual([
      ['https://files.ex.org/a', { status: 200, mediaType: 'text/html' }],
      ['https://files.ex.org/a.csv', { status: 404, mediaType: null }],
    ]);
    expect(byIri.get('https://ex.org/b')!.urlStatuses).toBeUndefined();
    expect(byIri.get('https://ex.org/c')!.urlStatuses).toBeUndefined();
    // The statuses count: the reachable access URL gains points, the failing download URL none.
    const a = byIri.get('https://ex.org/a')!;
    expect(recordQuality(a.record, a.urlStatuses)!.score).toBeGreaterThan(recordQuality(a.record)!.score);
  });
});

// A publisher's quality report is computed once per state of the catalog: it stands until the change
// log moves, the URL checker changes a result, or it grows old; requests while it is computed wait for
// that one computation, and the computation lets other work run between its slices.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import type { Store } from '../../src/core/ports/store.js';
import { graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { publisherQualityReport } from '../../src/quality/publisher-quality-report.js';
import { PublisherQualityReports } from '../../src/quality/publisher-quality-reports.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { datasetIri, syntheticDatasetGraph } from '../bench/support/synthetic-datasets.js';

const PUBLISHER = '974760673';
const at = '2026-01-01T00:00:00.000Z';

function dataset(i: number, graph = syntheticDatasetGraph(i)): RecordWrite {
  return { id: uuidV3(datasetIri(i)), iri: datasetIri(i), kind: 'dataset', sourceId: 'agency', catalogId: null, hash: graphHash(graph), status: 'published', issued: at, modified: at, graph, validation: null };
}

/** The store, counting the records read through it. */
function counting(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'getRecords') {
        return async (ids: readonly string[]) => {
          reads += ids.length;
          return target.getRecords(ids);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, reads: () => reads };
}

describe('publishers’ quality reports', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'publisher-quality-'));
    store = SqliteStore.open({ dataDir: dir });
    await store.saveSource({ id: 'agency', url: 'https://example.no/catalog.ttl', kind: 'dcat-ap-no', publisher: PUBLISHER, quarantineInvalid: false, createdAt: at });
    await store.writeRecords(Array.from({ length: 40 }, (_, i) => dataset(i)));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers what a computation over the store answers, and nothing for an organisation without a source', async () => {
    const reports = new PublisherQualityReports(store, 'https://katalog.test');
    const report = await reports.get(PUBLISHER);
    expect(report?.datasets).toBe(40);
    expect(report).toEqual(await publisherQualityReport(store, 'https://katalog.test', PUBLISHER));
    expect(await reports.get('991825827')).toBeUndefined();
  });

  it('computes a report once while the catalog does not change, and again after a change, an invalidation or its maximum age', async () => {
    let now = 1_000_000;
    const { store: watched, reads } = counting(store);
    const reports = new PublisherQualityReports(watched, 'https://katalog.test', { maxAgeMs: 60_000, now: () => now });
    const first = await reports.get(PUBLISHER);
    expect(reads()).toBe(40);
    expect(await reports.get(PUBLISHER)).toBe(first);
    expect(reads()).toBe(40);

    // A harvest changes the catalog: the next request sees it.
    await store.writeRecords([dataset(40)]);
    expect((await reports.get(PUBLISHER))?.datasets).toBe(41);
    expect(reads()).toBe(81);

    // The URL checker changed a result (not in the change log): the service drops the reports.
    reports.invalidate();
    await reports.get(PUBLISHER);
    expect(reads()).toBe(122);

    // Another node's URL checker: seen once the report is older than its maximum age.
    now += 59_000;
    await reports.get(PUBLISHER);
    expect(reads()).toBe(122);
    now += 2_000;
    await reports.get(PUBLISHER);
    expect(reads()).toBe(163);
  });

  it('lets requests that arrive while a report is computed wait for that computation', async () => {
    const { store: watched, reads } = counting(store);
    const reports = new PublisherQualityReports(watched, 'https://katalog.test');
    const answers = await Promise.all(Array.from({ length: 20 }, () => reports.get(PUBLISHER)));
    expect(new Set(answers).size).toBe(1);
    expect(reads()).toBe(40);
  });

  it('keeps the reports of at most maxEntries publishers, dropping the least recently asked for', async () => {
    const other = '991825827';
    await store.saveSource({ id: 'other', url: 'https://example.no/other.ttl', kind: 'dcat-ap-no', publisher: other, quarantineInvalid: false, createdAt: at });
    const { store: watched, reads } = counting(store);
    const reports = new PublisherQualityReports(watched, 'https://katalog.test', { maxEntries: 1 });
    await reports.get(PUBLISHER);
    await reports.get(other); // no records: reads nothing, and takes the one place
    expect(reads()).toBe(40);
    await reports.get(PUBLISHER);
    expect(reads()).toBe(80);
  });

  it('gives the event loop turns while it scores a large publisher', async () => {
    await store.writeRecords(Array.from({ length: 3000 }, (_, i) => dataset(100 + i)));
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    try {
      const report = await new PublisherQualityReports(store, 'https://katalog.test').get(PUBLISHER);
      expect(report?.datasets).toBe(3040);
    } finally {
      clearInterval(timer);
    }
    expect(turns).toBeGreaterThan(1);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import type { SparqlIndex } from '../../../src/core/ports/sparql-index.js';
import { SparqlProjection } from '../../../src/projection/sparql-projection.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { CATALOG_IRI, DATASET_IRI, SERVICE_IRI, SOURCE, fixtureRecord } from './catalog-fixture.js';

export interface LoadedCatalog {
  readonly store: SqliteStore;
  readonly writes: { readonly catalog: RecordWrite; readonly dataset: RecordWrite; readonly service: RecordWrite };
  /** Projects the store's published records into the index for `baseUrl` (record URIs depend on it). */
  project(index: SparqlIndex, baseUrl: string): Promise<void>;
  close(): Promise<void>;
}

/** A real SqliteStore in a temporary directory holding the fixture catalog, dataset and data service. */
export async function loadCatalog(extra: readonly RecordWrite[] = []): Promise<LoadedCatalog> {
  const dir = mkdtempSync(path.join(tmpdir(), 'datakatalog-http-'));
  const store = SqliteStore.open({ dataDir: dir });
  await store.saveSource(SOURCE);
  const writes = {
    catalog: fixtureRecord('catalog.ttl', 'catalog', CATALOG_IRI),
    dataset: fixtureRecord('dataset.ttl', 'dataset', DATASET_IRI),
    service: fixtureRecord('data-service.ttl', 'data-service', SERVICE_IRI),
  };
  await store.writeRecords([writes.catalog, writes.dataset, writes.service, ...extra]);
  return {
    store,
    writes,
    project: (index, baseUrl) => new SparqlProjection(index, baseUrl).rebuild(store.publishedRecords()),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

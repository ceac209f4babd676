import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordWrite } from '../../../src/core/catalog-record.js';
import type { GraphReplacement } from '../../../src/core/ports/sparql-index.js';
import { recordGraphBatches } from '../../../src/projection/sparql-projection.js';
import { OxigraphSparqlIndex } from '../../../src/sparql/oxigraph/oxigraph-sparql-index.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { CATALOG_IRI, DATASET_IRI, SERVICE_IRI, SOURCE, fixtureRecord } from './catalog-fixture.js';

export interface LoadedCatalog {
  readonly store: SqliteStore;
  readonly writes: { readonly catalog: RecordWrite; readonly dataset: RecordWrite; readonly service: RecordWrite };
  /**
   * The real SPARQL index (oxigraph replicas in worker threads) holding the store's published records,
   * each a named graph under its record URI for `baseUrl`, plus any extra graphs; ready to query.
   */
  sparqlIndex(baseUrl: string, options?: { replicas?: number; extraGraphs?: readonly GraphReplacement[] }): Promise<OxigraphSparqlIndex>;
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
  const indexes: OxigraphSparqlIndex[] = [];
  return {
    store,
    writes,
    sparqlIndex: async (baseUrl, options = {}) => {
      const extraGraphs = options.extraGraphs ?? [];
      const index = OxigraphSparqlIndex.start({
        replicas: options.replicas ?? 1,
        loadAll: async function* () {
          yield* recordGraphBatches(store.publishedRecords(), baseUrl);
          if (extraGraphs.length > 0) yield extraGraphs;
        },
      });
      indexes.push(index);
      await index.ready();
      return index;
    },
    close: async () => {
      await Promise.all(indexes.map((i) => i.close()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

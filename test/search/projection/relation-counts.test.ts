import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordWrite, StoredRecord } from '../../../src/core/catalog-record.js';
import { silentLogger } from '../../../src/core/ports/logger.js';
import type { SearchFilters, SearchHit } from '../../../src/core/ports/search-index.js';
import { Projector } from '../../../src/projection/projector.js';
import { RelationsProjection } from '../../../src/projection/relations-projection.js';
import { SearchProjection } from '../../../src/projection/search-projection.js';
import { SqliteRelationsIndex } from '../../../src/relations/sqlite/sqlite-relations-index.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { storedRecord } from '../../relations/fixtures/stored-record.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vocabulary = loadSearchVocabulary(path.resolve(here, '../../../vocab'));
const root = mkdtempSync(path.join(tmpdir(), 'search-relation-counts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EX = 'https://example.org/';
const write = (r: StoredRecord): RecordWrite => {
  const { removedAt: _r, status: _s, ...rest } = r;
  return { ...rest, status: 'published' };
};
const dataset = storedRecord(`${EX}enheter`, 'dataset', `ex:enheter a dcat:Dataset ; dct:title "Enheter"@nb ; dct:subject ex:orgnr ; dct:conformsTo ex:model .`);
const lonely = storedRecord(`${EX}ensom`, 'dataset', `ex:ensom a dcat:Dataset ; dct:title "Ensomt datasett"@nb .`);
const concept = storedRecord(`${EX}orgnr`, 'concept', `ex:orgnr a skos:Concept ; skos:prefLabel "organisasjonsnummer"@nb .`);
const service = storedRecord(`${EX}api`, 'data-service', `ex:api a dcat:DataService ; dct:title "Enhets-API"@nb ; dcat:servesDataset ex:enheter .`);

let store: SqliteStore;
let relations: SqliteRelationsIndex;
let search: SqliteSearchIndex;
let projector: Projector;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(path.join(root, 'case-'));
  store = SqliteStore.open({ dataDir: dir });
  relations = SqliteRelationsIndex.openInDataDir(dir);
  search = SqliteSearchIndex.openInDataDir(dir, { vocabulary });
  projector = new Projector(store, [new RelationsProjection(relations), new SearchProjection(search, store, relations)], silentLogger, 0);
  await projector.start();
});
afterEach(async () => {
  await projector.close();
  await search.close();
  await relations.close();
  await store.close();
});

const find = async (filters: SearchFilters): Promise<readonly SearchHit[]> =>
  (await search.search({ q: '', filters, sort: { field: 'title', direction: 'asc' }, page: 0, size: 50, lang: 'nb' })).hits;
const hitOf = async (record: StoredRecord): Promise<SearchHit> => (await find({ uri: [record.iri] }))[0]!;

describe('search documents that use the linked graph', () => {
  it('follows a data service that starts and stops serving a dataset: hasApi and the counts of both ends', async () => {
    await store.writeRecords([dataset, lonely, concept].map(write));
    await projector.sync();
    expect((await find({ hasApi: ['true'] })).map((h) => h.title)).toEqual([]);
    expect((await find({ hasApi: ['false'] })).map((h) => h.title)).toEqual(['Enheter', 'Ensomt datasett']);
    expect((await hitOf(dataset)).relationCounts).toEqual({ conformsTo: { outgoing: { external: 1 } }, subject: { outgoing: { concept: 1 } } });
    expect((await hitOf(concept)).relationCounts).toEqual({ subject: { incoming: { dataset: 1 } } });

    // Only the data service changes: the dataset's document is re-read because its relations changed.
    await store.writeRecords([write(service)]);
    await projector.sync();
    expect((await find({ hasApi: ['true'] })).map((h) => h.title)).toEqual(['Enheter']);
    expect((await hitOf(dataset)).relationCounts.servesDataset).toEqual({ incoming: { 'data-service': 1 } });
    expect((await hitOf(service)).relationCounts).toEqual({ servesDataset: { outgoing: { dataset: 1 } } });
    expect(await relations.pendingNeighbours(10)).toEqual([]);

    await store.markRemoved([service.id], '2025-03-01T00:00:00.000Z');
    await projector.sync();
    expect((await find({ hasApi: ['true'] })).map((h) => h.title)).toEqual([]);
    expect((await hitOf(dataset)).relationCounts.servesDataset).toBeUndefined();
  });

  it('follows a dataset that starts naming a concept: the concept’s hit counts it, the concept facet selects the dataset', async () => {
    await store.writeRecords([lonely, concept].map(write));
    await projector.sync();
    expect((await hitOf(concept)).relationCounts).toEqual({});
    await store.writeRecords([write(dataset)]);
    await projector.sync();
    expect((await hitOf(concept)).relationCounts).toEqual({ subject: { incoming: { dataset: 1 } } });
    expect((await find({ concept: [`${EX}orgnr`] })).map((h) => h.title)).toEqual(['Enheter']);
    expect((await find({ conformsTo: [`${EX}model`] })).map((h) => h.title)).toEqual(['Enheter']);
  });
});

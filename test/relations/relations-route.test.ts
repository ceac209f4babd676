import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordWrite, StoredRecord } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { SparqlIndex } from '../../src/core/ports/sparql-index.js';
import { Projector } from '../../src/projection/projector.js';
import { RelationsProjection } from '../../src/projection/relations-projection.js';
import { recordUri } from '../../src/rdf/catalog-record.js';
import { SqliteRelationsIndex } from '../../src/relations/sqlite/sqlite-relations-index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startApp, type RunningApp } from '../http/support/test-server.js';
import { storedRecord } from './fixtures/stored-record.js';

const EX = 'https://example.org/';
const SOURCE_ID = 'test-source';

const write = (r: StoredRecord): RecordWrite => {
  const { status: _s, removedAt: _r, ...rest } = r;
  return { ...rest, status: 'published' };
};

const service = storedRecord(`${EX}api`, 'data-service', `ex:api a dcat:DataService ; dct:title "Enhets-API"@nb , "Entity API"@en ;
  dcat:servesDataset ex:enheter , ex:gammel ; dct:conformsTo ex:model .`);
const dataset = storedRecord(`${EX}enheter`, 'dataset', `ex:enheter a dcat:Dataset ; dct:title "Enheter"@nb ; dct:conformsTo ex:model , ex:iso ; dct:subject ex:orgnr .`);
const old = storedRecord(`${EX}gammel`, 'dataset', `ex:gammel a dcat:Dataset ; dct:title "Gammelt datasett"@nb .`);
const model = storedRecord(`${EX}model`, 'information-model', `ex:model a modelldcatno:InformationModel ; dct:title "Enhetsmodell"@nb ;
  modelldcatno:containsModelElement ex:Enhet .
  ex:Enhet a modelldcatno:ObjectType ; dct:title "Enhet"@nb ; modelldcatno:hasProperty ex:orgnrAttr .
  ex:orgnrAttr a modelldcatno:Attribute ; dct:title "organisasjonsnummer"@nb ; dct:subject ex:orgnr .`);
const concept = storedRecord(`${EX}orgnr`, 'concept', `ex:orgnr a skos:Concept ; skos:prefLabel "organisasjonsnummer"@nb , "organisation number"@en .`);

/** The app needs a SPARQL index; these tests never query it. */
const noSparql: SparqlIndex = {
  apply: async () => undefined,
  rebuild: async () => undefined,
  query: () => Promise.reject(new Error('not used')),
  size: async () => 0,
  status: () => ({ state: 'ready', quads: 0, engines: { ready: 1, loading: 0, busy: 0 }, queued: 0 }),
  close: async () => undefined,
};

interface Entry {
  type: { id: string; iri: string; label: string };
  iri: string;
  record?: string;
  kind?: string;
  title?: string | null;
  external?: true;
  removed?: true;
  status?: number;
  part?: true;
  element?: { iri: string; title: string | null };
}
interface Answer {
  record: string;
  total: { outgoing: number; incoming: number };
  totals: Record<string, { iri: string; label: { outgoing: string; incoming: string }; outgoing: number; incoming: number }>;
  outgoing: Entry[];
  incoming: Entry[];
}

describe('GET /{segment}/{id}/relations', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'relations-route-'));
  let store: SqliteStore;
  let index: SqliteRelationsIndex;
  let projector: Projector;
  let app: RunningApp;
  const uriOf = (r: StoredRecord): string => recordUri(app.url, r.kind, r.id);
  const get = async (r: StoredRecord, query = ''): Promise<Answer> => {
    const res = await fetch(`${uriOf(r)}/relations${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Answer;
  };

  beforeAll(async () => {
    store = SqliteStore.open({ dataDir: dir });
    await store.saveSource({ id: SOURCE_ID, url: 'https://example.org/catalog.ttl', kind: 'dcat-ap-no', publisher: '971040238', quarantineInvalid: false, createdAt: '2025-01-01T00:00:00.000Z' });
    await store.writeRecords([service, dataset, old, model, concept].map(write));
    index = SqliteRelationsIndex.openInDataDir(dir);
    projector = new Projector(store, [new RelationsProjection(index)], silentLogger, 0);
    await projector.start();
    app = await startApp({ store, sparql: noSparql, relations: index, sparqlTimeoutMs: 1000, maxQueryLength: 1000 });
  });
  afterAll(async () => {
    await app.close();
    await projector.close();
    await index.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes from a dataset to its API, to the model the API conforms to, to the concept an attribute means, and back to the dataset', async () => {
    const fromDataset = await get(dataset);
    const api = fromDataset.incoming.find((e) => e.type.id === 'servesDataset')!;
    expect(api).toEqual({ type: { id: 'servesDataset', iri: 'http://www.w3.org/ns/dcat#servesDataset', label: 'tilgjengeliggjøres av datatjeneste' }, iri: `${EX}api`, record: uriOf(service), kind: 'data-service', title: 'Enhets-API' });

    const fromApi = (await (await fetch(`${api.record}/relations?type=conformsTo`)).json()) as Answer;
    const toModel = fromApi.outgoing[0]!;
    expect(toModel).toMatchObject({ iri: `${EX}model`, record: uriOf(model), kind: 'information-model', title: 'Enhetsmodell' });

    const fromModel = (await (await fetch(`${toModel.record}/relations?kind=concept`)).json()) as Answer;
    expect(fromModel.outgoing).toEqual([
      {
        type: { id: 'subject', iri: 'http://purl.org/dc/terms/subject', label: 'handler om begrep' }, iri: `${EX}orgnr`, record: uriOf(concept), kind: 'concept', title: 'organisasjonsnummer',
        element: { iri: `${EX}orgnrAttr`, title: 'organisasjonsnummer' },
      },
    ]);

    const fromConcept = (await (await fetch(`${fromModel.outgoing[0]!.record}/relations?lang=en&kind=datasets`)).json()) as Answer;
    expect(fromConcept.incoming).toEqual([
      { type: { id: 'subject', iri: 'http://purl.org/dc/terms/subject', label: 'concept of' }, iri: `${EX}enheter`, record: uriOf(dataset), kind: 'dataset', title: 'Enheter' },
    ]);
  });

  it('marks ends the catalog does not hold as external, and gives totals per type with labels in the language asked', async () => {
    const answer = await get(dataset, '?lang=nn');
    expect(answer.outgoing.find((e) => e.iri === `${EX}iso`)).toEqual({ type: { id: 'conformsTo', iri: 'http://purl.org/dc/terms/conformsTo', label: 'følgjer standard eller modell' }, iri: `${EX}iso`, external: true });
    expect(answer.totals.conformsTo).toEqual({ iri: 'http://purl.org/dc/terms/conformsTo', label: { outgoing: 'følgjer standard eller modell', incoming: 'følgjast av' }, outgoing: 2, incoming: 0 });
    expect(answer.total).toEqual({ outgoing: 3, incoming: 1 });
  });

  it('pages, and filters by type given as an id or an IRI', async () => {
    const first = await get(service, '?size=1');
    const second = await get(service, '?size=1&page=1');
    expect(first.outgoing.length).toBe(1);
    expect(second.outgoing.length).toBe(1);
    expect(first.outgoing[0]!.iri).not.toBe(second.outgoing[0]!.iri);
    expect(first.total.outgoing).toBe(3);
    const byIri = await get(service, `?type=${encodeURIComponent('http://www.w3.org/ns/dcat#servesDataset')}`);
    expect(byIri.outgoing.map((e) => e.iri)).toEqual([`${EX}enheter`, `${EX}gammel`]);
  });

  it('carries the counts per relation type in the record’s JSON view, and they change when another record does', async () => {
    const view = async (): Promise<{ relations: { uri: string; counts: Record<string, { outgoing: number; incoming: number }> } }> =>
      (await (await fetch(uriOf(model), { headers: { Accept: 'application/json' } })).json()) as never;
    const before = await view();
    expect(before.relations).toEqual({ uri: `${uriOf(model)}/relations`, counts: { conformsTo: { outgoing: 0, incoming: 2 }, subject: { outgoing: 1, incoming: 0 } } });
    const etag = (await fetch(uriOf(model), { headers: { Accept: 'application/json' } })).headers.get('etag')!;

    const reuser = storedRecord(`${EX}small`, 'information-model', `ex:small a modelldcatno:InformationModel ; dct:title "Liten"@nb ; modelldcatno:containsModelElement ex:Enhet .`);
    await store.writeRecords([write(reuser)]);
    await projector.sync();
    expect((await view()).relations.counts.reusesElement).toEqual({ outgoing: 0, incoming: 1 });
    const again = await fetch(uriOf(model), { headers: { Accept: 'application/json', 'If-None-Match': etag } });
    expect(again.status).toBe(200);
  });

  it('shows a record removed later as removed (410), not as a broken link', async () => {
    await store.markRemoved([old.id], '2025-06-01T00:00:00.000Z');
    await projector.sync();
    const answer = await get(service);
    expect(answer.outgoing.find((e) => e.iri === `${EX}gammel`)).toMatchObject({ record: uriOf(old), kind: 'dataset', removed: true, status: 410 });
    expect((await fetch(uriOf(old))).status).toBe(410);
    expect((await fetch(`${uriOf(old)}/relations`)).status).toBe(410);
  });

  it('refuses unknown types, kinds, languages and sizes with a problem naming the cause; unknown records are 404', async () => {
    for (const [query, cause] of [['?type=nope', 'type="nope"'], ['?kind=planet', 'kind="planet"'], ['?lang=de', 'lang="de"'], ['?size=1000', 'size="1000"']] as const) {
      const res = await fetch(`${uriOf(dataset)}/relations${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toContain(cause);
    }
    expect((await fetch(`${app.url}/datasets/00000000-0000-3000-8000-000000000000/relations`)).status).toBe(404);
    expect((await fetch(`${app.url}/concepts/${dataset.id}/relations`)).status).toBe(404);
  });
});

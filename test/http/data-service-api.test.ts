// What a developer reads of an API beside its record: its operations in the document's order
// (GET /data-services/{id}/operations and the JSON view) and the OpenAPI document itself, byte for
// byte ({record}/openapi), with 404 and 410 as the record URI answers them.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDescription } from '../../harvesters/openapi/api-description.js';
import { dataServiceQuads } from '../../harvesters/openapi/map-data-service.js';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { recordUri } from '../../src/rdf/catalog-record.js';
import { canonicalNTriples, graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { CATALOG_IRI, CONFORMS, SOURCE } from './support/catalog-fixture.js';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

const DOC = 'https://api.example.no/enheter/openapi.yaml';
const BYTES = Buffer.from('openapi: 3.0.3\ninfo:\n  title: Enheter\n  version: "1.0"\n# the document as served, comments and all\n');

/** Operations written in an order that is neither alphabetical nor by method. */
const API: ApiDescription = {
  spec: { family: 'openapi', version: '3.0.3' },
  title: 'Enheter',
  version: '1.0',
  servers: ['https://api.example.no/enheter'],
  serverProblems: [],
  tags: [{ name: 'enheter' }],
  securitySchemes: [],
  allowsAnonymous: true,
  mediaTypes: ['application/json'],
  operations: [
    { method: 'post', path: '/sok', operationId: 'sokEnheter', summary: 'Søk etter enheter', tags: ['enheter'], parameters: [], deprecated: false, mediaTypes: ['application/json'] },
    { method: 'get', path: '/enheter/{orgnr}', operationId: 'hentEnhet', summary: 'Hent én enhet', tags: ['enheter', 'oppslag'], parameters: [{ name: 'orgnr', in: 'path', required: true }], deprecated: false, mediaTypes: [] },
    { method: 'delete', path: '/enheter/{orgnr}', description: 'Gammel sletting.\nBruk heller …', tags: [], parameters: [], deprecated: true, mediaTypes: [] },
  ],
};

function service(iri: string, artefact: boolean, overrides: Partial<RecordWrite> = {}): RecordWrite {
  // A service without a kept document has no operations either (its agency described it in DCAT only).
  const graph = canonicalNTriples(dataServiceQuads(artefact ? API : { ...API, operations: [] }, { iri, documentUrl: DOC, publisher: '974760673' }));
  return {
    id: uuidV3(iri),
    iri,
    kind: 'data-service',
    sourceId: SOURCE.id,
    catalogId: uuidV3(CATALOG_IRI),
    hash: graphHash(graph),
    status: 'published',
    issued: '2025-01-02T10:00:00.000Z',
    modified: '2025-03-04T12:30:00.000Z',
    graph,
    validation: CONFORMS,
    ...(artefact ? { artefacts: [{ name: 'openapi' as const, mediaType: 'application/yaml', hash: createHash('sha256').update(BYTES).digest('hex'), body: BYTES }] } : {}),
    ...overrides,
  };
}

describe('the operations and the OpenAPI document of a data service', () => {
  let catalog: LoadedCatalog;
  let app: RunningApp;
  const described = service('https://api.example.no/enheter', true);
  const undocumented = service('https://api.example.no/uten-dokument', false);
  const removed = service('https://api.example.no/fjernet', true);
  const quarantined = service('https://api.example.no/holdt-tilbake', true, { status: 'quarantined' });
  const uri = (w: RecordWrite): string => recordUri(app.url, 'data-service', w.id);

  beforeAll(async () => {
    catalog = await loadCatalog([described, undocumented, removed, quarantined]);
    await catalog.store.markRemoved([removed.id], '2025-05-06T07:08:09.000Z');
    app = await startApp(async (url) => ({ store: catalog.store, sparql: await catalog.sparqlIndex(url), sparqlTimeoutMs: 5000, maxQueryLength: 10_000 }));
  });
  afterAll(async () => {
    await app.close();
    await catalog.close();
  });

  it('lists the operations in the document\'s order with method, path, operationId, summary, tags and deprecated', async () => {
    const res = await fetch(`${uri(described)}/operations`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { total: number; record: string; operations: unknown[] };
    expect(body.record).toBe(uri(described));
    expect(body.total).toBe(3);
    expect(body.operations).toEqual([
      { method: 'POST', path: '/sok', operationId: 'sokEnheter', summary: 'Søk etter enheter', tags: ['enheter'], deprecated: false },
      { method: 'GET', path: '/enheter/{orgnr}', operationId: 'hentEnhet', summary: 'Hent én enhet', tags: ['enheter', 'oppslag'], deprecated: false },
      { method: 'DELETE', path: '/enheter/{orgnr}', operationId: null, summary: 'Gammel sletting.', tags: [], deprecated: true },
    ]);
    const again = await fetch(`${uri(described)}/operations`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('puts the same operations and the document\'s URL in the record\'s JSON view', async () => {
    const view = (await (await fetch(uri(described), { headers: { Accept: 'application/json' } })).json()) as { operations: { operationId: string | null }[]; openapi: string };
    expect(view.operations.map((o) => o.operationId)).toEqual(['sokEnheter', 'hentEnhet', null]);
    expect(view.openapi).toBe(`${uri(described)}/openapi`);
  });

  it('serves the document unchanged with its media type and its content hash as a strong ETag', async () => {
    const res = await fetch(`${uri(described)}/openapi`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(BYTES);
    expect(res.headers.get('etag')).toBe(`"${createHash('sha256').update(BYTES).digest('hex')}"`);
    const again = await fetch(`${uri(described)}/openapi`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for a record without a document or a quarantined one, 410 for a removed one, as problems', async () => {
    const none = await fetch(`${uri(undocumented)}/openapi`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { detail: string }).detail).toMatch(/keeps no OpenAPI description/);
    expect((await fetch(`${uri(quarantined)}/openapi`)).status).toBe(404);
    expect((await fetch(`${uri(quarantined)}/operations`)).status).toBe(404);
    const gone = await fetch(`${uri(removed)}/openapi`);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${uri(removed)}/operations`)).status).toBe(410);
    const bad = await fetch(`${uri(described)}/operations?lang=xx`);
    expect(bad.status).toBe(400);
  });

  it('an undocumented data service has an empty list of operations', async () => {
    const body = (await (await fetch(`${uri(undocumented)}/operations`)).json()) as { total: number; operations: unknown[] };
    expect(body).toMatchObject({ total: 0, operations: [] });
  });
});

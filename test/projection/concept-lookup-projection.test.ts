import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataFactory } from 'n3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { ConceptLookupProjection } from '../../src/projection/concept-lookup-projection.js';
import { Projector } from '../../src/projection/projector.js';
import { SKOS } from '../../src/rdf/namespaces.js';
import { canonicalNTriples, graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { MemoryConceptLookup } from '../../src/search/lookup/memory-concept-lookup.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const { namedNode, literal, quad } = DataFactory;
const root = mkdtempSync(path.join(tmpdir(), 'concept-lookup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function record(iri: string, kind: RecordWrite['kind'], labels: [string, string][], status: RecordWrite['status'] = 'published'): RecordWrite {
  const graph = canonicalNTriples(labels.map(([value, lang]) => quad(namedNode(iri), namedNode(SKOS.prefLabel), literal(value, lang))));
  const at = '2026-01-01T00:00:00.000Z';
  return { id: uuidV3(iri), iri, kind, sourceId: 'source-1', catalogId: null, hash: graphHash(graph), status, issued: at, modified: at, graph, validation: null };
}

describe('the concept lookup as a projection of the store', () => {
  it('holds the published concepts after a rebuild, follows changes, and leaves out other kinds and quarantined concepts', async () => {
    const store = SqliteStore.open({ dataDir: path.join(root, 'a') });
    await store.saveSource({ id: 'source-1', url: 'https://example.no/begreper.ttl', kind: 'dcat-ap-no', publisher: '974760673', quarantineInvalid: false, createdAt: '2026-01-01T00:00:00.000Z' });
    await store.writeRecords([
      record('https://example.no/begrep/inntekt', 'concept', [['inntekt', 'nb'], ['income', 'en']]),
      record('https://example.no/datasett/inntekt', 'dataset', [['inntektsstatistikk', 'nb']]),
      record('https://example.no/begrep/utkast', 'concept', [['inntektsutkast', 'nb']], 'quarantined'),
    ]);
    const lookup = new MemoryConceptLookup();
    const projector = new Projector(store, [new ConceptLookupProjection(lookup, store)], silentLogger, 0);
    await projector.start();
    expect(lookup.lookup({ term: 'inntekt', limit: 10 }).hits.map((h) => [h.iri, h.match, h.referenceData])).toEqual([['https://example.no/begrep/inntekt', 'exact', false]]);

    await store.writeRecords([record('https://example.no/begrep/inntekt', 'concept', [['lønn', 'nb']]), record('https://example.no/begrep/skatt', 'concept', [['skatt', 'nb']])]);
    await projector.sync();
    expect(lookup.lookup({ term: 'inntekt', limit: 10 }).hits).toEqual([]);
    expect(lookup.lookup({ term: 'lønn', limit: 10 }).hits.map((h) => h.iri)).toEqual(['https://example.no/begrep/inntekt']);

    await store.markRemoved([uuidV3('https://example.no/begrep/skatt')], '2026-01-02T00:00:00.000Z');
    await projector.sync();
    expect(lookup.lookup({ term: 'skatt', limit: 10 }).hits).toEqual([]);
    expect(lookup.size).toBe(1);
    await projector.close();
    lookup.close();
    await store.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import type { HarvestedConcept } from '../../src/core/ports/harvested-vocabulary.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { SearchQuery } from '../../src/core/ports/search-index.js';
import { TermLabels } from '../../src/core/term-labels.js';
import { Projector } from '../../src/projection/projector.js';
import { harvestedLabelsName, ReferenceLabelsProjection } from '../../src/projection/reference-labels-projection.js';
import { SearchProjection } from '../../src/projection/search-projection.js';
import { DCAT, DCT, RDF, SKOS } from '../../src/rdf/namespaces.js';
import { canonicalNTriples, graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.js';
import { searchVocabularyOf } from '../../src/search/vocabulary/search-vocabulary.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { loadBundledVocabularies } from '../../src/vocabulary/bundled-vocabularies.js';

const { namedNode, literal, quad } = DataFactory;
const here = path.dirname(fileURLToPath(import.meta.url));
const vocabularies = loadBundledVocabularies(path.resolve(here, '../../vocab'));
const root = mkdtempSync(path.join(tmpdir(), 'reference-labels-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ENVI = 'http://publications.europa.eu/resource/authority/data-theme/ENVI';
const ECON = 'http://publications.europa.eu/resource/authority/data-theme/ECON';
const DATASET = 'https://example.no/datasett/luft';
const at = '2026-01-01T00:00:00.000Z';

function record(iri: string, kind: RecordWrite['kind'], sourceId: string, quads: Quad[]): RecordWrite {
  const graph = canonicalNTriples(quads);
  return { id: uuidV3(iri), iri, kind, sourceId, catalogId: null, hash: graphHash(graph), status: 'published', issued: at, modified: at, graph, validation: null };
}
const concept = (iri: string, sourceId: string, labels: [string, string][]): RecordWrite =>
  record(iri, 'concept', sourceId, [quad(namedNode(iri), namedNode(RDF.type), namedNode(SKOS.Concept)), ...labels.map(([v, l]) => quad(namedNode(iri), namedNode(SKOS.prefLabel), literal(v, l)))]);
const dataset = record(DATASET, 'dataset', 'agency', [
  quad(namedNode(DATASET), namedNode(RDF.type), namedNode(DCAT.Dataset)),
  quad(namedNode(DATASET), namedNode(DCT.title), literal('Luftkvalitet', 'nb')),
  quad(namedNode(DATASET), namedNode(DCAT.theme), namedNode(ENVI)),
]);
const query: SearchQuery = { q: '', filters: {}, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 10, lang: 'nb' };

describe('harvested reference data as the labels of the catalog', () => {
  it('labels what records point to from the harvested scheme, over the bundled labels language by language, and search follows', async () => {
    const store = SqliteStore.open({ dataDir: path.join(root, 'a') });
    const source = (id: string, kind: string) => store.saveSource({ id, url: `https://example.no/${id}.ttl`, kind, publisher: '974760673', quarantineInvalid: false, createdAt: at });
    await source('agency', 'dcat-ap-no');
    await source('themes', 'skos');
    await source('concepts', 'skos-ap-no');
    await store.writeRecords([dataset]);

    const labels = new TermLabels([vocabularies.labels]);
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: searchVocabularyOf(vocabularies, labels) });
    let changes = 0;
    const reference = new ReferenceLabelsProjection(labels, store, () => {
      changes++;
      projector.refreshLater('search');
    });
    const projector = new Projector(store, [reference, new SearchProjection(index, store)], silentLogger, 0);
    await projector.start();
    const themeLabel = async (lang: SearchQuery['lang']) => (await index.search({ ...query, lang })).facets.theme!.buckets.find((b) => b.key === 'ENVI')!.label;
    expect(await themeLabel('nb')).toBe('Miljø');

    // A reference scheme's concept relabels ENVI in Bokmål; English stays the bundled one. An agency's concept with a theme's IRI labels nothing.
    await store.writeRecords([concept(ENVI, 'themes', [['Klima og miljø', 'nb']]), concept(ECON, 'concepts', [['Penger', 'nb']])]);
    await projector.sync();
    expect(labels.label(ENVI)).toMatchObject({ nb: 'Klima og miljø', en: 'Environment' });
    expect(labels.label(ECON)!.nb).toBe('Økonomi og finans');
    expect(labels.sources.slice(1)).toEqual([harvestedLabelsName('themes')]);
    expect(changes).toBe(1);
    // The dataset did not change, yet its document was re-read with the new label: the facet and text search show it.
    expect(await themeLabel('nb')).toBe('Klima og miljø');
    expect(await themeLabel('en')).toBe('Environment');
    expect((await index.search({ ...query, q: 'klima', filters: { type: ['dataset'] } })).hits.map((h) => h.iri)).toEqual([DATASET]);

    // A fresh process reads the same labels from the store, without asking search to re-read anything.
    const again = new TermLabels([vocabularies.labels]);
    let restarted = 0;
    const second = new Projector(store, [new ReferenceLabelsProjection(again, store, () => restarted++)], silentLogger, 0);
    await second.start();
    expect(again.label(ENVI)!.nb).toBe('Klima og miljø');
    expect(again.fingerprint).toBe(labels.fingerprint);
    expect(restarted).toBe(0);
    await second.close();

    // Removed from the scheme: the bundled label is back, everywhere.
    await store.markRemoved([uuidV3(ENVI)], '2026-01-02T00:00:00.000Z');
    await projector.sync();
    expect(labels.label(ENVI)!.nb).toBe('Miljø');
    expect(labels.sources).toHaveLength(1);
    expect(await themeLabel('nb')).toBe('Miljø');
    expect(changes).toBe(2);

    await projector.close();
    await index.close();
    await store.close();
  });

  it('gives validation every reference concept with its schemes, whole, each time a reference source changes, and no agency concept', async () => {
    const store = SqliteStore.open({ dataDir: path.join(root, 'b') });
    const source = (id: string, kind: string) => store.saveSource({ id, url: `https://example.no/${id}.ttl`, kind, publisher: '974760673', quarantineInvalid: false, createdAt: at });
    await source('themes', 'skos');
    await source('concepts', 'skos-ap-no');
    const SCHEME = 'http://publications.europa.eu/resource/authority/data-theme';
    const inScheme = (write: RecordWrite, scheme: string): RecordWrite => {
      const graph = `${write.graph}<${write.iri}> <${SKOS.inScheme}> <${scheme}> .\n`;
      return { ...write, graph, hash: graphHash(graph) };
    };
    await store.writeRecords([inScheme(concept(ENVI, 'themes', [['Miljø', 'nb']]), SCHEME), inScheme(concept(ECON, 'concepts', [['Penger', 'nb']]), SCHEME)]);
    const given: (readonly HarvestedConcept[])[] = [];
    const projector = new Projector(store, [new ReferenceLabelsProjection(new TermLabels([vocabularies.labels]), store, () => undefined, { useHarvestedConcepts: (c) => given.push(c) })], silentLogger, 0);
    await projector.start();
    expect(given).toEqual([[{ iri: ENVI, schemes: [SCHEME] }]]);

    // A dataset harvest tells validation nothing; a reference concept added tells it everything again.
    await store.writeRecords([dataset]);
    await projector.sync();
    expect(given).toHaveLength(1);
    const GOVE = `${SCHEME}/GOVE`;
    await store.writeRecords([inScheme(concept(GOVE, 'themes', [['Forvaltning', 'nb']]), SCHEME)]);
    await projector.sync();
    expect(given.at(-1)!.map((c) => c.iri).sort()).toEqual([ENVI, GOVE]);

    await store.markRemoved([uuidV3(ENVI)], '2026-01-02T00:00:00.000Z');
    await projector.sync();
    expect(given.at(-1)).toEqual([{ iri: GOVE, schemes: [SCHEME] }]);
    await projector.close();
    await store.close();
  });

  it('publishes labels and concepts once per pass over the change log, however many batches the pass takes', async () => {
    // Each publication merges every label and hands validation every concept: once per batch of 2 000, a source
    // of 32 000 concepts cost 16 publications of all of them (5.5 s, growing with the square of the source).
    const store = SqliteStore.open({ dataDir: path.join(root, 'c') });
    await store.saveSource({ id: 'themes', url: 'https://example.no/themes.ttl', kind: 'skos', publisher: '974760673', quarantineInvalid: false, createdAt: at });
    const SCHEME = 'https://example.no/tema';
    const labels = new TermLabels([vocabularies.labels]);
    const given: (readonly HarvestedConcept[])[] = [];
    let changes = 0;
    const projector = new Projector(store, [new ReferenceLabelsProjection(labels, store, () => changes++, { useHarvestedConcepts: (c) => given.push(c) })], silentLogger, 0);
    await projector.start();
    expect(given).toEqual([[]]);

    const many = Array.from({ length: 5000 }, (_, i) => {
      const iri = `${SCHEME}/${i}`;
      const write = concept(iri, 'themes', [[`Tema ${i}`, 'nb']]);
      const graph = `${write.graph}<${iri}> <${SKOS.inScheme}> <${SCHEME}> .\n`;
      return { ...write, graph, hash: graphHash(graph) };
    });
    await store.writeRecords(many);
    expect((await store.changesSince(0, 10_000)).length).toBeGreaterThan(4000); // three batches of the change log
    await projector.sync();
    expect(given).toHaveLength(2);
    expect(given[1]).toHaveLength(5000);
    expect(changes).toBe(1);
    expect(labels.label(`${SCHEME}/4999`)).toMatchObject({ nb: 'Tema 4999' });
    await projector.close();
    await store.close();
  });
});

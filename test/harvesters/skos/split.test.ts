import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECORD_QUADS, splitSkos } from '../../../harvesters/skos/index.js';
import { offlineDocuments } from '../../support/offline-documents.js';
import { parseTurtle, sourceGraph } from '../dcat-ap-no/support/graph-compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DT = 'http://publications.europa.eu/resource/authority/data-theme';
const context = { sourceId: 'eu-themes', sourceName: 'https://example.org/data-theme.ttl', publisher: '974760673', baseUrl: 'http://localhost:8080', documents: offlineDocuments };
const result = splitSkos(sourceGraph(parseTurtle(readFileSync(path.join(here, 'fixtures/data-themes-extract.ttl'), 'utf8'))), context, { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS });

describe('the skos harvester (reference data)', () => {
  it('makes the scheme a collection record listing its top concepts, and every concept a concept record', () => {
    const records = result.records.map((r) => [r.kind, r.iri, r.catalogIri]);
    expect(records).toContainEqual(['collection', DT, null]);
    for (const code of ['AGRI', 'ECON', 'ENVI']) expect(records).toContainEqual(['concept', `${DT}/${code}`, DT]);
    // A narrower concept, which SKOS links only upwards, is listed by the generated collection.
    const klima = result.records.find((r) => r.iri === `${DT}/ENVI-KLIMA`)!;
    expect(klima.catalogIri).toBe('http://localhost:8080/sources/eu-themes/catalog');
  });

  it('keeps labels in every language and the broader/narrower links in the concept records', () => {
    const envi = result.records.find((r) => r.iri === `${DT}/ENVI`)!;
    expect(envi.quads.filter((q) => q.predicate.value.endsWith('#prefLabel')).map((q) => (q.object as { language: string }).language).sort()).toEqual(['de', 'en', 'nb', 'nn']);
    expect(envi.quads.some((q) => q.predicate.value.endsWith('#narrower') && q.object.value === `${DT}/ENVI-KLIMA`)).toBe(true);
  });

  it('reports each concept that shares a notation with another in its scheme', () => {
    expect(result.problems.filter((p) => p.kind === 'invalid').map((p) => [p.resource, p.message])).toEqual([
      [`${DT}/ENVI`, `The notation "ENVI" of <${DT}/ENVI> is also the notation of <${DT}/ENVI-KLIMA> in the scheme <${DT}>; a notation must be unique in its scheme.`],
      [`${DT}/ENVI-KLIMA`, `The notation "ENVI" of <${DT}/ENVI-KLIMA> is also the notation of <${DT}/ENVI> in the scheme <${DT}>; a notation must be unique in its scheme.`],
    ]);
  });

  it('names up to five of the others (records come in IRI order) when many concepts share a notation, and counts the rest', () => {
    const S = 'https://x.no/scheme';
    const concepts = Array.from({ length: 3_000 }, (_, i) => `<https://x.no/c${i}> a skos:Concept ; skos:prefLabel "C${i}"@nb ; skos:inScheme <${S}> ; skos:notation "SAME" .`).join('\n');
    const many = splitSkos(sourceGraph(parseTurtle(`@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<${S}> a skos:ConceptScheme .\n${concepts}`)), context, { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS });
    const invalid = many.problems.filter((p) => p.kind === 'invalid');
    expect(invalid).toHaveLength(3_000);
    const first = invalid.find((p) => p.resource === 'https://x.no/c0')!;
    expect(first.message).toBe(
      `The notation "SAME" of <https://x.no/c0> is also the notation of <https://x.no/c1>, <https://x.no/c10>, <https://x.no/c100>, <https://x.no/c1000>, <https://x.no/c1001> and 2994 other concept(s) in the scheme <${S}>; a notation must be unique in its scheme.`,
    );
  });

  it('reports the blank-node concept it cannot identify', () => {
    expect(result.problems.filter((p) => p.kind === 'skipped').map((p) => p.message)).toEqual([expect.stringMatching(/blank-node skos:Concept \(titled "Uten IRI"\)/)]);
  });
});

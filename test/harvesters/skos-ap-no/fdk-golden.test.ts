// Golden tests against data.norge.no's own concept harvester fixtures (fdk-concept-harvester, see
// ../shared/corpus/fdk/MANIFEST.md): each payload (harvest_response*.ttl, SKOS-AP-NO 1.x with SKOS-XL
// labels) is split and the records compared, by isomorphism after deskolemising both sides, with the
// graphs FDK stores. Only the differences listed in harvesters/skos-ap-no/README.md are subtracted:
//   C1 FDK's graphs carry its dcat:CatalogRecords (the no_meta_* fixtures are the same graphs without);
//   C2 FDK's collection graph holds the full graphs of its concepts, ours links them (compared with the
//      union of our collection record and the records of the concepts it lists);
//   C3 a blank-node concept with a dct:identifier ("is-filtered") gets an IRI from us, FDK drops it;
//   C4 a concept without any preferred term is left out by us (reported), FDK keeps it;
//   C5 skolem uuids are computed differently (compared after deskolemising).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECORD_QUADS, splitSkosApNo } from '../../../harvesters/skos-ap-no/index.js';
import type { SplitContext, SplitResult } from '../../../src/core/ports/harvester.js';
import { SKOS } from '../../../src/rdf/namespaces.js';
import { deskolemise, diffGraphs, isIsomorphic } from '../../../src/rdf/isomorphism.js';
import { identifiedResourceIri } from '../../../src/rdf/records/generated-iris.js';
import { offlineDocuments } from '../../support/offline-documents.js';
import { dedupe, parseTurtle, sourceGraph, withoutCatalogRecords } from '../dcat-ap-no/support/graph-compare.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '../../../../shared/corpus/fdk/harvester-tests/concept-harvester');
const present = existsSync(dir);
if (!present) console.warn(`FDK concept golden tests skipped: the FDK corpus is not at ${dir} (it lives outside the repository).`);

const context: SplitContext = { sourceId: 'fdk-fixture', sourceName: 'https://testdirektoratet.no/begreper', publisher: '974760673', baseUrl: 'http://localhost:8080', documents: offlineDocuments };
const read = (file: string): Quad[] => parseTurtle(readFileSync(path.join(dir, file), 'utf8'));
const split = (file: string): SplitResult => splitSkosApNo(sourceGraph(read(file)), context, { maxRecordQuads: DEFAULT_MAX_RECORD_QUADS });
const empty: SplitResult = { records: [], problems: [] };

const COLLECTION = 'https://www.example.com/begrepskatalog/0';
const C0 = 'https://example.com/begrep/0';
const C1 = 'https://example.com/begrep/1';
const FILTERED = identifiedResourceIri(context.baseUrl, context.sourceId, 'is-filtered');

function quadsOf(result: SplitResult, iri: string): readonly Quad[] {
  const record = result.records.find((r) => r.iri === iri);
  if (!record) throw new Error(`no record for <${iri}>; records: ${result.records.map((r) => r.iri).join(', ')}`);
  return record.quads;
}

function expectIsomorphic(actual: readonly Quad[], expected: readonly Quad[]): void {
  const a = dedupe(deskolemise(actual));
  const e = dedupe(deskolemise(expected));
  if (!isIsomorphic(a, e)) {
    const { onlyInA, onlyInB } = diffGraphs(a, e);
    expect.fail(`graphs differ\nonly in ours:\n  ${onlyInA.join('\n  ')}\nonly in FDK's:\n  ${onlyInB.join('\n  ')}`);
  }
}

describe.skipIf(!present)('golden: fdk-concept-harvester fixtures', () => {
  describe('harvest_response_0.ttl (a collection, two SKOS-XL concepts, a blank concept and a blank collection)', () => {
    const result = present ? split('harvest_response_0.ttl') : empty;

    it('cuts the collection and its two concepts', () => {
      expect(result.records.map((r) => [r.kind, r.iri, r.catalogIri])).toEqual([
        ['collection', COLLECTION, null],
        ['concept', C0, COLLECTION],
        ['concept', C1, COLLECTION],
      ]);
    });
    it('matches no_meta_concept_0.ttl exactly', () => expectIsomorphic(quadsOf(result, C0), read('no_meta_concept_0.ttl')));
    it('matches no_meta_concept_1.ttl exactly', () => expectIsomorphic(quadsOf(result, C1), read('no_meta_concept_1.ttl')));
    it('matches concept_0.ttl apart from the catalog records and the copy of the collection (C1, C2)', () => {
      const expected = withoutCatalogRecords(read('concept_0.ttl'));
      const collection = new Set([COLLECTION, ...expected.filter((q) => q.subject.value === COLLECTION && q.object.termType === 'NamedNode' && q.predicate.value !== SKOS.member && q.object.value.includes('/.well-known/skolem/')).map((q) => q.object.value)]);
      expectIsomorphic(quadsOf(result, C0), expected.filter((q) => !collection.has(q.subject.value)));
    });
    it('matches no_meta_collection_0.ttl: our collection record with the records of its concepts (C2), without the C3 concept', () => {
      const union = [...quadsOf(result, COLLECTION), ...quadsOf(result, C0), ...quadsOf(result, C1)].filter((q) => q.object.value !== FILTERED);
      expectIsomorphic(union, read('no_meta_collection_0.ttl'));
    });
    it('matches collection_0_no_concepts.ttl for the collection\'s own triples (C1)', () => {
      const own = quadsOf(result, COLLECTION).filter((q) => q.predicate.value !== SKOS.member);
      expectIsomorphic(own, withoutCatalogRecords(read('collection_0_no_concepts.ttl')));
    });
    it('reports what FDK filters silently: the blank concept (an IRI from its identifier, C3, but no term, C4) and the blank collection', () => {
      expect(result.problems.filter((p) => p.kind === 'skipped').map((p) => [p.resource, p.message])).toEqual([
        [FILTERED, expect.stringContaining('has no preferred term')],
        [undefined, expect.stringMatching(/blank-node skos:Collection \(titled "Is filtered"\).*give it an IRI/)],
      ]);
    });
  });

  describe('harvest_response_0_diff.ttl (concept 0 lost its publisher)', () => {
    const result = present ? split('harvest_response_0_diff.ttl') : empty;
    it('matches no_meta_concept_0_diff.ttl exactly', () => expectIsomorphic(quadsOf(result, C0), read('no_meta_concept_0_diff.ttl')));
  });

  describe('harvest_response_0_missing_concept1.ttl and harvest_response_0_no_concepts.ttl', () => {
    it('drops what the payload no longer has', () => {
      expect(split('harvest_response_0_missing_concept1.ttl').records.map((r) => r.iri)).toEqual([COLLECTION, C0]);
      const none = split('harvest_response_0_no_concepts.ttl');
      expect(none.records.map((r) => r.iri)).toEqual([COLLECTION]);
      expectIsomorphic(quadsOf(none, COLLECTION), withoutCatalogRecords(read('collection_0_no_concepts.ttl')));
    });
  });

  describe('no_meta_concept_2.ttl as a payload (a concept without any term, in no collection)', () => {
    it('is left out with the reason (C4), where FDK keeps it', () => {
      const result = split('no_meta_concept_2.ttl');
      expect(result.records.filter((r) => r.kind === 'concept')).toEqual([]);
      expect(result.problems.filter((p) => p.resource === 'https://example.com/begrep/2').map((p) => p.message)).toEqual([expect.stringContaining('has no preferred term')]);
    });
  });
});

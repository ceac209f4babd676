import { describe, expect, it } from 'vitest';
import type { RecordState } from '../../src/core/catalog-record.js';
import { listingKindOf } from '../../src/core/resource-kind.js';
import { catalogRecordNTriples, listingRecordUri } from '../../src/rdf/catalog-record.js';
import type { RecordVocabulary } from '../../src/rdf/records/split-records.js';
import { DCAT_AP_NO_VOCABULARY } from '../../harvesters/dcat-ap-no/record-vocabulary.js';
import { MODELLDCAT_AP_NO_VOCABULARY } from '../../harvesters/modelldcat-ap-no/record-vocabulary.js';
import { SKOS_AP_NO_VOCABULARY } from '../../harvesters/skos-ap-no/record-vocabulary.js';
import { SKOS_VOCABULARY } from '../../harvesters/skos/record-vocabulary.js';

const BASE = 'https://katalog.example.no';
const state = (kind: RecordState['kind'], catalogId: string | null): RecordState => ({
  id: 'r1', iri: 'https://data.example.no/r1', kind, sourceId: 's1', catalogId, hash: 'h', status: 'published', issued: '2026-01-01T00:00:00Z', modified: '2026-01-02T00:00:00Z', removedAt: null,
});
const isPartOf = (ntriples: string): string | undefined => /<http:\/\/purl\.org\/dc\/terms\/isPartOf> <([^>]+)>/.exec(ntriples)?.[1];

describe('the catalog record of a record', () => {
  it('is part of the record of its collection when it is a concept, of its catalog otherwise, and of nothing when it is a catalog', () => {
    expect(isPartOf(catalogRecordNTriples(state('concept', 'c1'), BASE))).toBe(`${BASE}/collections/c1`);
    expect(isPartOf(catalogRecordNTriples(state('dataset', 'c1'), BASE))).toBe(`${BASE}/catalogs/c1`);
    expect(isPartOf(catalogRecordNTriples(state('information-model', 'c1'), BASE))).toBe(`${BASE}/catalogs/c1`);
    expect(isPartOf(catalogRecordNTriples(state('catalog', 'c1'), BASE))).toBeUndefined();
    expect(isPartOf(catalogRecordNTriples(state('dataset', null), BASE))).toBeUndefined();
    expect(listingRecordUri(BASE, state('concept', 'c1'))).toBe(`${BASE}/collections/c1`);
  });

  it('names a kind of listing record that every harvester listing records of that kind produces', () => {
    const vocabularies: [string, RecordVocabulary][] = [
      ['dcat-ap-no', DCAT_AP_NO_VOCABULARY],
      ['modelldcat-ap-no', MODELLDCAT_AP_NO_VOCABULARY],
      ['skos-ap-no', SKOS_AP_NO_VOCABULARY],
      ['skos', SKOS_VOCABULARY],
    ];
    const checked: string[] = [];
    for (const [name, vocabulary] of vocabularies) {
      for (const kind of vocabulary.recordClasses.kinds) {
        if (vocabulary.listing.kinds.includes(kind)) continue;
        expect(vocabulary.listing.kinds, `${name}: records of kind ${kind}`).toContain(listingKindOf(kind));
        checked.push(`${name}/${kind}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['dcat-ap-no/dataset', 'skos-ap-no/concept', 'skos/concept', 'modelldcat-ap-no/information-model']));
  });
});

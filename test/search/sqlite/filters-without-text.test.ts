// A search with filters on facet values and no text reads only the documents of the filtered values
// (their postings) and the documents that pass; a word in most documents takes its filters' bits from the
// postings too. The postings are built from the facet memory and built
// again after every change: the counts must stay those of a brute-force scan through upserts, changed
// values and removals, and the hits those the filters select.
import { describe, expect, it } from 'vitest';
import { MISSING_VALUE, type SearchFilters, type SearchQuery, type SearchRecordInput, type ValueFacet } from '../../../src/core/ports/search-index.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { SqliteSearchIndex } from '../../../src/search/sqlite/sqlite-search-index.js';
import { CONTRACT_NOW, contractInputs, contractVocabulary, conceptInputs } from '../../contract/search-index.contract.js';
import { bruteForceCounts } from '../fixtures/brute-force-oracle.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const query = (filters: SearchFilters): SearchQuery => ({ q: '', filters, sort: { field: 'modified', direction: 'desc' }, page: 0, size: 100, lang: 'nb', facetSize: 1000 });

const FILTER_SETS: SearchFilters[] = [
  { type: ['concept'] },
  { type: ['concept'], conceptStatus: ['DRAFT'] },
  { type: ['concept'], conceptStatus: ['CURRENT', 'DRAFT'], subjectArea: ['skatt'] },
  { conceptStatus: [MISSING_VALUE] },
  { theme: ['ENVI'], accessRights: ['PUBLIC'], type: ['dataset'] },
  { theme: ['ENVI', 'EDUC'], orgPath: ['/STAT'] },
  { publisher: ['971040238'], type: ['dataset', 'concept'] },
  { theme: ['NO-SUCH-THEME'], type: ['dataset'] },
];

async function expectOracle(index: SqliteSearchIndex, inputs: readonly SearchRecordInput[], when: string, q = ''): Promise<void> {
  const docs = inputs.map((i) => buildSearchDocument(i, contractVocabulary));
  // With text: the documents the text alone finds are the oracle's text matches.
  const found = new Set(q === '' ? docs.map((d) => d.id) : (await index.search({ ...query({}), q })).hits.map((h) => h.id));
  for (const filters of FILTER_SETS) {
    const r = await index.search({ ...query(filters), q });
    const oracle = bruteForceCounts(docs, filters, (d) => found.has(d.id), CONTRACT_NOW);
    const what = `${when}: ${JSON.stringify(filters)}`;
    expect(r.total, what).toBe(oracle.total);
    expect(r.hits.map((h) => h.id).sort(), what).toEqual(oracle.ids);
    for (const [facet, counts] of Object.entries(r.facets)) {
      if (!(facet in oracle.facets) || counts.buckets === undefined) continue;
      const got = new Map(counts.buckets.map((b) => [b.key, b.count]));
      if (counts.missing > 0) got.set(MISSING_VALUE, counts.missing);
      expect(got, `${facet} ${what}`).toEqual(oracle.facets[facet as ValueFacet]);
    }
  }
}

describe('SQLite search: filters on facet values without text', () => {
  it('counts and selects as a brute-force scan does, and still does after documents are added, changed and removed', async () => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    let inputs: SearchRecordInput[] = [...contractInputs, ...conceptInputs.filter((i) => i.referenceData !== true)];
    await index.upsert(inputs);
    await expectOracle(index, inputs, 'first');

    // A draft concept becomes current, and a new draft concept with the subject area "skatt" arrives.
    const changed = recordsFromTurtle(`
      @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> .
      @prefix st: <http://publications.europa.eu/resource/authority/concept-status/> .
      <https://example.org/begrep/eiendel> a skos:Concept ; skos:prefLabel "eiendel"@nb ; dct:subject "skatt"@nb ; euvoc:status st:CURRENT .
      <https://example.org/begrep/gjeld> a skos:Concept ; skos:prefLabel "gjeld"@nb ; dct:subject "skatt"@nb ; euvoc:status st:DRAFT .
    `, { sourcePublisher: '974761076' });
    const draftsBefore = (await index.search(query({ type: ['concept'], conceptStatus: ['DRAFT'] }))).hits.map((h) => h.iri);
    expect(draftsBefore).toEqual(['https://example.org/begrep/eiendel']);
    await index.upsert(changed);
    inputs = [...inputs.filter((i) => !changed.some((c) => c.record.iri === i.record.iri)), ...changed];
    await expectOracle(index, inputs, 'after the change');
    expect((await index.search(query({ type: ['concept'], conceptStatus: ['DRAFT'] }))).hits.map((h) => h.iri)).toEqual(['https://example.org/begrep/gjeld']);

    // Removing documents removes them from the postings too.
    const removed = inputs.filter((i) => i.record.kind === 'dataset').slice(0, 3);
    await index.remove(removed.map((i) => i.record.id));
    inputs = inputs.filter((i) => !removed.includes(i));
    await expectOracle(index, inputs, 'after removals');
    await index.close();
  });

  it('counts a word in most documents with filters as a brute-force scan does, whether the filters are read from the postings or from each match', async () => {
    const index = SqliteSearchIndex.open({ file: ':memory:', vocabulary: contractVocabulary, now: () => CONTRACT_NOW });
    const inputs: SearchRecordInput[] = [...contractInputs, ...conceptInputs.filter((i) => i.referenceData !== true)];
    await index.upsert(inputs);
    // "miljø" is in 11 of the 20 documents: more than half, so its filters are read from the postings (built here first).
    expect((await index.search({ ...query({}), q: 'miljø' })).total * 2).toBeGreaterThan(inputs.length);
    await expectOracle(index, inputs, 'postings built for the search', 'miljø');
    await index.search(query({ type: ['concept'] }));
    await expectOracle(index, inputs, 'postings built before', 'miljø');
    // "kart" is in 6: each match's values are read.
    await expectOracle(index, inputs, 'a rarer word', 'kart');
    await index.close();
  });
});

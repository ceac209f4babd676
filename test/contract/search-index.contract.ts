import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  facetsForKinds, MISSING_VALUE, type FacetCounts, type ValueFacet, type SearchFilters, type SearchIndex, type SearchQuery, type SearchRecordInput,
} from '../../src/core/ports/search-index.js';
import { graphHash } from '../../src/rdf/ntriples.js';
import { recordQuality } from '../../src/rdf/record-quality.js';
import { MAX_QUALITY_SCORE } from '../../src/core/quality-metrics.js';
import { MAX_DATA_SERVICE_QUALITY_SCORE } from '../../src/core/data-service-quality-metrics.js';
import { qualityBand } from '../../src/core/quality-score.js';
import { buildSearchDocument } from '../../src/search/document/build-search-document.js';
import { VALUE_FACETS } from '../../src/search/kinds/registry.js';
import { HIT_DESCRIPTION_CHARS } from '../../src/search/search-hit.js';
import { MAX_HIT_ALT_LABELS, MAX_STORED_TERMS } from '../../src/search/kinds/concept/concept-mapper.js';
import type { SearchDocument } from '../../src/search/document/search-document.js';
import { loadSearchVocabulary } from '../support/project-vocabulary.js';
import { bruteForceCounts } from '../search/fixtures/brute-force-oracle.js';
import { recordsFromTurtle } from '../search/fixtures/records-from-turtle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CONTRACT_NOW = Date.parse('2025-06-01T00:00:00Z');
export const contractVocabulary = loadSearchVocabulary(path.resolve(here, '../../vocab'));
export const contractInputs: SearchRecordInput[] = recordsFromTurtle(readFileSync(path.resolve(here, '../search/fixtures/contract-catalog.ttl'), 'utf8'), {
  sourcePublisher: '971040238',
});
const EX = 'https://example.org/';
/** A record of a kind without DCAT's facets (a concept): none of them may count or select it. */
const conceptInput: SearchRecordInput = recordsFromTurtle(`
  @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dct: <http://purl.org/dc/terms/> .
  <${'https://example.org/'}begrep/adresse> a skos:Concept ; skos:prefLabel "Adresse"@nb, "Address"@en ;
    skos:definition "Beskrivelse av hvor noe befinner seg"@nb ; dct:modified "2025-05-30"^^<http://www.w3.org/2001/XMLSchema#date> .
`, { sourcePublisher: '971040238' })[0]!;
/** Two information models (test/search/kinds/fixtures): their own facets, the theme facet shared with DCAT, found by their parts. */
const modelInputs: SearchRecordInput[] = recordsFromTurtle(readFileSync(path.resolve(here, '../search/kinds/fixtures/information-models.ttl'), 'utf8'), {
  sourcePublisher: '991825827',
});
/**
 * Concepts for the concept search: terms of every kind (SKOS and SKOS-XL), definitions with audiences,
 * status, subject areas, collections; the last one comes from a reference-data source.
 */
export const conceptInputs: SearchRecordInput[] = recordsFromTurtle(`
  @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
  @prefix dct: <http://purl.org/dc/terms/> . @prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> .
  @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix uneskos: <http://purl.org/umu/uneskos#> .
  @prefix st: <http://publications.europa.eu/resource/authority/concept-status/> . @prefix aud: <https://data.norge.no/vocabulary/audience-type#> .
  <${EX}begrep/lonnsinntekt> a skos:Concept ; skos:prefLabel "lønnsinntekt"@nb , "employment income"@en ;
    skosxl:altLabel [ skosxl:literalForm "arbeidsinntekt"@nb ] ; skosxl:hiddenLabel [ skosxl:literalForm "gasje"@nb ] ;
    skos:definition "inntekt i form av lønn og feriepenger for arbeid i et arbeidsforhold"@nb ;
    dct:subject "skatt"@nb , "tax"@en ; euvoc:status st:CURRENT ; uneskos:memberOf <${EX}samling/skatt> .
  <${EX}begrep/formue> a skos:Concept ; skos:prefLabel "formue"@nb ; skos:altLabel "nettoformue"@nb ;
    euvoc:xlDefinition [ rdf:value "verdien av eiendeler fratrukket gjeld"@nb ; dct:audience aud:public ] ;
    dct:subject "skatt"@nb , "tax"@en ; euvoc:status st:CURRENT ; uneskos:memberOf <${EX}samling/skatt> .
  <${EX}begrep/eiendel> a skos:Concept ; skos:prefLabel "eiendel"@nb ; skos:altLabel "formuesgode"@nb , "formue"@nn ;
    euvoc:xlDefinition [ rdf:value "noe som har økonomisk verdi"@nb ; dct:audience aud:specialist ] , [ rdf:value "ting av verdi"@nb ; dct:audience aud:public ] ;
    dct:subject <${EX}fagomrade/regnskap> ; euvoc:status st:DRAFT .
  <${EX}begrep/selvangivelse> a skos:Concept ; skosxl:prefLabel [ skosxl:literalForm "selvangivelse"@nb ] ;
    skos:definition "skjema for inntekt og formue, brukt til 2018"@nb ; euvoc:status st:RETIRED ;
    euvoc:startDate "1980-01-01" ; euvoc:endDate "2018-12-31" .
  <http://publications.europa.eu/resource/authority/data-theme/ECON> a skos:Concept ; skos:prefLabel "Økonomi og finans"@nb , "Economy and finance"@en ;
    skos:notation "ECON" .
`, { sourcePublisher: '974761076' }).map((input) => (input.record.iri.includes('data-theme') ? { ...input, referenceData: true } : input));
const idOf = (local: string): string => contractInputs.find((i) => i.record.iri === EX + local)!.record.id;

export interface SearchIndexContractOptions {
  /** A new, empty index whose `modified` ranges count back from `now()`. */
  create(now: () => number): Promise<SearchIndex>;
  /** Closes and deletes it. */
  destroy(index: SearchIndex): Promise<void>;
}

const query = (q: string, filters: SearchFilters = {}, extra: Partial<SearchQuery> = {}): SearchQuery => ({
  q,
  filters,
  sort: { field: 'relevance', direction: 'desc' },
  page: 0,
  size: 50,
  lang: 'nb',
  facetSize: 1000,
  ...extra,
});

const bucketMap = (counts: FacetCounts): Map<string, number> => {
  const m = new Map(counts.buckets.map((b) => [b.key, b.count]));
  if (counts.missing > 0) m.set(MISSING_VALUE, counts.missing);
  return m;
};

/**
 * The behaviour every SearchIndex adapter must have. Run by test/search/sqlite (always) and
 * test/search/meilisearch (when MEILISEARCH_URL points at a server).
 */
export function searchIndexContract(name: string, options: SearchIndexContractOptions): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    /** The index's clock: CONTRACT_NOW unless a test moves it. */
    let clock = CONTRACT_NOW;
    const docs: SearchDocument[] = contractInputs.map((i) => buildSearchDocument(i, contractVocabulary));

    beforeEach(async () => {
      clock = CONTRACT_NOW;
      index = await options.create(() => clock);
      await index.upsert(contractInputs);
    });
    afterEach(async () => {
      await options.destroy(index);
    });

    const titles = async (q: string, filters: SearchFilters = {}, extra: Partial<SearchQuery> = {}): Promise<(string | null)[]> =>
      (await index.search(query(q, filters, extra))).hits.map((h) => h.title);

    it('holds one document per published record, and upserting the same records again changes nothing', async () => {
      expect(await index.count()).toBe(contractInputs.length);
      await index.upsert(contractInputs);
      expect(await index.count()).toBe(contractInputs.length);
      expect(await index.ids()).toEqual(contractInputs.map((i) => i.record.id).sort());
    });

    it('finds everything for an empty query, with an exact total and stable paging', async () => {
      const all = await index.search(query(''));
      expect(all.total).toBe(contractInputs.length);
      const seen = new Set<string>();
      for (let page = 0; page * 4 < all.total; page++) {
        const r = await index.search(query('', {}, { page, size: 4, sort: { field: 'title', direction: 'asc' } }));
        expect(r.total).toBe(all.total);
        for (const h of r.hits) seen.add(h.id);
      }
      expect(seen.size).toBe(contractInputs.length);
    });

    it('counts every facet exactly, with a missing bucket, as a brute-force scan does', async () => {
      const filterSets: SearchFilters[] = [
        {},
        { theme: ['ENVI'] },
        { theme: ['ENVI', 'EDUC'] },
        { theme: ['ENVI'], accessRights: ['PUBLIC'] },
        { orgPath: ['/STAT'], format: ['CSV'] },
        { theme: [MISSING_VALUE] },
        { openData: ['true'] },
        { losTheme: ['natur-klima-og-miljo'], type: ['dataset'] },
        { modifiedFrom: '2025-05-01', publisher: ['971040238', '999601391'] },
        { relations: [`${EX}stedsnavn`] },
        { uri: [`${EX}sjokart`, `${EX}kvalitet`] },
        { theme: ['NO-SUCH-THEME'] },
        { quality: ['poor'] },
        { quality: ['sufficient', 'excellent'], theme: ['ENVI'] },
        { quality: [MISSING_VALUE] },
      ];
      for (const filters of filterSets) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(docs, filters, () => true, CONTRACT_NOW);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        // Every facet that applies to the kinds searched is counted (with a type filter, only theirs).
        const applicable = facetsForKinds(index.facets, filters.type).filter((f) => f.filter === 'values').map((f) => f.name as ValueFacet);
        expect(VALUE_FACETS.filter((facet) => r.facets[facet] !== undefined), JSON.stringify(filters)).toEqual(applicable);
        for (const facet of applicable) expect(bucketMap(r.facets[facet]!), `${facet} for ${JSON.stringify(filters)}`).toEqual(oracle.facets[facet]);
        expect([...r.facets.modified!.buckets.map((b) => b.count), r.facets.modified!.missing]).toEqual([...oracle.modified.ranges, oracle.modified.older, oracle.modified.missing]);
      }
    });

    it('shows the facets that apply to the kinds searched; a facet never counts or selects a kind it does not apply to', async () => {
      await index.upsert([conceptInput]);
      const mixed = [...docs, buildSearchDocument(conceptInput, contractVocabulary)];
      const all = await index.search(query(''));
      expect(Object.keys(all.facets).sort()).toEqual(index.facets.map((f) => f.name).sort());
      const concepts = await index.search(query('', { type: ['concept'] }));
      expect(Object.keys(concepts.facets)).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'subjectArea', 'conceptStatus', 'collection', 'audience', 'validity', 'modified']);
      expect(concepts.total).toBe(1);
      expect(concepts.hits[0]).toMatchObject({ id: conceptInput.record.id, type: 'concept', title: 'Adresse', description: 'Beskrivelse av hvor noe befinner seg' });
      expect(concepts.hits[0]).not.toHaveProperty('themes');
      expect((await index.search(query('adresse', { type: ['concept'] }))).total).toBe(1);
      for (const filters of [{}, { theme: [MISSING_VALUE] }, { type: ['concept', 'dataset'] }, { openData: ['false'] }, { publisher: ['971040238'] }] as SearchFilters[]) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(mixed, filters, () => true, CONTRACT_NOW);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        const shown = VALUE_FACETS.filter((facet) => r.facets[facet] !== undefined);
        // The facets that apply are compared (a search across kinds shows at least one).
        expect(shown.length, JSON.stringify(filters)).toBeGreaterThan(0);
        for (const facet of shown) expect(bucketMap(r.facets[facet]!), `${facet} for ${JSON.stringify(filters)}`).toEqual(oracle.facets[facet]);
      }
      const noTheme = await index.search(query('', { theme: [MISSING_VALUE] }, { size: 100 }));
      expect(noTheme.hits.map((h) => h.id)).not.toContain(conceptInput.record.id);
      expect(noTheme.total).toBe(docs.filter((d) => d.facets.theme?.[0] === MISSING_VALUE).length);
    });

    it('searches information models by the names of their elements and properties, with their facets counted as a brute-force scan counts them', async () => {
      await index.upsert(modelInputs);
      const mixed = [...docs, ...modelInputs.map((i) => buildSearchDocument(i, contractVocabulary))];
      const models = await index.search(query('', { type: ['information-model'] }));
      expect(Object.keys(models.facets)).toEqual(['type', 'publisher', 'orgPath', 'referenceData', 'theme', 'losTheme', 'licence', 'status', 'concept', 'conformsTo', 'modified']);
      expect(models.total).toBe(2);
      const found = await index.search(query('fødselsnummer', { type: ['information-model'] }));
      expect(found.hits.map((h) => h.title)).toEqual(['Person']);
      expect(found.hits[0]!.matchedParts).toEqual([expect.objectContaining({ type: 'Attribute', title: 'fødselsnummer' })]);
      expect((await index.search(query('fodselsnummer'))).hits.map((h) => h.type)).toEqual(['information-model']);
      expect((await index.search(query('bruksenhetsnummer'))).hits.map((h) => h.title)).toEqual(['Adressemodell']);
      const filterSets: SearchFilters[] = [
        {}, { type: ['information-model'] }, { status: ['Completed'] }, { status: [MISSING_VALUE] }, { theme: ['GOVE'] },
        { theme: [MISSING_VALUE], type: ['information-model', 'dataset'] }, { licence: ['CC_BY_4_0'] }, { losTheme: ['familie-og-barn'] },
      ];
      for (const filters of filterSets) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(mixed, filters, () => true, CONTRACT_NOW);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        const shown = VALUE_FACETS.filter((facet) => r.facets[facet] !== undefined);
        expect(shown, JSON.stringify(filters)).toContain('status');
        for (const facet of shown) expect(bucketMap(r.facets[facet]!), `${facet} for ${JSON.stringify(filters)}`).toEqual(oracle.facets[facet]);
      }
      expect((await index.search(query('', { status: ['Completed'] }))).hits.map((h) => h.title)).toEqual(['Person']);
      const labelled = (await index.search(query('', { type: ['information-model'] }, { lang: 'en' }))).facets.status!;
      expect(labelled.buckets.map((b) => [b.key, b.label, b.count]).sort()).toEqual([['Completed', 'completed', 1], ['UnderDevelopment', 'under development', 1]]);
    });

    it('filters and counts the facets of the linked graph (hasApi, concept, conformsTo) as a brute-force scan does, and carries relation counts in hits', async () => {
      const linked = recordsFromTurtle(`
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix modelldcatno: <https://data.norge.no/vocabulary/modelldcatno#> . @prefix ex: <${EX}> .
        ex:grafA a dcat:Dataset ; dct:title "Graf A"@nb ; dct:subject ex:begrep-orgnr , ex:begrep-navn ; dct:conformsTo ex:modell .
        ex:grafB a dcat:Dataset ; dct:title "Graf B"@nb ; dct:subject ex:begrep-orgnr ; dcat:distribution ex:grafB-dist .
        ex:grafB-dist a dcat:Distribution ; dcat:accessService ex:api-b .
        ex:grafTjeneste a dcat:DataService ; dct:title "Graf-API"@nb ; dct:conformsTo ex:modell .
        ex:modell a modelldcatno:InformationModel ; dct:title "Grafmodell"@nb ; modelldcatno:containsModelElement ex:modell-Enhet .
        ex:modell-Enhet a modelldcatno:ObjectType ; dct:title "Enhet"@nb ; modelldcatno:hasProperty ex:modell-orgnr .
        ex:modell-orgnr a modelldcatno:Attribute ; dct:title "organisasjonsnummer"@nb ; dct:subject ex:begrep-orgnr .
      `, { sourcePublisher: '991825827' });
      // Graf A is served by a data service (known only from the relations index), Graf B has an access service of its own.
      const servedA = { servesDataset: { incoming: { 'data-service': 1 } }, subject: { outgoing: { concept: 1, external: 1 } } } as const;
      const inputs = linked.map((i) => (i.record.iri === `${EX}grafA` ? { ...i, relations: servedA } : i));
      await index.upsert(inputs);
      const mixed = [...docs, ...inputs.map((i) => buildSearchDocument(i, contractVocabulary))];
      const filterSets: SearchFilters[] = [
        { hasApi: ['true'] }, { hasApi: ['false'] }, { hasApi: [MISSING_VALUE] }, { concept: [`${EX}begrep-orgnr`] }, { concept: [`${EX}begrep-navn`, `${EX}begrep-orgnr`], type: ['dataset'] },
        { conformsTo: [`${EX}modell`] }, { conformsTo: [MISSING_VALUE] }, { concept: [`${EX}begrep-orgnr`], type: ['information-model'] }, {},
      ];
      for (const filters of filterSets) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(mixed, filters, () => true, CONTRACT_NOW);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        const shown = VALUE_FACETS.filter((facet) => r.facets[facet] !== undefined);
        expect(shown, JSON.stringify(filters)).toEqual(expect.arrayContaining(filters.type?.includes('information-model') === true ? ['concept', 'conformsTo'] : ['hasApi', 'concept', 'conformsTo']));
        for (const facet of shown) expect(bucketMap(r.facets[facet]!), `${facet} for ${JSON.stringify(filters)}`).toEqual(oracle.facets[facet]);
      }
      const titlesOf = async (filters: SearchFilters): Promise<(string | null)[]> => (await index.search(query('', filters, { sort: { field: 'title', direction: 'asc' } }))).hits.map((h) => h.title);
      expect(await titlesOf({ hasApi: ['true'], concept: [`${EX}begrep-orgnr`] })).toEqual(['Graf A', 'Graf B']);
      expect(await titlesOf({ concept: [`${EX}begrep-orgnr`] })).toEqual(['Graf A', 'Graf B', 'Grafmodell']);
      expect(await titlesOf({ conformsTo: [`${EX}modell`] })).toEqual(['Graf A', 'Graf-API']);
      const [hitA] = (await index.search(query('', { uri: [`${EX}grafA`] }))).hits;
      expect(hitA!.relationCounts).toEqual(servedA);
      const [hitB] = (await index.search(query('', { uri: [`${EX}grafB`] }))).hits;
      expect(hitB!.relationCounts).toEqual({});
    });

    it('searches concepts by every term and definition, counts their facets exactly, says which term matched, and shows reference data when filtered on', async () => {
      await index.upsert(conceptInputs);
      const mixed = [...docs, ...conceptInputs.map((i) => buildSearchDocument(i, contractVocabulary))];
      const filterSets: SearchFilters[] = [
        { type: ['concept'] },
        { type: ['concept'], conceptStatus: ['CURRENT'] },
        { conceptStatus: ['DRAFT', 'RETIRED'] },
        { subjectArea: ['skatt'] },
        { subjectArea: [`${EX}fagomrade/regnskap`, MISSING_VALUE] },
        { audience: ['public'] },
        { audience: [MISSING_VALUE], type: ['concept'] },
        { collection: [`${EX}samling/skatt`] },
        { referenceData: ['true'] },
        { referenceData: ['false'], type: ['concept'] },
        { referenceData: ['false'] },
      ];
      for (const filters of filterSets) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(mixed, filters, () => true, CONTRACT_NOW);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        expect(r.total, JSON.stringify(filters)).toBeGreaterThan(0);
        const shown = VALUE_FACETS.filter((facet) => r.facets[facet] !== undefined);
        for (const facet of shown) expect(bucketMap(r.facets[facet]!), `${facet} for ${JSON.stringify(filters)}`).toEqual(oracle.facets[facet]);
      }
      const concepts = await index.search(query('', { type: ['concept'] }));
      expect(concepts.facets.conceptStatus!.buckets.map((b) => [b.key, b.count])).toEqual([['CURRENT', 2], ['DRAFT', 1], ['RETIRED', 1]]);
      // Status labels come from the EU concept-status table (vocab/concept-status.ttl).
      expect(concepts.facets.conceptStatus!.buckets[0]!.label).toBe(contractVocabulary.label('http://publications.europa.eu/resource/authority/concept-status/CURRENT')!.nb);
      expect(concepts.facets.conceptStatus!.missing).toBe(1);
      expect(concepts.facets.audience!.buckets.map((b) => [b.key, b.count])).toEqual([['public', 2], ['specialist', 1]]);
      expect(concepts.facets.subjectArea!.buckets.find((b) => b.key === 'skatt')).toMatchObject({ count: 2, label: 'skatt' });
      expect((await index.search(query('', { type: ['concept'] }, { lang: 'en' }))).facets.subjectArea!.buckets.find((b) => b.key === 'skatt')!.label).toBe('tax');
      expect(concepts.facets.referenceData!.buckets.map((b) => [b.key, b.count])).toEqual([['false', 4], ['true', 1]]);

      const hit = async (q: string) => (await index.search(query(q, { type: ['concept'] }))).hits;
      // A hidden term, an admitted SKOS-XL term, a preferred term: each finds the concept and says so.
      expect((await hit('gasje'))[0]).toMatchObject({ iri: `${EX}begrep/lonnsinntekt`, matchedTerm: { term: 'gasje', lang: 'nb', type: 'hiddenLabel' } });
      expect((await hit('arbeidsinntekt'))[0]).toMatchObject({ iri: `${EX}begrep/lonnsinntekt`, matchedTerm: { term: 'arbeidsinntekt', type: 'altLabel' }, altLabels: ['arbeidsinntekt'] });
      expect((await hit('lønnsinntekt'))[0]).toMatchObject({ iri: `${EX}begrep/lonnsinntekt`, matchedTerm: { term: 'lønnsinntekt', type: 'prefLabel' } });
      expect((await hit('gasje'))[0]).not.toHaveProperty('hiddenLabels');
      // The definition is searched too (no term matched), a SKOS-XL preferred term is the title.
      expect((await hit('feriepenger')).map((h) => [h.iri, h.matchedTerm])).toEqual([[`${EX}begrep/lonnsinntekt`, null]]);
      expect((await hit('fratrukket')).map((h) => h.iri)).toEqual([`${EX}begrep/formue`]);
      expect((await hit('selvangivelse'))[0]).toMatchObject({ iri: `${EX}begrep/selvangivelse`, title: 'selvangivelse', validFrom: '1980-01-01', validTo: '2018-12-31', validity: 'expired', status: 'RETIRED' });
      // The preferred term ranks above the same word as another concept's admitted term.
      expect((await hit('formue')).map((h) => h.iri).slice(0, 2)).toEqual([`${EX}begrep/formue`, `${EX}begrep/eiendel`]);
      // Reference data is a filter value like any other: the adapters leave nothing out by themselves.
      expect((await index.search(query('økonomi', { referenceData: ['true'] }))).hits.map((h) => h.iri)).toEqual(['http://publications.europa.eu/resource/authority/data-theme/ECON']);
      const notReference = (await index.search(query('økonomi', { referenceData: ['false'] }))).hits.map((h) => h.iri);
      expect(notReference).toContain(`${EX}begrep/eiendel`);
      expect(notReference).not.toContain('http://publications.europa.eu/resource/authority/data-theme/ECON');
    });

    it('keeps at most MAX_STORED_TERMS terms of a role in a concept hit and gives MAX_HIT_ALT_LABELS admitted terms; every term is still searched', async () => {
      // A concept of 20 000 admitted terms gave them all in each hit and highlighted each one.
      const count = MAX_STORED_TERMS + 300;
      const [many] = recordsFromTurtle(`
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <${EX}begrep/mange> a skos:Concept ; skos:prefLabel "mangfold"@nb ;
          skos:altLabel ${Array.from({ length: count }, (_, i) => `"variant${String(i).padStart(4, '0')}"@nb`).join(', ')} .
      `, { sourcePublisher: '974761076' });
      await index.upsert([many!]);
      const hit = async (q: string) => (await index.search(query(q, { type: ['concept'] }))).hits.find((h) => h.iri === `${EX}begrep/mange`);
      const first = await hit('variant0000');
      expect(first?.altLabels).toHaveLength(MAX_HIT_ALT_LABELS);
      expect(first?.matchedTerm).toEqual({ term: 'variant0000', lang: 'nb', type: 'altLabel' });
      // Past the kept terms: found by the text index, without a matched term to show.
      const last = await hit(`variant${String(count - 1).padStart(4, '0')}`);
      expect(last?.title).toBe('mangfold');
      expect(last?.matchedTerm).toBeNull();
    });

    it('counts and filters concepts by the state of their validity period on the day of the search, with no re-indexing when the day changes', async () => {
      const periods = recordsFromTurtle(`
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <${EX}begrep/ender-i-dag> a skos:Concept ; skos:prefLabel "ender i dag"@nb ; euvoc:startDate "2020-01-01" ; euvoc:endDate "2025-06-01"^^xsd:date .
        <${EX}begrep/starter-i-morgen> a skos:Concept ; skos:prefLabel "starter i morgen"@nb ; euvoc:startDate "2025-06-02T00:00:00Z"^^xsd:dateTime .
        <${EX}begrep/endte-i-gar> a skos:Concept ; skos:prefLabel "endte i går"@nb ; euvoc:endDate "2025-05-31" .
      `, { sourcePublisher: '974761076' });
      const inputs = [...conceptInputs, ...periods];
      await index.upsert(inputs);
      const mixed = [...docs, ...inputs.map((i) => buildSearchDocument(i, contractVocabulary))];
      const states = (counts: FacetCounts | undefined) => [...(counts?.buckets ?? []).map((b) => [b.key, b.count]), ['missing', counts?.missing]];
      const titlesOf = async (filters: SearchFilters) => (await index.search(query('', filters))).hits.map((h) => h.title).sort();

      // 2025-06-01: selvangivelse (ended 2018) and the one that ended yesterday are expired; one starts tomorrow; the rest hold.
      for (const filters of [{}, { type: ['concept'] }, { validity: ['current'] }, { validity: ['expired', 'future'] }, { validity: ['expired'], conceptStatus: ['RETIRED'] }] as SearchFilters[]) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(mixed, filters, () => true, clock);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        const { current, expired, future, missing } = oracle.validity;
        expect(states(r.facets.validity), JSON.stringify(filters)).toEqual([['current', current], ['expired', expired], ['future', future], ['missing', missing]]);
      }
      const concepts = await index.search(query('', { type: ['concept'] }));
      expect(states(concepts.facets.validity)).toEqual([['current', 5], ['expired', 2], ['future', 1], ['missing', 0]]);
      expect(concepts.facets.validity!.buckets.map((b) => b.label)).toEqual(['Gjeldende', 'Utløpt', 'Fremtidig']);
      expect(await titlesOf({ validity: ['future'] })).toEqual(['starter i morgen']);
      expect(await titlesOf({ validity: ['expired'] })).toEqual(['endte i går', 'selvangivelse']);
      // A dataset has no validity period: no state selects it, and it is missing from the facet's counts.
      const all = await index.search(query(''));
      expect(all.facets.validity!.missing).toBe(docs.length);

      // The next day, without touching the index: the concept that ended today has expired, tomorrow's has begun.
      clock = CONTRACT_NOW + 86_400_000;
      expect(states((await index.search(query('', { type: ['concept'] }))).facets.validity)).toEqual([['current', 5], ['expired', 3], ['future', 0], ['missing', 0]]);
      expect(await titlesOf({ validity: ['expired'] })).toEqual(['ender i dag', 'endte i går', 'selvangivelse']);
      expect(await titlesOf({ validity: ['future'] })).toEqual([]);
      const values = await index.facetValues({ facet: 'validity', q: '', filters: { type: ['concept'] }, page: 0, size: 10, lang: 'en' });
      expect(values.buckets.map((b) => [b.key, b.label, b.count])).toEqual([['current', 'Current', 5], ['expired', 'Expired', 3], ['future', 'Future', 0]]);
    });

    it('filters and counts the API facets of data services (access, OpenAPI version) as a brute-force scan does; their hits carry endpoint URLs and the number of operations', async () => {
      const apis = recordsFromTurtle(`
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix dk: <https://w3id.org/datakatalog/vocab#> . @prefix ex: <${EX}> .
        ex:api-open a dcat:DataService ; dct:title "Åpent oppslags-API"@nb ; dcat:endpointURL <https://api.example.org/v1> ;
          dk:serverURL <https://api.example.org/v1/> , <https://test.example.org/v1> ; dcat:endpointDescription <https://api.example.org/openapi.yaml> ;
          dct:conformsTo <https://spec.openapis.org/oas/v3.0.3> ; dk:access dk:NoAuthentication , dk:ApiKey ;
          dk:operation <https://api.example.org/openapi.yaml#/paths/~1a/get> , <https://api.example.org/openapi.yaml#/paths/~1b/get> .
        <https://api.example.org/openapi.yaml#/paths/~1a/get> a dk:Operation ; dk:summary "Hent skattemelding"@nb .
        <https://api.example.org/openapi.yaml#/paths/~1b/get> a dk:Operation ; dk:summary "Send inn melding"@nb .
        ex:api-lukket a dcat:DataService ; dct:title "Lukket API"@nb ; dcat:endpointURL <https://lukket.example.org> ;
          dct:conformsTo <https://spec.openapis.org/oas/v2.0> , ex:modell ; dk:access dk:OAuth2 ;
          dk:operation <https://lukket.example.org/swagger.json#/paths/~1x/post> .
        <https://lukket.example.org/swagger.json#/paths/~1x/post> a dk:Operation ; dk:summary "Oppdater person"@nb .
        ex:api-dcat a dcat:DataService ; dct:title "API beskrevet i DCAT alene"@nb ; dcat:endpointURL <https://dcat.example.org> .
      `, { sourcePublisher: '974761076' });
      await index.upsert(apis);
      const mixed = [...docs, ...apis.map((i) => buildSearchDocument(i, contractVocabulary))];
      const services = await index.search(query('', { type: ['data-service'] }));
      expect(Object.keys(services.facets)).toEqual(expect.arrayContaining(['apiAccess', 'openApiVersion', 'format', 'publisher', 'theme']));
      expect(Object.keys((await index.search(query('', { type: ['dataset'] }))).facets)).not.toContain('apiAccess');
      const filterSets: SearchFilters[] = [
        { type: ['data-service'] }, { apiAccess: ['oauth2'] }, { apiAccess: ['none', 'oauth2'] }, { apiAccess: [MISSING_VALUE], type: ['data-service'] },
        { openApiVersion: ['3.0'] }, { openApiVersion: ['2.0'], apiAccess: ['oauth2'] }, { openApiVersion: [MISSING_VALUE] }, {},
      ];
      for (const filters of filterSets) {
        const r = await index.search(query('', filters));
        const oracle = bruteForceCounts(mixed, filters, () => true, CONTRACT_NOW);
        expect(r.total, JSON.stringify(filters)).toBe(oracle.total);
        const shown = VALUE_FACETS.filter((facet) => r.facets[facet] !== undefined);
        expect(shown, JSON.stringify(filters)).toEqual(expect.arrayContaining(['apiAccess', 'openApiVersion']));
        for (const facet of shown) expect(bucketMap(r.facets[facet]!), `${facet} for ${JSON.stringify(filters)}`).toEqual(oracle.facets[facet]);
      }
      expect((await index.search(query('', { apiAccess: ['api-key'] }))).hits.map((h) => h.title)).toEqual(['Åpent oppslags-API']);
      expect((await index.search(query('', { openApiVersion: ['2.0'] }))).hits.map((h) => h.title)).toEqual(['Lukket API']);
      const access = (await index.search(query('', { type: ['data-service'] }, { lang: 'en' }))).facets.apiAccess!;
      expect(access.buckets.find((b) => b.key === 'oauth2')?.label).toMatch(/OAuth/);
      const [hit] = (await index.search(query('skattemelding'))).hits;
      expect(hit).toMatchObject({ title: 'Åpent oppslags-API', endpointURLs: ['https://api.example.org/v1', 'https://test.example.org/v1'], operations: 2, endpointDescription: true });
      const [plain] = (await index.search(query('', { uri: [`${EX}api-dcat`] }))).hits;
      expect(plain).toMatchObject({ endpointURLs: ['https://dcat.example.org'], operations: 0, endpointDescription: false });
    });

    it('combines values of one facet with OR and different facets with AND; counts a filtered facet without its own filter', async () => {
      const one = await index.search(query('', { theme: ['ENVI'] }));
      const two = await index.search(query('', { theme: ['ENVI', 'EDUC'] }));
      const both = await index.search(query('', { theme: ['ENVI'], accessRights: ['RESTRICTED'] }));
      expect(two.total).toBeGreaterThan(one.total);
      expect(both.total).toBe(0);
      const envi = one.facets.theme!.buckets.find((b) => b.key === 'EDUC');
      expect(envi?.count).toBe(2);
    });

    it('selects documents without a value through the missing bucket', async () => {
      const r = await index.search(query('', { theme: [MISSING_VALUE] }));
      expect(r.hits.map((h) => h.id).sort()).toEqual(docs.filter((d) => d.facets.theme?.[0] === MISSING_VALUE).map((d) => d.id).sort());
      expect(r.total).toBeGreaterThan(0);
    });

    it('treats organisation paths and LOS themes as hierarchies', async () => {
      const r = await index.search(query(''));
      const state = r.facets.orgPath!.buckets.find((b) => b.key === '/STAT');
      const ministry = r.facets.orgPath!.buckets.find((b) => b.key === '/STAT/972417858');
      expect(state?.label).toBe('Staten');
      expect(ministry?.parent).toBe('/STAT');
      expect((await index.search(query('', { orgPath: ['/STAT/972417858'] }))).total).toBe(ministry!.count);
      const los = r.facets.losTheme!.buckets.find((b) => b.key === 'natur-klima-og-miljo');
      expect(los?.label).toBe('Natur, klima og miljø');
    });

    it('labels facet values in the requested language', async () => {
      const nb = await index.search(query(''));
      const en = await index.search(query('', {}, { lang: 'en' }));
      expect(nb.facets.theme!.buckets.find((b) => b.key === 'ENVI')?.label).toBe('Miljø');
      expect(en.facets.theme!.buckets.find((b) => b.key === 'ENVI')?.label).toBe('Environment');
      expect(nb.facets.type!.buckets.find((b) => b.key === 'dataset')?.label).toBe('Datasett');
    });

    it('counts modified dates in ranges back from now, and filters on them', async () => {
      const r = await index.search(query(''));
      const counts = Object.fromEntries(r.facets.modified!.buckets.map((b) => [b.key, b.count]));
      expect(counts).toEqual({ last7days: 3, last30days: 4, last365days: 7, older: 1 });
      expect(r.facets.modified!.missing).toBe(contractInputs.length - 8);
      const may = await index.search(query('', { modifiedFrom: '2025-05-01', modifiedTo: '2025-05-31' }));
      expect(may.total).toBe(4);
    });

    it('finds a title by its exact words and ranks the exact title first', async () => {
      expect((await titles('sjøkart'))[0]).toBe('Sjøkart');
      expect((await titles('kvalitet'))[0]).toBe('Kvalitet');
    });

    it('finds words typed without æ, ø and å', async () => {
      expect(await titles('snoskred')).toContain('Snøskredvarsel for Norge');
      expect(await titles('sjokart')).toContain('Sjøkart');
    });

    it('meets inflected forms through stemming, in Norwegian and English', async () => {
      expect(await titles('barnehage')).toContain('Barnehager i Norge');
      expect(await titles('eiendommene')).toContain('Matrikkelen – eiendommer');
      expect(await titles('runner')).toContain('Running statistics');
    });

    it('forgives one typo in words of five letters or more', async () => {
      expect(await titles('stedsnvan')).toContain('Stedsnavn');
      expect(await titles('befolknig')).toContain('Befolkning');
    });

    it('combines text with filters', async () => {
      const r = await index.search(query('befolkning', { type: ['dataset-series'] }));
      expect(r.hits.map((h) => h.title)).toEqual(['Befolkningsstatistikk (serie)']);
      expect(r.facets.type!.buckets.find((b) => b.key === 'dataset')?.count).toBe(1);
    });

    it('answers in the requested language with fallback, and carries the record id, IRI and type', async () => {
      const en = await index.search(query('befolkning', {}, { lang: 'en' }));
      const hit = en.hits.find((h) => h.id === idOf('befolkning'))!;
      expect(hit).toMatchObject({ title: 'Population', description: 'Population by municipality, sex and age.', language: 'en', iri: `${EX}befolkning`, type: 'dataset', modified: '2025-05-31T00:00:00.000Z', validation: 'not-validated' });
      const nn = await index.search(query('barnehager', {}, { lang: 'nn' }));
      expect(nn.hits[0]?.title).toBe('Barnehagar i Noreg');
      // The description falls back on its own: Bokmål under a Nynorsk title, and the hit says so.
      expect(nn.hits[0]).toMatchObject({ language: 'nn', description: 'Oversikt over alle barnehager med antall barn og ansatte.', descriptionLanguage: 'nb' });
      expect(hit.descriptionLanguage).toBe('en');
      const fallback = await index.search(query('sjøkart', {}, { lang: 'en' }));
      expect(fallback.hits[0]?.title).toBe('Sjøkart');
    });

    it('highlights matched words and escapes markup', async () => {
      const r = await index.search(query('snøskred'));
      expect(r.hits[0]?.highlight.title).toContain('<mark>Snøskredvarsel</mark>');
      const markup = await index.search(query('escaped'));
      const h = markup.hits.find((x) => x.id === idOf('markup'))!;
      expect(h.highlight.description).toContain('&lt;script&gt;');
      expect(h.highlight.description).not.toContain('<script>');
    });

    it('gives the first 2 000 characters of a long description in a hit, cut at a word, and still finds and highlights words far into it', async () => {
      // 20 hits of 2.24 MB descriptions once made an answer of 45 MB: the record has the whole text.
      const filler = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `avsnitt${from + i}`).join(' ');
      const description = `${filler(0, 1000)} kvikkleire ${filler(1000, 3000)} tidevannsmaler ${filler(4000, 100)}`;
      expect(description.indexOf('kvikkleire')).toBeGreaterThan(HIT_DESCRIPTION_CHARS);
      expect(description.indexOf('tidevannsmaler')).toBeGreaterThan(30_000);
      const [input] = recordsFromTurtle(`
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <${EX}lang-beskrivelse> a dcat:Dataset ; dct:title "Grunnforhold"@nb ; dct:description "${description}"@nb .
      `, { sourcePublisher: '991825827' });
      await index.upsert([input!]);
      const hitFor = async (q: string) => (await index.search(query(q))).hits.find((h) => h.iri === `${EX}lang-beskrivelse`);
      const near = await hitFor('kvikkleire');
      expect(near?.description?.length).toBeLessThanOrEqual(HIT_DESCRIPTION_CHARS + 1);
      expect(near?.description).toMatch(/^avsnitt0 avsnitt1 .* avsnitt\d+…$/);
      expect(description.startsWith(near!.description!.slice(0, -1))).toBe(true);
      // The snippet comes from further in than the hit's description.
      expect(near?.highlight.description).toContain('<mark>kvikkleire</mark>');
      // A word past where snippets look still finds the record, without a snippet.
      const far = await hitFor('tidevannsmaler');
      expect(far?.title).toBe('Grunnforhold');
      expect(far?.highlight.description).toBeUndefined();
    });

    it('sorts by title in Norwegian order, and by modified and first-harvested dates', async () => {
      const byTitle = (await titles('', { publisher: ['971040238'] }, { sort: { field: 'title', direction: 'asc' } })) as string[];
      expect(byTitle).toEqual(['Kartverkets datakatalog', 'Matrikkelen – eiendommer', 'Sjøkart', 'Snøskredvarsel for Norge', 'Stedsnavn', 'Stedsnavn-API']);
      const modified = await index.search(query('', {}, { sort: { field: 'modified', direction: 'desc' } }));
      const dates = modified.hits.map((h) => h.modified);
      const present = dates.filter((d): d is string => d !== null);
      expect(present).toEqual([...present].sort().reverse());
      expect(dates.slice(present.length).every((d) => d === null)).toBe(true);
    });

    it("carries each dataset's and data service's metadata quality (MQA score, its kind's maximum and band, as its record's own score) in hits and the quality facet; other kinds have none", async () => {
      const r = await index.search(query('', {}, { size: 100 }));
      expect(r.total).toBe(contractInputs.length);
      const bands = new Map<string, number>();
      const kinds = new Set<string>();
      for (const hit of r.hits) {
        const input = contractInputs.find((i) => i.record.id === hit.id)!;
        const expected = recordQuality(input.record);
        if (expected === undefined) {
          expect(hit.quality, hit.iri).toBeNull();
          continue;
        }
        expect(hit.quality, hit.iri).toEqual({ score: expected.score, maxScore: input.record.kind === 'dataset' ? MAX_QUALITY_SCORE : MAX_DATA_SERVICE_QUALITY_SCORE, band: qualityBand(expected.score, expected.maxScore) });
        bands.set(expected.band, (bands.get(expected.band) ?? 0) + 1);
        kinds.add(input.record.kind);
      }
      expect([...kinds].sort()).toEqual(['data-service', 'dataset']);
      // The fixture has records in more than one band, and the facet counts them per band (labelled), scored records only.
      expect(bands.size).toBeGreaterThan(1);
      expect(new Map(r.facets.quality!.buckets.map((b) => [b.key, b.count]))).toEqual(bands);
      expect(r.facets.quality!.buckets.find((b) => b.key === 'poor')!.label).toBe('Mangelfull');
      const poor = await index.search(query('', { quality: ['poor'] }));
      expect(poor.total).toBe(bands.get('poor'));
      expect(poor.hits.every((h) => h.quality?.band === 'poor')).toBe(true);
    });

    it('sorts by quality score (a data service\'s scaled to 435), best or poorest first, records without a score last either way', async () => {
      // A data service's points are out of 310: the sort compares them on the datasets' scale of 435.
      const onScale = (q: { score: number; maxScore: number } | null): number | null => (q === null ? null : Math.round((q.score * MAX_QUALITY_SCORE) / q.maxScore));
      for (const direction of ['desc', 'asc'] as const) {
        const all: (number | null)[] = [];
        for (let page = 0; page * 5 < contractInputs.length; page++) {
          const r = await index.search(query('', {}, { page, size: 5, sort: { field: 'quality', direction } }));
          all.push(...r.hits.map((h) => onScale(h.quality)));
        }
        expect(all).toHaveLength(contractInputs.length);
        const scored = all.filter((s): s is number => s !== null);
        expect(all.slice(0, scored.length).every((s) => s !== null), direction).toBe(true);
        const sorted = [...scored].sort((a, b) => (direction === 'desc' ? b - a : a - b));
        expect(scored, direction).toEqual(sorted);
        expect(new Set(scored).size).toBeGreaterThan(2);
      }
      // Sorting applies within a text search and its filters too.
      const envi = await index.search(query('', { theme: ['ENVI'] }, { sort: { field: 'quality', direction: 'desc' } }));
      const scores = envi.hits.map((h) => h.quality?.score ?? -1);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it("re-scores a dataset when the URL checker's results for its URLs change (the accessibility metrics)", async () => {
      const [input] = recordsFromTurtle(`
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <${EX}nedlasting> a dcat:Dataset ; dct:title "Nedlastbare tall"@nb ; dct:description "Tall til nedlasting"@nb ;
          dcat:distribution <${EX}nedlasting/csv> .
        <${EX}nedlasting/csv> a dcat:Distribution ; dcat:accessURL <https://data.example.org/tall> ; dcat:downloadURL <https://data.example.org/tall.csv> .
      `, { sourcePublisher: '971040238' });
      const before = recordQuality(input!.record)!;
      await index.upsert([input!]);
      const hitOf = async () => (await index.search(query('', { uri: [`${EX}nedlasting`] }))).hits[0]!;
      expect((await hitOf()).quality!.score).toBe(before.score);
      const urlStatuses = new Map([['https://data.example.org/tall', { status: 200, mediaType: 'text/html' }], ['https://data.example.org/tall.csv', { status: 200, mediaType: 'text/csv' }]]);
      const after = recordQuality(input!.record, urlStatuses)!;
      expect(after.score).toBeGreaterThan(before.score);
      await index.upsert([{ ...input!, urlStatuses }]);
      expect((await hitOf()).quality).toEqual({ score: after.score, maxScore: MAX_QUALITY_SCORE, band: after.band });
      const sorted = await index.search(query('', {}, { sort: { field: 'quality', direction: 'desc' }, size: 1 }));
      expect(sorted.hits[0]!.quality!.score).toBeGreaterThanOrEqual(after.score);
      // A failing URL scores nothing for that metric.
      await index.upsert([{ ...input!, urlStatuses: new Map([['https://data.example.org/tall', { status: 404, mediaType: null }], ['https://data.example.org/tall.csv', { status: 200, mediaType: 'text/csv' }]]) }]);
      expect((await hitOf()).quality!.score).toBeLessThan(after.score);
    });

    it('removes documents, ignores unknown ids, and clears', async () => {
      await index.remove([idOf('sjokart'), 'no-such-id']);
      expect(await titles('sjøkart')).not.toContain('Sjøkart');
      expect(await index.count()).toBe(contractInputs.length - 1);
      const r = await index.search(query(''));
      expect(r.facets.theme!.buckets.find((b) => b.key === 'TRAN')).toBeUndefined();
      await index.clear();
      expect(await index.count()).toBe(0);
      expect((await index.search(query('sjøkart'))).total).toBe(0);
    });

    it('replaces a changed document', async () => {
      const input = contractInputs.find((i) => i.record.iri === `${EX}sjokart`)!;
      const graph = input.record.graph.replace('"Sjøkart"@nb', '"Sjøkart for fritidsbåter"@nb');
      await index.upsert([{ ...input, record: { ...input.record, graph, hash: graphHash(graph) } }]);
      expect(await titles('fritidsbåter')).toEqual(['Sjøkart for fritidsbåter']);
      expect(await index.count()).toBe(contractInputs.length);
    });

    it('suggests titles and publishers as you type', async () => {
      const titlesFor = (await index.suggest('stedsn', { size: 5, lang: 'nb' })).filter((s) => s.kind === 'title').map((s) => s.text);
      expect(titlesFor).toEqual(expect.arrayContaining(['Stedsnavn', 'Stedsnavn-API']));
      const publishers = (await index.suggest('miljø', { size: 5, lang: 'nb' })).filter((s) => s.kind === 'publisher');
      expect(publishers[0]).toMatchObject({ text: 'Miljødirektoratet', id: '999601391' });
      expect(await index.suggest('', { size: 5, lang: 'nb' })).toEqual([]);
    });

    it('leaves an IRI longer than 2 048 bytes out of the facets (no search URL could ask for it), and indexes the record and the rest', async () => {
      // 3 200 hex digits: text a database cannot compress below its index limit.
      const long = `${EX}${Array.from({ length: 50 }, (_, i) => graphHash(String(i))).join('')}`;
      const inputs = recordsFromTurtle(`
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <${EX}lang-iri> a dcat:Dataset ; dct:title "Grenseverdier for havnivå"@nb ; dct:spatial <${long}> , <${EX}kyst> ; dct:conformsTo <${long}> .
        <${EX}kort-iri> a dcat:Dataset ; dct:title "Tidevannstabeller"@nb ; dct:spatial <${EX}kyst> .
        <${long}> dct:title "Standard for havnivåmålinger"@nb .
      `, { sourcePublisher: '991825827' });
      await index.upsert(inputs);
      expect(await index.count()).toBe(contractInputs.length + 2);
      expect(await titles('havnivå')).toEqual(['Grenseverdier for havnivå']);
      const facets = (await index.search(query('', { spatial: [`${EX}kyst`] }))).facets;
      expect(facets.spatial!.buckets.find((b) => b.key === `${EX}kyst`)?.count).toBe(2);
      expect(facets.spatial!.buckets.map((b) => b.key)).not.toContain(long);
      expect(facets.conformsTo!.buckets.map((b) => b.key)).not.toContain(long);
    });

    it('pages through a facet and searches its values', async () => {
      const full = (await index.search(query(''))).facets.format!;
      const seen: string[] = [];
      for (let page = 0; ; page++) {
        const r = await index.facetValues({ facet: 'format', q: '', filters: {}, page, size: 2, lang: 'nb' });
        expect(r.total).toBe(full.distinct);
        if (r.buckets.length === 0) break;
        seen.push(...r.buckets.map((b) => b.key));
      }
      expect(seen).toEqual(full.buckets.map((b) => b.key));
      const csv = await index.facetValues({ facet: 'format', q: '', filters: {}, valueQuery: 'kommaseparerte', page: 0, size: 10, lang: 'nb' });
      expect(csv.buckets.map((b) => b.key)).toEqual(['CSV']);
      const publishers = await index.facetValues({ facet: 'publisher', q: 'befolkning', filters: {}, valueQuery: 'statistisk', page: 0, size: 10, lang: 'nb' });
      expect(publishers.buckets).toEqual([{ key: '971526920', label: 'Statistisk sentralbyrå', count: 2 }]);
      // A word said 300 times is one word (a search within values counts at most eight distinct words).
      const repeated = await index.facetValues({ facet: 'publisher', q: 'befolkning', filters: {}, valueQuery: 'statistisk '.repeat(300).trim(), page: 0, size: 10, lang: 'nb' });
      expect(repeated.buckets).toEqual(publishers.buckets);
    });

    it('answers any query string without failing', async () => {
      const hostile = ['"', '""', "'", 'AND', 'OR NOT', 'NEAR(a b)', '*', '^', 'title:x', '(', ')', '{title}:x', 'a"b', "'; DROP TABLE search_doc; --",
        '\u0000', '\uFFFD', '😀', 'x'.repeat(1000), 'æøå ÆØÅ', '-', '+', 'a AND (b OR', '%FF', '\\', 'NULL'];
      for (const q of hostile) {
        const r = await index.search(query(q));
        expect(r.total, q).toBeGreaterThanOrEqual(0);
        await index.suggest(q, { size: 5, lang: 'nb' });
      }
      expect(await index.count()).toBe(contractInputs.length);
    });
  });
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MISSING_VALUE } from '../../../src/core/ports/search-index.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { isoDate, pathPrefixes } from '../../../src/search/document/graph-values.js';
import { pick } from '../../../src/core/lang-map.js';
import { labelKey } from '../../../src/search/document/search-document.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const vocab = loadSearchVocabulary(path.resolve(here, '../../../vocab'));

const TTL = `
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix schema: <http://schema.org/> .
<https://ex.org/cat> a dcat:Catalog ; dct:title "Katalog"@nb ; dct:publisher <https://ex.org/kv> ; dcat:dataset <https://ex.org/ds>, <https://ex.org/loose> ; dcat:service <https://ex.org/api> .
<https://ex.org/kv> a foaf:Agent ; dct:identifier "971040238" .
<https://ex.org/ds> a dcat:Dataset ;
  dct:title "Sjøkart"@nb, "Sjøkart"@nn, "Nautical charts"@en, "Merkart"@se ;
  dct:description "Kart for sjøen"@no ; dct:alternative "ENC"@nb ;
  dcat:keyword "kart"@nb, "navigation"@en ;
  dct:publisher [ a foaf:Organization ; dct:identifier " 971040238 " ; foaf:name "Statens kartverk"@nb ] ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN>, <https://psi.norge.no/los/tema/naring>, <https://psi.norge.no/los/ord/ukjent-ord> ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
  dct:provenance <http://data.brreg.no/datakatalog/provinens/nasjonal> ;
  dct:spatial <https://ex.org/norge> ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ; schema:endDate "2021-12-31"^^xsd:date ] ;
  dct:issued "2019-05-01"^^xsd:date ; dct:modified "2025-02-03T10:00:00Z"^^xsd:dateTime ;
  dct:conformsTo <https://ex.org/standard> ; dcat:inSeries <https://ex.org/series> ;
  dcat:distribution [ dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ; dct:license <http://data.norge.no/nlod/no/2.0> ],
                    [ dcat:mediaType <https://www.iana.org/assignments/media-types/application/json> ; dcat:accessService <https://ex.org/api> ],
                    [ dct:format "GeoJSON" ] .
<https://ex.org/norge> dct:title "Norge"@nb .
<https://ex.org/loose> a dcat:Dataset ; dct:title "Uten utgiver" ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
  dcat:distribution [ dct:license <http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0> ] .
<https://ex.org/api> a dcat:DataService ; dct:title "API"@en ; dcat:servesDataset <https://ex.org/ds> .
`;
const inputs = recordsFromTurtle(TTL, { sourcePublisher: '974760673' });
const docOf = (iri: string) => buildSearchDocument(inputs.find((i) => i.record.iri === iri)!, vocab);

describe('search documents', () => {
  it('collects texts in every language, `no` and untagged counted as Norwegian, with fallback', () => {
    const d = docOf('https://ex.org/ds');
    expect(d.title).toEqual({ nb: 'Sjøkart', nn: 'Sjøkart', en: 'Nautical charts', other: 'Merkart' });
    expect(pick(d.description, 'nb')).toEqual({ text: 'Kart for sjøen', slot: 'no' });
    expect(pick(d.description, 'en')).toEqual({ text: 'Kart for sjøen', slot: 'no' });
    expect(d.texts.alternativeTitles).toEqual([{ text: 'ENC', language: 'nb' }]);
    expect(d.texts.keywords.map((k) => k.text)).toEqual(['kart', 'navigation']);
    expect(docOf('https://ex.org/loose').title).toEqual({ no: 'Uten utgiver' });
  });

  it('finds the publisher by organisation number, with its name and organisation path', () => {
    const d = docOf('https://ex.org/ds');
    expect(d.publisher).toMatchObject({ id: '971040238', orgPath: '/STAT/972417858/971040238' });
    expect(d.publisher?.name).toEqual({ nb: 'Statens kartverk' });
    expect(d.facets.orgPath).toEqual(['/STAT', '/STAT/972417858', '/STAT/972417858/971040238']);
    expect(d.labels.get(labelKey('orgPath', '/STAT/972417858'))).toMatchObject({ nb: 'Kommunal- og distriktsdepartementet' });
    // Without a publisher of its own: the catalog's; an organisation not in vocab/organisations.ttl is /ANNET/{number}.
    expect(docOf('https://ex.org/loose').publisher?.id).toBe('971040238');
    expect(pathPrefixes('/ANNET/123456785')).toEqual(['/ANNET', '/ANNET/123456785']);
  });

  it('maps themes, LOS paths with ancestors, formats, licences, access rights and provenance to facet keys', () => {
    const d = docOf('https://ex.org/ds');
    expect(d.facets.theme).toEqual(['TRAN']);
    expect([...(d.hit.losThemes as string[])].sort()).toEqual(['naring', 'ukjent-ord']);
    expect([...d.facets.losTheme!].sort()).toEqual(['naring', 'ukjent-ord']);
    expect([...d.facets.format!].sort()).toEqual(['CSV', 'GEOJSON', 'JSON', 'application/json', 'text/csv'].sort());
    expect(d.facets.licence).toEqual(['NLOD_2_0']);
    expect(d.facets.accessRights).toEqual(['PUBLIC']);
    expect(d.facets.provenance).toEqual(['NASJONAL']);
    expect(d.facets.spatial).toEqual(['https://ex.org/norge']);
    expect(d.labels.get(labelKey('spatial', 'https://ex.org/norge'))).toEqual({ nb: 'Norge' });
    expect(d.labels.get(labelKey('theme', 'TRAN'))).toMatchObject({ en: 'Transport' });
  });

  it('marks open data: public access and an open licence (NLOD, CC BY 4.0, CC0), not CC BY-SA', () => {
    expect(docOf('https://ex.org/ds').hit.openData).toBe(true);
    expect(docOf('https://ex.org/loose').hit.openData).toBe(false);
    expect(docOf('https://ex.org/loose').facets.openData).toEqual(['false']);
  });

  it('keeps a missing value for facets without values', () => {
    const d = docOf('https://ex.org/api');
    expect(d.facets.theme).toEqual([MISSING_VALUE]);
    expect(d.facets.accessRights).toEqual([MISSING_VALUE]);
    expect(d.facets.type).toEqual(['data-service']);
  });

  it('records dates, relations and validation status', () => {
    const d = docOf('https://ex.org/ds');
    expect(d.issued).toBe('2019-05-01T00:00:00.000Z');
    expect(d.modified).toBe('2025-02-03T10:00:00.000Z');
    expect(d.firstHarvested).toBe('2025-01-01T00:00:00.000Z');
    expect(d.relations).toEqual(expect.arrayContaining(['https://ex.org/standard', 'https://ex.org/series', 'https://ex.org/api']));
    expect(docOf('https://ex.org/api').relations).toContain('https://ex.org/ds');
    expect(d.validation).toBe('not-validated');
    expect(d.catalog).toEqual({ id: inputs.find((i) => i.record.iri === 'https://ex.org/cat')!.record.id, title: { nb: 'Katalog' } });
    expect(isoDate('not a date')).toBeNull();
  });
});

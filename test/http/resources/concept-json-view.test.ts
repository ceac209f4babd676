import { describe, expect, it } from 'vitest';
import { conceptJsonView, MAX_HIERARCHY_DEPTH } from '../../../src/http/resources/concept-json-view.js';
import { recordsFromTurtle } from '../../search/fixtures/records-from-turtle.js';

const BASE = 'http://localhost:8080';
const PREFIXES = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xkos: <http://rdf-vocabulary.ddialliance.org/xkos#> .
  @prefix skosno: <https://data.norge.no/vocabulary/skosno#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix ex: <https://example.no/begrep/> .
  @prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .`;

function catalogOf(turtle: string) {
  const records = new Map(recordsFromTurtle(`${PREFIXES}\n${turtle}`).map((i) => [i.record.iri, i.record] as const));
  const deps = { baseUrl: BASE, recordOf: async (iri: string) => records.get(iri), today: '2026-06-01' };
  return { view: (local: string) => conceptJsonView(records.get(`https://example.no/begrep/${local}`)!, deps), records };
}
const uriOf = (records: Map<string, { id: string }>, local: string) => `${BASE}/concepts/${records.get(`https://example.no/begrep/${local}`)!.id}`;

describe('the concept JSON view', () => {
  it('shows terms per language, definitions with their audience, the hierarchies with labels and record URIs, and related and replaced concepts', async () => {
    const { view, records } = catalogOf(`
      ex:inntekt a skos:Concept ; skos:prefLabel "inntekt"@nb , "income"@en .
      ex:lonn a skos:Concept ; skos:prefLabel "lønnsinntekt"@nb , "lønsinntekt"@nn ; skos:altLabel "arbeidsinntekt"@nb ; skos:hiddenLabel "gasje"@nb ;
        euvoc:xlDefinition [ rdf:value "inntekt av arbeid"@nb ; dct:audience <https://data.norge.no/vocabulary/audience-type#public> ] ;
        skosno:hasGenericConceptRelation [ skosno:hasGenericConcept ex:inntekt ; dct:description "etter kilde"@nb ] ;
        xkos:isPartOf ex:grunnlag ; skos:related <https://example.org/external> ; dct:replaces ex:gammel ; euvoc:endDate "2030-01-01" .
      ex:grunnlag a skos:Concept ; skos:prefLabel "skattegrunnlag"@nb ; xkos:hasPart ex:lonn .
      ex:gammel a skos:Concept ; skos:prefLabel "gasje"@nb .
    `);
    const v = await view('lonn');
    expect(v.prefLabel).toEqual({ nb: 'lønnsinntekt', nn: 'lønsinntekt' });
    expect(v.altLabel).toEqual({ nb: ['arbeidsinntekt'] });
    expect(v.hiddenLabel).toEqual({ nb: ['gasje'] });
    expect(v.definitions).toEqual([{ text: 'inntekt av arbeid', lang: 'nb', audience: ['https://data.norge.no/vocabulary/audience-type#public'], sources: [], relationshipWithSource: null }]);
    expect(v.generic.parents).toEqual([{ iri: 'https://example.no/begrep/inntekt', uri: uriOf(records, 'inntekt'), prefLabel: { nb: 'inntekt', en: 'income' }, qualifiers: [{ value: 'etter kilde', lang: 'nb' }] }]);
    expect(v.generic.ancestors.map((a) => [a.iri, a.depth])).toEqual([['https://example.no/begrep/inntekt', 1]]);
    expect(v.partitive.parents.map((p) => p.prefLabel.nb)).toEqual(['skattegrunnlag']);
    expect(v.related).toEqual([{ iri: 'https://example.org/external', uri: null, prefLabel: {} }]);
    expect(v.replaces.map((r) => r.uri)).toEqual([uriOf(records, 'gammel')]);
    expect(v.validity).toBe('current');
    expect(v.generic.cycle).toBe(false);
    const whole = await view('grunnlag');
    expect(whole.partitive.children.map((c) => [c.iri, c.uri])).toEqual([['https://example.no/begrep/lonn', uriOf(records, 'lonn')]]);
  });

  it('never loops on a cycle in the broader or generic hierarchy: each ancestor once, the cycle reported', async () => {
    const { view } = catalogOf(`
      ex:a a skos:Concept ; skos:prefLabel "a"@nb ; skos:broader ex:b .
      ex:b a skos:Concept ; skos:prefLabel "b"@nb ; xkos:specializes ex:c .
      ex:c a skos:Concept ; skos:prefLabel "c"@nb ; skosno:hasGenericConceptRelation [ skosno:hasGenericConcept ex:a ] ; skos:narrower ex:a .
      ex:self a skos:Concept ; skos:prefLabel "self"@nb ; skos:broader ex:self ; xkos:hasPart ex:self .
    `);
    const a = await view('a');
    expect(a.generic.ancestors.map((x) => [x.prefLabel.nb, x.depth])).toEqual([['b', 1], ['c', 2]]);
    expect(a.generic.cycle).toBe(true);
    expect(a.generic.truncated).toBe(false);
    const self = await view('self');
    expect(self.generic.ancestors).toEqual([]);
    expect(self.generic.cycle).toBe(true);
    expect(self.partitive.children).toEqual([]);
    expect(self.partitive.cycle).toBe(true);
  });

  it('stops walking up a chain deeper than the bound and says so', async () => {
    const chain = Array.from({ length: MAX_HIERARCHY_DEPTH + 5 }, (_, i) => `ex:c${i} a skos:Concept ; skos:prefLabel "c${i}"@nb ; skos:broader ex:c${i + 1} .`).join('\n');
    const { view } = catalogOf(chain);
    const v = await view('c0');
    expect(v.generic.ancestors).toHaveLength(MAX_HIERARCHY_DEPTH);
    expect(v.generic.truncated).toBe(true);
    expect(v.generic.cycle).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../../src/demo/demo-sources.js';
import { describeConcept, MAX_QUALIFIERS, preferredTerm } from '../../src/rdf/concept-description.js';

const demo = (file: string) => new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(DEMO_DIR, file), 'utf8'));
const B = 'https://data.skatteetaten.no/begrep/';

describe('describeConcept (SKOS-AP-NO-Begrep 2.0)', () => {
  const quads = demo('skatteetaten-begreper.ttl');

  it('reads plain and SKOS-XL terms in every language, each once, with their role', () => {
    const d = describeConcept(quads, `${B}lonnsinntekt`);
    expect(d.labels).toEqual([
      { role: 'prefLabel', value: 'lønnsinntekt', lang: 'nb' },
      { role: 'prefLabel', value: 'lønsinntekt', lang: 'nn' },
      { role: 'prefLabel', value: 'employment income', lang: 'en' },
      { role: 'altLabel', value: 'arbeidsinntekt', lang: 'nb' },
      { role: 'hiddenLabel', value: 'gasje', lang: 'nb' },
    ]);
    expect(preferredTerm(d.labels, ['nn', 'nb'])).toEqual({ value: 'lønsinntekt', lang: 'nn' });
  });

  it('reads definitions from euvoc:XlNote objects with audience, source and relationship to source', () => {
    const d = describeConcept(quads, `${B}inntekt`);
    expect(d.definitions).toHaveLength(3);
    expect(d.definitions[0]).toEqual({
      value: 'samlet tilgang av økonomiske verdier som er skattepliktig etter skatteloven i løpet av inntektsåret',
      lang: 'nb',
      audience: ['https://data.norge.no/vocabulary/audience-type#specialist'],
      sources: ['https://lovdata.no/lov/1999-03-26-14/%C2%A75-1'],
      relationshipWithSource: 'https://data.norge.no/vocabulary/relationship-with-source-type#derived-from-source',
    });
    expect(d.definitions.map((x) => [x.lang, x.audience])).toEqual([
      ['nb', ['https://data.norge.no/vocabulary/audience-type#specialist']],
      ['nb', ['https://data.norge.no/vocabulary/audience-type#public']],
      ['nn', ['https://data.norge.no/vocabulary/audience-type#specialist']],
    ]);
  });

  it('reads the generic hierarchy from xkos and from qualified skosno relations, merged per concept with the criterion', () => {
    const d = describeConcept(quads, `${B}kapitalinntekt`);
    expect(d.genericParents).toEqual([{ iri: `${B}inntekt`, qualifiers: [{ value: 'etter inntektskilde', lang: 'nb' }] }]);
  });

  it('reads the partitive hierarchy in both directions', () => {
    expect(describeConcept(quads, `${B}skattegrunnlag`).partitiveChildren.map((l) => l.iri)).toEqual([`${B}alminnelig-inntekt`, `${B}personinntekt`, `${B}formue`]);
    expect(describeConcept(quads, `${B}formue`).partitiveParents.map((l) => l.iri)).toEqual([`${B}skattegrunnlag`]);
  });

  it('reads replacement, status, validity and an associative relation with its role', () => {
    const old = describeConcept(quads, `${B}selvangivelse`);
    expect(old.isReplacedBy).toEqual([`${B}skattemelding`]);
    expect(old.statusIris).toEqual(['http://publications.europa.eu/resource/authority/concept-status/RETIRED']);
    expect([old.validFrom, old.validTo]).toEqual(['1980-01-01', '2018-12-31']);
    const current = describeConcept(quads, `${B}skattemelding`);
    expect(current.replaces).toEqual([`${B}selvangivelse`]);
    expect(current.related).toEqual([{ iri: `${B}skatteoppgjor`, qualifiers: [{ value: 'grunnlag for', lang: 'nb' }, { value: 'grunnlag for', lang: 'nn' }] }]);
  });
});

describe('describeConcept (SKOS-AP-NO-Begrep 1.x, the concept-harvester form)', () => {
  const quads = new Parser({ format: 'text/turtle' }).parse(`
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
    @prefix skosno: <http://difi.no/skosno#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <https://example.com/begrep/0> a skos:Concept ;
      skosxl:prefLabel [ a skosxl:Label ; skosxl:literalForm "data.norge.no"@nb ] ;
      skosxl:altLabel [ a skosxl:Label ; skosxl:literalForm "FDK"@nb ] ;
      dct:temporal [ a dct:PeriodOfTime ; schema:startDate "2020-04-01"^^xsd:date ; schema:endDate "2020-04-23"^^xsd:date ] ;
      skosno:definisjon [ a skosno:Definisjon ; rdfs:label "Felles datakatalog for offentlig sektor"@nb ;
        dct:source [ rdfs:label "Data Norge"@nb ] ; skosno:forholdTilKilde skosno:basertPåKilde ] .`);

  it('reads SKOS-XL labels, the skosno:Definisjon text and source, and the dct:temporal validity', () => {
    const d = describeConcept(quads, 'https://example.com/begrep/0');
    expect(d.labels.map((l) => [l.role, l.value])).toEqual([['prefLabel', 'data.norge.no'], ['altLabel', 'FDK']]);
    expect(d.definitions).toEqual([{ value: 'Felles datakatalog for offentlig sektor', lang: 'nb', audience: [], sources: ['Data Norge'], relationshipWithSource: 'http://difi.no/skosno#basertPåKilde' }]);
    expect([d.validFrom, d.validTo]).toEqual(['2020-04-01', '2020-04-23']);
  });

  it('merges a relation node of 2 000 criteria and 2 000 targets: each target gets the first MAX_QUALIFIERS criteria, shared, not copied 2 000 times', () => {
    const C = 'https://x.no/c';
    const criteria = Array.from({ length: 2_000 }, (_, i) => `"criterion ${i}"@nb`).join(', ');
    const targets = Array.from({ length: 2_000 }, (_, i) => `<https://x.no/t${i}>`).join(', ');
    const quads = new Parser({ format: 'text/turtle' }).parse(`@prefix skosno: <https://data.norge.no/vocabulary/skosno#> . @prefix dct: <http://purl.org/dc/terms/> .
      <${C}> a <http://www.w3.org/2004/02/skos/core#Concept> ; skosno:hasGenericConceptRelation [ skosno:hasGenericConcept ${targets} ; dct:description ${criteria} ] .`);
    const d = describeConcept(quads, C);
    expect(d.genericParents).toHaveLength(2_000);
    const first = d.genericParents[0]!.qualifiers;
    expect(first.map((q) => q.value)).toEqual(Array.from({ length: MAX_QUALIFIERS }, (_, i) => `criterion ${i}`));
    expect(d.genericParents.every((l) => l.qualifiers === first)).toBe(true);
  });

  it('merges the criteria of two relation nodes naming the same concept, each once, up to MAX_QUALIFIERS', () => {
    const C = 'https://x.no/c';
    const quads = new Parser({ format: 'text/turtle' }).parse(`@prefix skosno: <https://data.norge.no/vocabulary/skosno#> . @prefix dct: <http://purl.org/dc/terms/> .
      <${C}> a <http://www.w3.org/2004/02/skos/core#Concept> ;
        skosno:hasGenericConceptRelation [ skosno:hasGenericConcept <https://x.no/t> ; dct:description "a"@nb, "b"@nb ] ,
          [ skosno:hasGenericConcept <https://x.no/t> , <https://x.no/u> ; dct:description "b"@nb, "c"@nb ] .`);
    const d = describeConcept(quads, C);
    expect(d.genericParents.map((l) => [l.iri, l.qualifiers.map((q) => q.value)])).toEqual([
      ['https://x.no/t', ['a', 'b', 'c']],
      ['https://x.no/u', ['b', 'c']],
    ]);
  });

  it('reads the label of a source that 2 000 definitions share once, and keeps 500 distinct terms of 16 400 characters each once', () => {
    const C = 'https://x.no/c';
    const definitions = Array.from({ length: 2_000 }, (_, i) => `[ a euvoc:XlNote ; rdf:value "definisjon ${i}"@nb ; dct:source <https://x.no/kilde> ]`).join(', ');
    const long = (i: number): string => `${String(i).padStart(5, '0')}${'x'.repeat(16_395)}`;
    const terms = Array.from({ length: 500 }, (_, i) => `"${long(i)}"@nb`).join(', ');
    const quads = new Parser({ format: 'text/turtle' }).parse(`@prefix euvoc: <http://publications.europa.eu/ontology/euvoc#> . @prefix dct: <http://purl.org/dc/terms/> .
      @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
      <https://x.no/kilde> rdfs:label "Skatteloven"@nb .
      <${C}> a <http://www.w3.org/2004/02/skos/core#Concept> ; euvoc:xlDefinition ${definitions} ;
        <http://www.w3.org/2004/02/skos/core#altLabel> ${terms}, "${long(0)}"@nb .`);
    const d = describeConcept(quads, C);
    expect(d.definitions).toHaveLength(2_000);
    expect(d.definitions.every((x) => x.sources.length === 1 && x.sources[0] === 'Skatteloven')).toBe(true);
    expect(d.labels.filter((l) => l.role === 'altLabel')).toHaveLength(500);
  });

  it('names a concept by the first preferred term in the first language that has one, among 20 000 languages without', () => {
    const alt = Array.from({ length: 20_000 }, (_, i) => ({ role: 'altLabel' as const, value: `alt ${i}`, lang: `x-l${i}` }));
    const pref = Array.from({ length: 20_000 }, (_, i) => ({ role: 'prefLabel' as const, value: `pref ${i}`, lang: 'zz' }));
    expect(preferredTerm([...alt, ...pref], [...alt.map((l) => l.lang), 'zz'])).toEqual({ value: 'pref 0', lang: 'zz' });
  });
});

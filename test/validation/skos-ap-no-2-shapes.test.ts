import { describe, expect, it } from 'vitest';
import { DCAT, DCT, SKOS } from '../../src/rdf/namespaces.js';
import { EX, describe_, fixture, turtle, validate, violations, without } from './helpers.js';

const base = fixture('conforming-concept.ttl');
const PROFILE = 'skos-ap-no-2';
const EUVOC_XL_DEFINITION = 'http://publications.europa.eu/ontology/euvoc#xlDefinition';

describe('skos-ap-no-2: a conforming concept record', () => {
  it('has no result at all, its links to other concept records being bare IRIs', async () => {
    const report = await validate(base, PROFILE);
    expect(describe_(report.results)).toEqual([]);
    expect(report.conforms).toBe(true);
    expect(report.profile).toBe(PROFILE);
  });
});

describe('skos-ap-no-2: each mandatory property, in words, in Bokmål and English', () => {
  const prefLabelsWithout = (lang: string) => base.filter((q) => !(q.predicate.value === SKOS.prefLabel && q.object.termType === 'Literal' && q.object.language === lang));
  const cases = [
    { name: 'preferred term in Bokmål', quads: () => prefLabelsWithout('nb'), nb: 'Begrepet mangler en anbefalt term på bokmål', en: 'The concept has no preferred term in Bokmål', path: SKOS.prefLabel },
    { name: 'preferred term in Nynorsk', quads: () => prefLabelsWithout('nn'), nb: 'Begrepet mangler en anbefalt term på nynorsk', en: 'The concept has no preferred term in Nynorsk', path: SKOS.prefLabel },
    { name: 'definition', quads: () => without(without(base, 'inntekt', SKOS.definition), 'inntekt', EUVOC_XL_DEFINITION), nb: 'Begrepet mangler definisjon', en: 'The concept has no definition', path: undefined },
    { name: 'identifier', quads: () => without(base, 'inntekt', DCT.identifier), nb: 'Begrepet mangler identifikator (dct:identifier)', en: 'The concept has no identifier (dct:identifier)', path: DCT.identifier },
    { name: 'contact point', quads: () => without(base, 'inntekt', DCAT.contactPoint), nb: 'Begrepet mangler kontaktpunkt (dcat:contactPoint)', en: 'The concept has no contact point (dcat:contactPoint)', path: DCAT.contactPoint },
    { name: 'publisher', quads: () => without(base, 'inntekt', DCT.publisher), nb: 'Begrepet mangler utgiver (dct:publisher)', en: 'The concept has no publisher (dct:publisher)', path: DCT.publisher },
  ];
  it.each(cases)('$name', async ({ quads, nb, en, path }) => {
    const report = await validate(quads(), PROFILE);
    const found = violations(report);
    expect(describe_(found)).toHaveLength(1);
    expect(found[0]!.focusNode).toBe(`${EX}inntekt`);
    if (path !== undefined) expect(found[0]!.path).toBe(path);
    expect(found[0]!.message.nb).toContain(nb);
    expect(found[0]!.message.en).toContain(en);
    expect(report.conforms).toBe(false);
  });
});

describe('skos-ap-no-2: values of the wrong form', () => {
  it('a second preferred term in Bokmål breaks both one-per-language rules', async () => {
    const report = await validate([...base, ...turtle(`<${EX}inntekt> <${SKOS.prefLabel}> "lønn"@nb .`)], PROFILE);
    expect(violations(report).map((r) => r.message.en)).toEqual(
      expect.arrayContaining([expect.stringContaining('more than one preferred term (skos:prefLabel) in the same language'), expect.stringContaining('no preferred term in Bokmål (skos:prefLabel with language tag nb), or has several')]),
    );
  });

  it('a related concept described as something else than a concept is a violation; an undescribed one is not', async () => {
    const report = await validate([...base, ...turtle(`<${EX}skatt> a <http://www.w3.org/2006/vcard/ns#Organization> .`)], PROFILE);
    expect(describe_(violations(report))).toEqual([`violation ${EX}inntekt ${SKOS.$base}related ${EX}skatt «Is related to» (skos:related) must link to a concept (skos:Concept).`]);
  });

  it('an audience outside the audience-type vocabulary is a warning, not a violation', async () => {
    const quads = base.map((q) => (q.predicate.value === DCT.audience ? turtle(`<${q.subject.value}> <${DCT.audience}> <${EX}barn> .`)[0]! : q));
    const report = await validate(quads, PROFILE);
    expect(report.conforms).toBe(true);
    expect(report.results.map((r) => [r.severity, r.message.nb])).toEqual([['warning', expect.stringContaining('Målgruppen (dct:audience) bør hentes fra https://data.norge.no/vocabulary/audience-type')]]);
  });

  it('a generic relation must name either a generic or a specific concept, not both', async () => {
    const report = await validate([...base, ...turtle(`<${EX}inntekt-generisk> <https://data.norge.no/vocabulary/skosno#hasSpecificConcept> <${EX}lønn> .`)], PROFILE);
    expect(violations(report).map((r) => [r.focusNode, r.message.nb])).toEqual([[`${EX}inntekt-generisk`, expect.stringContaining('enten overbegrep (skosno:hasGenericConcept) eller underbegrep (skosno:hasSpecificConcept), ikke begge')]]);
  });

  it('a collection without members and title fails on both', async () => {
    const report = await validate(turtle(`@prefix dct: <http://purl.org/dc/terms/> .
      <${EX}samling> a <${SKOS.Collection}> ; dct:identifier "${EX}samling"^^<http://www.w3.org/2001/XMLSchema#anyURI> ;
        dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/974761076> ;
        <${DCAT.contactPoint}> [ a <http://www.w3.org/2006/vcard/ns#Organization> ] .`), PROFILE);
    expect(violations(report).map((r) => r.path).sort()).toEqual([DCT.title, SKOS.member]);
  });
});

describe('skos: the SKOS integrity profile for reference data', () => {
  const concept = (extra: string) => turtle(`@prefix skos: <${SKOS.$base}> .
    <${EX}a> a skos:Concept ; skos:prefLabel "Jordbruk"@nb, "Agriculture"@en ; skos:inScheme <${EX}scheme> ; skos:notation "AGRI" ; ${extra} .`);

  it('accepts a plain concept with broader, related and labels in several languages', async () => {
    const report = await validate(concept(`skos:broader <${EX}b> ; skos:related <${EX}c> ; skos:altLabel "Landbruk"@nb`), 'skos');
    expect(describe_(report.results)).toEqual([]);
  });

  it('rejects two preferred labels in one language', async () => {
    const report = await validate(concept('skos:prefLabel "Landbruk"@nb'), 'skos');
    expect(violations(report).map((r) => r.message.en)).toEqual([expect.stringContaining('more than one preferred label (skos:prefLabel) in the same language')]);
  });

  it('rejects a concept both broader than and related to the same concept', async () => {
    const report = await validate(concept(`skos:broader <${EX}b> ; skos:related <${EX}b>`), 'skos');
    expect(violations(report).map((r) => [r.value, r.message.nb])).toEqual([[`${EX}b`, expect.stringContaining('både relatert til (skos:related) og underordnet (skos:broader) det samme begrepet')]]);
  });

  it('rejects the same label as preferred and alternative', async () => {
    const report = await validate(concept('skos:altLabel "Jordbruk"@nb'), 'skos');
    expect(violations(report).map((r) => r.message.en)).toEqual([expect.stringContaining('both preferred (skos:prefLabel) and alternative (skos:altLabel)')]);
  });

  it('rejects a concept without any preferred label', async () => {
    const report = await validate(turtle(`<${EX}x> a <${SKOS.Concept}> ; <${SKOS.notation}> "X" .`), 'skos');
    expect(violations(report).map((r) => r.message.en)).toEqual(['The concept has no preferred label (skos:prefLabel) in any language.']);
  });
});

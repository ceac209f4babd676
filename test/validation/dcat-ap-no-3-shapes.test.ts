import { describe, expect, it } from 'vitest';
import { DCAT, DCT } from '../../src/rdf/namespaces.js';
import { EX, describe_, fixture, turtle, validate, violations, without } from './helpers.js';

// The 2.0 fixture plus what 3.0 adds: contact points for the catalog and the series, a theme for the
// series, a publisher for the service, and the licence as its EU IRI.
const v2 = fixture('conforming-record.ttl');
const base = without(v2, 'population-csv', DCT.license).concat(
  turtle(`<${EX}population-csv> <${DCT.license}> <http://publications.europa.eu/resource/authority/licence/NLOD_2_0> .
    <${EX}catalog> <${DCAT.contactPoint}> <${EX}population-contact> .
    <${EX}series> <${DCAT.contactPoint}> <${EX}population-contact> ; <${DCAT.theme}> <http://publications.europa.eu/resource/authority/data-theme/SOCI> .
    <${EX}api> <${DCT.publisher}> <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/974760673> .`),
);

describe('dcat-ap-no-3: the stricter rules of the 3.0 draft', () => {
  it('accepts a catalog that meets the 3.0 rules', async () => {
    expect(describe_(violations(await validate(base, 'dcat-ap-no-3')))).toEqual([]);
  });

  it('reports what the 2.0 fixture lacks under 3.0', async () => {
    const found = violations(await validate(v2, 'dcat-ap-no-3'));
    expect(found.map((r) => `${r.focusNode.slice(EX.length)} ${r.path}`).sort()).toEqual([
      `api ${DCT.publisher}`, `catalog ${DCAT.contactPoint}`, `population-csv ${DCT.license}`,
      `series ${DCAT.contactPoint}`, `series ${DCAT.theme}`, `series ${DCAT.theme}`,
    ]);
  });

  it('asks for the EU licence IRI instead of the data.norge.no one', async () => {
    const quads = without(base, 'population-csv', DCT.license).concat(turtle(`<${EX}population-csv> <${DCT.license}> <http://data.norge.no/nlod/no/2.0> .`));
    const found = violations(await validate(quads, 'dcat-ap-no-3'));
    expect(found.map((r) => [r.focusNode, r.path])).toEqual([[`${EX}population-csv`, DCT.license]]);
    expect(found[0]!.message.nb).toContain('NLOD_2_0');
  });

  it.each([
    { subject: 'population', predicate: DCAT.contactPoint, nb: 'Datasettet mangler kontaktpunkt (dcat:contactPoint)', en: 'The dataset has no contact point (dcat:contactPoint)' },
    { subject: 'api', predicate: DCAT.contactPoint, nb: 'Datatjenesten mangler kontaktpunkt (dcat:contactPoint)', en: 'The data service has no contact point (dcat:contactPoint)' },
    { subject: 'population-contact', predicate: 'http://www.w3.org/2006/vcard/ns#fn', nb: 'Kontaktpunktet mangler navn (vcard:fn)', en: 'The contact point has no name (vcard:fn)' },
  ])('makes a recommended property mandatory: $en', async ({ subject, predicate, nb, en }) => {
    const found = violations(await validate(without(base, subject, predicate), 'dcat-ap-no-3'));
    expect(found.map((r) => r.message.nb)).toEqual([expect.stringContaining(nb)]);
    expect(found[0]!.message.en).toContain(en);
  });

  it('no longer requires dct:identifier', async () => {
    const quads = without(base, 'population', DCT.identifier);
    expect(describe_(violations(await validate(quads, 'dcat-ap-no-3')))).toEqual([]);
    expect(violations(await validate(without(v2, 'population', DCT.identifier), 'dcat-ap-no-2')).map((r) => r.path)).toEqual([DCT.identifier]);
  });

  it('requires a language tag on titles and one title per language', async () => {
    const quads = base.concat(turtle(`<${EX}population> <${DCT.title}> "Uten språk", "Befolkning 2"@nb .`));
    const found = violations(await validate(quads, 'dcat-ap-no-3'));
    expect(found.map((r) => r.constraint?.split('#')[1]).sort()).toEqual(['DatatypeConstraintComponent', 'UniqueLangConstraintComponent']);
  });

  it('restricts access rights to PUBLIC, RESTRICTED and NON_PUBLIC', async () => {
    const quads = without(base, 'population', DCT.accessRights).concat(
      turtle(`<${EX}population> <${DCT.accessRights}> <http://publications.europa.eu/resource/authority/access-right/SENSITIVE> .`),
    );
    expect(violations(await validate(quads, 'dcat-ap-no-2')).filter((r) => r.path === DCT.accessRights)).toEqual([]);
    expect(violations(await validate(quads, 'dcat-ap-no-3')).map((r) => r.path)).toEqual([DCT.accessRights]);
  });

  it('makes an agent without a name a violation (a warning in 2.0)', async () => {
    const quads = base.concat(turtle(`<${EX}population> <${DCT.creator}> <${EX}agency> . <${EX}agency> a <http://xmlns.com/foaf/0.1/Agent> .`));
    expect(violations(await validate(quads, 'dcat-ap-no-3')).map((r) => r.focusNode)).toEqual([`${EX}agency`]);
    const v2 = await validate(quads, 'dcat-ap-no-2');
    expect(v2.results.filter((r) => r.focusNode === `${EX}agency`).map((r) => r.severity)).toEqual(['warning']);
  });
});

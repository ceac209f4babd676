import { describe, expect, it } from 'vitest';
import { ADMS, DCAT, DCT } from '../../src/rdf/namespaces.js';
import { EX, describe_, fixture, turtle, validate, violations, without } from './helpers.js';

// DCAT-AP-NO 3.0 as published: the official core, ranges and vocabularies rule sets (shapes/dcat-ap-no-3-*.ttl).
const base = fixture('conforming-record-3.ttl');
const FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
const LEVELS = ['dcat-ap-no-3-core', 'dcat-ap-no-3-core-ranges', 'dcat-ap-no-3'] as const;

/** Per level, the paths of the violations. */
async function byLevel(quads: Parameters<typeof validate>[0]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const profile of LEVELS) out[profile] = violations(await validate(quads, profile)).map((r) => r.path ?? '');
  return out;
}

describe('dcat-ap-no-3: DCAT-AP-NO 3.0 with its three rule sets', () => {
  it('accepts a catalog that meets every 3.0 rule, at every level', async () => {
    for (const profile of LEVELS) expect(describe_(violations(await validate(base, profile)))).toEqual([]);
  });

  it('keeps the split visible: a form error is core, a value outside the namespace is ranges, a code outside the vocabulary is vocabularies', async () => {
    const replace = (to: string) => without(base, 'population', DCT.accrualPeriodicity).concat(turtle(`<${EX}population> <${DCT.accrualPeriodicity}> ${to} .`));
    expect(await byLevel(replace('"yearly"'))).toEqual({
      'dcat-ap-no-3-core': [DCT.accrualPeriodicity],
      'dcat-ap-no-3-core-ranges': [DCT.accrualPeriodicity, DCT.accrualPeriodicity],
      // vocabularies: neither a skos:Concept nor in the frequency table
      'dcat-ap-no-3': [DCT.accrualPeriodicity, DCT.accrualPeriodicity, DCT.accrualPeriodicity, DCT.accrualPeriodicity],
    });
    expect(await byLevel(replace('<https://example.org/frequency/yearly>'))).toEqual({
      'dcat-ap-no-3-core': [],
      'dcat-ap-no-3-core-ranges': [DCT.accrualPeriodicity],
      'dcat-ap-no-3': [DCT.accrualPeriodicity, DCT.accrualPeriodicity, DCT.accrualPeriodicity],
    });
    expect(await byLevel(replace(`<${FREQUENCY}EVERY_BLUE_MOON>`))).toEqual({
      'dcat-ap-no-3-core': [],
      'dcat-ap-no-3-core-ranges': [],
      'dcat-ap-no-3': [DCT.accrualPeriodicity, DCT.accrualPeriodicity],
    });
  });

  it('accepts every code of a vocabulary the catalog holds in full, and says which vocabulary in Bokmål and English', async () => {
    for (const code of ['ANNUAL', 'QUARTERLY', 'DAILY', 'IRREG', 'CONT', 'BIENNIAL']) {
      const quads = without(base, 'population', DCT.accrualPeriodicity).concat(turtle(`<${EX}population> <${DCT.accrualPeriodicity}> <${FREQUENCY}${code}> .`));
      expect(describe_(violations(await validate(quads, 'dcat-ap-no-3')))).toEqual([]);
    }
    for (const status of ['COMPLETED', 'DEPRECATED', 'DEVELOP', 'WITHDRAWN']) {
      const quads = base.concat(turtle(`<${EX}population-json> <${ADMS.status}> <http://publications.europa.eu/resource/authority/distribution-status/${status}> .`));
      expect(describe_(violations(await validate(quads, 'dcat-ap-no-3')))).toEqual([]);
    }
    const wrong = base.concat(turtle(`<${EX}population-json> <${ADMS.status}> <http://publications.europa.eu/resource/authority/distribution-status/DONE> .`));
    const [found] = violations(await validate(wrong, 'dcat-ap-no-3'));
    expect(found!.message.nb).toContain('det kontrollerte vokabularet Distribution Status');
    expect(found!.message.en).toContain('the controlled vocabulary Distribution Status');
  });

  it.each([
    { subject: 'population', predicate: DCAT.contactPoint, nb: '«kontaktpunkt» (dcat:contactPoint) mangler', en: '"contact point" (dcat:contactPoint) is missing' },
    { subject: 'api', predicate: DCAT.endpointURL, nb: '«endepunktsURL» (dcat:endpointURL) må ha nøyaktig én verdi', en: '"endpoint URL" (dcat:endpointURL) must have exactly one value' },
    { subject: 'population-contact', predicate: 'http://www.w3.org/2006/vcard/ns#fn', nb: '«navn» (vcard:fn) mangler', en: '"formatted name" (vcard:fn) is missing' },
  ])('names a missing mandatory property in both languages: $en', async ({ subject, predicate, nb, en }) => {
    const found = violations(await validate(without(base, subject, predicate), 'dcat-ap-no-3-core'));
    expect(found.map((r) => r.message.nb)).toEqual([expect.stringContaining(nb)]);
    expect(found[0]!.message.en).toContain(en);
  });

  it('no longer requires dct:identifier (2.0 does)', async () => {
    const quads = without(base, 'population', DCT.identifier);
    expect(describe_(violations(await validate(quads, 'dcat-ap-no-3')))).toEqual([]);
    expect(violations(await validate(quads, 'dcat-ap-no-2')).map((r) => r.path)).toContain(DCT.identifier);
  });

  it('requires a language tag on titles and one title per language', async () => {
    const quads = base.concat(turtle(`<${EX}population> <${DCT.title}> "Uten språk", "Befolkning 2"@nb .`));
    const found = violations(await validate(quads, 'dcat-ap-no-3-core'));
    expect(found.map((r) => r.constraint?.split('#')[1]).sort()).toEqual(['DatatypeConstraintComponent', 'UniqueLangConstraintComponent']);
  });

  it('restricts access rights to PUBLIC, RESTRICTED and NON_PUBLIC (core), and to concepts of the access-right table (vocabularies)', async () => {
    const quads = without(base, 'population', DCT.accessRights).concat(
      turtle(`<${EX}population> <${DCT.accessRights}> <http://publications.europa.eu/resource/authority/access-right/SENSITIVE> .`),
    );
    expect(violations(await validate(quads, 'dcat-ap-no-2')).filter((r) => r.path === DCT.accessRights)).toEqual([]);
    expect(violations(await validate(quads, 'dcat-ap-no-3-core')).map((r) => r.path)).toEqual([DCT.accessRights]);
    // the catalog holds no concept SENSITIVE: neither a skos:Concept nor in the access-right table
    expect(violations(await validate(quads, 'dcat-ap-no-3')).map((r) => r.path)).toEqual([DCT.accessRights, DCT.accessRights, DCT.accessRights]);
  });

  it('accepts an IANA media type in either namespace and of any top-level type (a deliberate difference)', async () => {
    for (const type of ['https://www.w3.org/ns/iana/media-types/text/csv', 'https://www.iana.org/assignments/media-types/text/csv', 'https://www.iana.org/assignments/media-types/application/json']) {
      const quads = without(base, 'population-json', DCAT.mediaType).concat(turtle(`<${EX}population-json> <${DCAT.mediaType}> <${type}> .`));
      expect(describe_(violations(await validate(quads, 'dcat-ap-no-3')))).toEqual([]);
    }
    const other = without(base, 'population-json', DCAT.mediaType).concat(turtle(`<${EX}population-json> <${DCAT.mediaType}> <https://example.org/types/csv> .`));
    expect(violations(await validate(other, 'dcat-ap-no-3')).map((r) => r.path)).toEqual([DCAT.mediaType]);
  });

  it('makes an agent without a name a violation (a warning in 2.0)', async () => {
    const quads = base.concat(turtle(`<${EX}population> <${DCT.creator}> <${EX}agency> . <${EX}agency> a <http://xmlns.com/foaf/0.1/Agent> .`));
    expect(violations(await validate(quads, 'dcat-ap-no-3')).map((r) => r.focusNode)).toEqual([`${EX}agency`]);
    const v2 = await validate(quads, 'dcat-ap-no-2');
    expect(v2.results.filter((r) => r.focusNode === `${EX}agency`).map((r) => r.severity)).toEqual(['warning']);
  });
});

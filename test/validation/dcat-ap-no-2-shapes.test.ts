import { describe, expect, it } from 'vitest';
import { DCAT, DCT, FOAF, SKOS } from '../../src/rdf/namespaces.js';
import { EX, describe_, fixture, turtle, validate, violations, without } from './helpers.js';

const base = fixture('conforming-record.ttl');

describe('dcat-ap-no-2: a conforming catalog', () => {
  it('has no violation and no warning', async () => {
    const report = await validate(base);
    expect(describe_(report.results.filter((r) => r.severity !== 'info'))).toEqual([]);
    expect(report.conforms).toBe(true);
    expect(report.profile).toBe('dcat-ap-no-2');
  });
});

// One case per mandatory rule: remove the property, expect exactly that violation, in both languages.
const mandatory: { subject: string; predicate: string; nb: string; en: string }[] = [
  { subject: 'catalog', predicate: DCT.title, nb: 'Katalogen mangler tittel (dct:title)', en: 'The catalog has no title (dct:title)' },
  { subject: 'catalog', predicate: DCT.description, nb: 'Katalogen mangler beskrivelse (dct:description)', en: 'The catalog has no description (dct:description)' },
  { subject: 'catalog', predicate: DCT.publisher, nb: 'Katalogen mangler utgiver (dct:publisher)', en: 'The catalog has no publisher (dct:publisher)' },
  { subject: 'catalog', predicate: DCT.identifier, nb: 'Katalogen mangler identifikator (dct:identifier)', en: 'The catalog has no identifier (dct:identifier)' },
  { subject: 'population', predicate: DCT.title, nb: 'Datasettet mangler tittel (dct:title). Oppgi en tittel på bokmål, nynorsk eller engelsk.', en: 'The dataset has no title (dct:title). Give a title in Norwegian or English.' },
  { subject: 'population', predicate: DCT.description, nb: 'Datasettet mangler beskrivelse (dct:description)', en: 'The dataset has no description (dct:description)' },
  { subject: 'population', predicate: DCT.identifier, nb: 'Datasettet mangler identifikator (dct:identifier)', en: 'The dataset has no identifier (dct:identifier)' },
  { subject: 'population', predicate: DCT.publisher, nb: 'Datasettet mangler utgiver (dct:publisher)', en: 'The dataset has no publisher (dct:publisher)' },
  { subject: 'population', predicate: DCAT.theme, nb: 'Datasettet mangler tema (dcat:theme)', en: 'The dataset has no theme (dcat:theme)' },
  { subject: 'series', predicate: DCT.title, nb: 'Datasettserien mangler tittel (dct:title)', en: 'The dataset series has no title (dct:title)' },
  { subject: 'series', predicate: DCT.description, nb: 'Datasettserien mangler beskrivelse (dct:description)', en: 'The dataset series has no description (dct:description)' },
  { subject: 'series', predicate: DCT.publisher, nb: 'Datasettserien mangler utgiver (dct:publisher)', en: 'The dataset series has no publisher (dct:publisher)' },
  { subject: 'series', predicate: DCAT.first, nb: 'Datasettserien mangler første datasett (dcat:first)', en: 'The dataset series has no first dataset (dcat:first)' },
  { subject: 'api', predicate: DCAT.endpointURL, nb: 'Datatjenesten mangler endepunkt (dcat:endpointURL)', en: 'The data service has no endpoint (dcat:endpointURL)' },
  { subject: 'api', predicate: DCT.identifier, nb: 'Datatjenesten mangler identifikator (dct:identifier)', en: 'The data service has no identifier (dct:identifier)' },
  { subject: 'api', predicate: DCT.title, nb: 'Datatjenesten mangler tittel (dct:title)', en: 'The data service has no title (dct:title)' },
  { subject: 'population-csv', predicate: DCAT.accessURL, nb: 'Distribusjonen mangler tilgangsadresse (dcat:accessURL)', en: 'The distribution has no access URL (dcat:accessURL)' },
  { subject: 'record', predicate: DCT.modified, nb: 'Katalogposten mangler endringsdato (dct:modified)', en: 'The catalog record has no modification date (dct:modified)' },
  { subject: 'record', predicate: FOAF.primaryTopic, nb: 'Katalogposten mangler primærtema (foaf:primaryTopic)', en: 'The catalog record has no primary topic (foaf:primaryTopic)' },
];

describe('dcat-ap-no-2: each mandatory property', () => {
  it.each(mandatory)('$en', async ({ subject, predicate, nb, en }) => {
    const report = await validate(without(base, subject, predicate));
    const found = violations(report);
    expect(describe_(found)).toHaveLength(1);
    expect(found[0]!.focusNode).toBe(EX + subject);
    expect(found[0]!.path).toBe(predicate);
    expect(found[0]!.message.nb).toContain(nb);
    expect(found[0]!.message.en).toContain(en);
    expect(found[0]!.constraint).toBe('http://www.w3.org/ns/shacl#MinCountConstraintComponent');
    expect(found[0]!.sourceShape).toMatch(/^https:\/\/w3id\.org\/datakatalog\/shapes\/dcat-ap-no-2#.+-required$/);
    expect(report.conforms).toBe(false);
  });
});

describe('dcat-ap-no-2: recommended properties are warnings', () => {
  it.each([
    { subject: 'population', predicate: DCAT.contactPoint, en: 'The dataset has no contact point (dcat:contactPoint)' },
    { subject: 'population', predicate: DCAT.keyword, en: 'The dataset has no keywords (dcat:keyword)' },
    { subject: 'population', predicate: DCT.accessRights, en: 'The dataset has no access rights (dct:accessRights)' },
    { subject: 'population', predicate: DCAT.distribution, en: 'The dataset has no distribution (dcat:distribution)' },
    { subject: 'population-csv', predicate: DCT.license, en: 'The distribution has no licence (dct:license)' },
    { subject: 'population-csv', predicate: DCT.format, en: 'The distribution has no format (dct:format)' },
  ])('$en', async ({ subject, predicate, en }) => {
    const report = await validate(without(base, subject, predicate));
    expect(report.conforms).toBe(true);
    const warnings = report.results.filter((r) => r.severity === 'warning');
    expect(warnings.map((w) => w.message.en)).toEqual([expect.stringContaining(en)]);
    expect(warnings[0]!.message.nb.length).toBeGreaterThan(20);
  });

  it('warns when no theme is an EU data theme', async () => {
    const quads = without(base, 'population', DCAT.theme).concat(
      turtle(`<${EX}population> <${DCAT.theme}> <https://psi.norge.no/los/tema/arbeid> .`),
    );
    const report = await validate(quads);
    expect(report.conforms).toBe(true);
    expect(report.results.map((r) => r.message.en)).toContainEqual(expect.stringContaining('no theme from the EU data themes'));
  });
});

describe('dcat-ap-no-2: the form of values', () => {
  const cases: { name: string; ttl: string; path: string; en: string }[] = [
    { name: 'a publisher given as text', ttl: `<${EX}population> <${DCT.publisher}> "Eksempeletaten" .`, path: DCT.publisher, en: 'must be one link (IRI)' },
    { name: 'a second publisher', ttl: `<${EX}population> <${DCT.publisher}> <https://example.org/other> .`, path: DCT.publisher, en: 'must be one link (IRI)' },
    { name: 'a date without datatype', ttl: `<${EX}population-csv> <${DCT.issued}> "31.05.2024" .`, path: DCT.issued, en: 'as a date (xsd:date' },
    { name: 'access rights outside the EU table', ttl: `<${EX}api> <${DCT.accessRights}> <https://example.org/open> .`, path: DCT.accessRights, en: 'PUBLIC, RESTRICTED or NON_PUBLIC' },
    { name: 'a format that is not an EU file type', ttl: `<${EX}population-csv> <${DCT.format}> "CSV" .`, path: DCT.format, en: 'EU file type table' },
    { name: 'an unknown licence', ttl: `<${EX}population-csv> <${DCT.license}> <https://example.org/my-licence> .`, path: DCT.license, en: 'EU licence table' },
    { name: 'a frequency that is text', ttl: `<${EX}population> <${DCT.accrualPeriodicity}> "årlig" .`, path: DCT.accrualPeriodicity, en: 'EU frequency table' },
  ];
  it.each(cases)('rejects $name', async ({ ttl, path, en }) => {
    const quads = ttl.includes(`<${DCT.accrualPeriodicity}>`) ? without(base, 'population', DCT.accrualPeriodicity) : [...base];
    const report = await validate(quads.concat(turtle(ttl)));
    const found = violations(report).filter((r) => r.path === path);
    expect(describe_(found).length).toBeGreaterThan(0);
    expect(found.map((r) => r.message.en)).toContainEqual(expect.stringContaining(en));
    for (const r of found) expect(r.message.nb).not.toBe(r.message.en);
  });

  it('accepts the EU licence IRIs and the Norwegian licence IRIs of vocab/', async () => {
    for (const licence of ['http://publications.europa.eu/resource/authority/licence/CC_BY_4_0', 'https://data.norge.no/nlod/no', 'http://creativecommons.org/licenses/by/4.0/deed.no']) {
      const quads = without(base, 'population-csv', DCT.license).concat(turtle(`<${EX}population-csv> <${DCT.license}> <${licence}> .`));
      expect(violations(await validate(quads)), licence).toEqual([]);
    }
  });

  it('reports a skos:notation missing from a described identifier', async () => {
    const quads = base.concat(turtle(`<${EX}population> <http://www.w3.org/ns/adms#identifier> <${EX}other-id> . <${EX}other-id> a <http://www.w3.org/ns/adms#Identifier> .`));
    const found = violations(await validate(quads));
    expect(found.map((r) => [r.focusNode, r.path])).toEqual([[`${EX}other-id`, SKOS.notation]]);
  });
});

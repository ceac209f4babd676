import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { isValidOrganisationNumber } from '../../../src/core/organisation-number.js';
import { DCT, DK } from '../../../src/rdf/namespaces.js';
import { vocabularyFromTurtle } from '../../../src/search/vocabulary/search-vocabulary.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VOCAB = path.resolve(here, '../../../vocab');

describe('search vocabulary', () => {
  it('reads labels, codes, LOS paths, open licences and media types from vocab/', () => {
    const v = loadSearchVocabulary(VOCAB);
    expect(v.label('http://publications.europa.eu/resource/authority/data-theme/ENVI')).toMatchObject({ nb: 'Miljø', en: 'Environment' });
    expect(v.codeOf('http://publications.europa.eu/resource/authority/access-right/PUBLIC')).toBe('PUBLIC');
    expect(v.losPathOf('https://psi.norge.no/los/tema/arbeidsliv')).toBe('arbeid/arbeidsliv');
    expect(v.isOpenLicence('http://publications.europa.eu/resource/authority/licence/NLOD_2_0')).toBe(true);
    expect(v.isOpenLicence('https://creativecommons.org/licenses/by/4.0/')).toBe(true);
    expect(v.isOpenLicence('http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0')).toBe(false);
    expect(v.licenceKey('http://data.norge.no/nlod/no/2.0')).toBe('NLOD_2_0');
    expect(v.mediaTypeOfFileType('http://publications.europa.eu/resource/authority/file-type/CSV')).toBe('text/csv');
    expect(v.fileTypeOfMediaType('text/csv')).toBe('CSV');
    expect(v.organisation('974760673')).toMatchObject({ orgPath: '/STAT/912660680/974760673' });
    expect(v.labelOfKey('orgPath', '/STAT')).toMatchObject({ nb: 'Staten' });
  });

  it('lists organisations whose numbers pass the mod-11 check and whose paths end in their own number', () => {
    const quads = new Parser().parse(readFileSync(path.join(VOCAB, 'organisations.ttl'), 'utf8'));
    const ids = quads.filter((q) => q.predicate.value === DCT.identifier).map((q) => q.object.value);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const id of ids) expect(isValidOrganisationNumber(id), id).toBe(true);
    // Every organisation (a subject with a number) has one path, ending in its own number under a listed sector.
    const pathOf = (subject: (typeof quads)[number]['subject']): string[] =>
      quads.filter((q) => q.subject.equals(subject) && q.predicate.value === DK.orgPath).map((q) => q.object.value);
    const organisations = quads.filter((q) => q.predicate.value === DCT.identifier);
    const sectorPaths = new Set(quads.filter((q) => q.predicate.value === DK.orgPath && !organisations.some((o) => o.subject.equals(q.subject))).map((q) => q.object.value));
    expect(sectorPaths).toEqual(new Set(['/STAT', '/FYLKE', '/KOMMUNE', '/PRIVAT', '/ANNET']));
    for (const o of organisations) {
      const paths = pathOf(o.subject);
      expect(paths, o.object.value).toHaveLength(1);
      expect(paths[0]!.endsWith(`/${o.object.value}`), paths[0]).toBe(true);
      expect(sectorPaths.has(`/${paths[0]!.split('/')[1]}`), paths[0]).toBe(true);
    }
  });

  it('works with a small vocabulary of its own, and fingerprints its content', () => {
    const a = vocabularyFromTurtle('<https://x.org/t> <http://www.w3.org/2004/02/skos/core#prefLabel> "T"@nb .');
    const b = vocabularyFromTurtle('<https://x.org/t> <http://www.w3.org/2004/02/skos/core#prefLabel> "U"@nb .');
    expect(a.label('https://x.org/t')).toEqual({ nb: 'T' });
    expect(a.codeOf('https://x.org/t')).toBe('t');
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writer } from 'n3';
import { describe, expect, it } from 'vitest';
import { dataServiceQuads } from '../../../harvesters/openapi/map-data-service.js';
import { parseOpenApi } from '../../../harvesters/openapi/parse-openapi.js';
import { buildSearchDocument } from '../../../src/search/document/build-search-document.js';
import { words } from '../../../src/search/kinds/dcat/operation-texts.js';
import { loadSearchVocabulary } from '../../support/project-vocabulary.js';
import { recordsFromTurtle } from '../fixtures/records-from-turtle.js';

const vocab = loadSearchVocabulary(path.resolve(import.meta.dirname, '../../../vocab'));
const DOC = 'https://data.brreg.no/enhetsregisteret/openapi.yaml';

describe('a data service found by what its operations do', () => {
  it('splits operationIds at camelCase, underscores and dashes', () => {
    expect(words('hentEnhetByOrgNr')).toBe('hent Enhet By Org Nr');
    expect(words('get_user-name')).toBe('get user name');
    expect(words('HTTPStatus')).toBe('HTTP Status');
  });

  it('puts summaries, descriptions, tags, operationId words and path segments in the related texts, below title and description', async () => {
    const outcome = await parseOpenApi(
      { body: readFileSync(path.join(import.meta.dirname, '../../harvesters/openapi/fixtures/enhetsregisteret-3.0.yaml')), location: DOC, maxReferencedDocuments: 1, maxReferencedBytes: 1 },
      async (url) => {
        throw new Error(`offline (${url})`);
      },
    );
    if (!outcome.ok) throw new Error(outcome.message);
    const turtle = new Writer().quadsToString(dataServiceQuads(outcome.api, { iri: DOC, documentUrl: DOC, publisher: '974760673' }));
    const [input] = recordsFromTurtle(turtle, { sourcePublisher: '974760673' });
    const doc = buildSearchDocument(input!, vocab);
    expect(doc.texts.titles.map((t) => t.text)).toEqual(['Enhetsregisteret API']);
    const related = doc.texts.related.map((t) => t.text);
    expect(related).toEqual(
      expect.arrayContaining(['Søk etter enheter', 'Hent én enhet', 'Slår opp en enhet på organisasjonsnummer.', 'hent Enhet', 'enheter organisasjonsnummer', 'registrer Underenhet', 'underenheter', 'forvaltning']),
    );
    expect(doc.texts.related.find((t) => t.text === 'Hent én enhet')?.language).toBe('nb');
  });
});

import { readFileSync } from 'node:fs';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { dataServiceQuads, operationIri } from '../../../harvesters/openapi/map-data-service.js';
import { parseOpenApi } from '../../../harvesters/openapi/parse-openapi.js';
import type { ApiDescription } from '../../../harvesters/openapi/api-description.js';
import { DCAT, DCT, DK_API, FOAF, OWL, RDF, VCARD } from '../../../src/rdf/namespaces.js';
import { describe_, validate, violations } from '../../validation/helpers.js';

const DOC = 'https://data.brreg.no/enhetsregisteret/openapi.yaml';

async function api(fixture: string, location = DOC): Promise<ApiDescription> {
  const outcome = await parseOpenApi(
    { body: readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url)), location, maxReferencedDocuments: 1, maxReferencedBytes: 1 },
    async (url) => {
      throw new Error(`offline (${url})`);
    },
  );
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.api;
}

const objects = (quads: readonly Quad[], subject: string, predicate: string): string[] =>
  quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => (q.object.termType === 'Literal' && q.object.language ? `${q.object.value}@${q.object.language}` : q.object.value));

describe('an OpenAPI document as a DCAT-AP-NO data service', () => {
  it('says what the document says about the service, in the document\'s language', async () => {
    const quads = dataServiceQuads(await api('enhetsregisteret-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    expect(objects(quads, DOC, RDF.type)).toEqual([DCAT.DataService]);
    expect(objects(quads, DOC, DCT.identifier)).toEqual([DOC]);
    expect(objects(quads, DOC, DCT.title)).toEqual(['Enhetsregisteret API@nb']);
    expect(objects(quads, DOC, DCT.description)).toEqual(['Oppslag i Enhetsregisteret – hovedenheter og underenheter.@nb']);
    expect(objects(quads, DOC, DCT.publisher)).toEqual(['https://data.brreg.no/enhetsregisteret/api/enheter/974760673']);
    expect(objects(quads, DOC, DCAT.endpointURL)).toEqual(['https://data.brreg.no/enhetsregisteret/api']);
    expect(objects(quads, DOC, DK_API.serverURL)).toEqual(['https://data.brreg.no/enhetsregisteret/api', 'https://data.brreg.no/v2/api']);
    expect(objects(quads, DOC, DCAT.endpointDescription)).toEqual([DOC]);
    expect(objects(quads, DOC, DCT.conformsTo)).toEqual(['https://spec.openapis.org/oas/v3.0.3']);
    expect(objects(quads, DOC, OWL.versionInfo)).toEqual(['2.1.0']);
    expect(objects(quads, DOC, DCT.license)).toEqual(['https://data.norge.no/nlod/no/2.0']);
    expect(objects(quads, DOC, FOAF.page)).toEqual(['https://data.brreg.no/enhetsregisteret/api/docs/index.html']);
    expect(objects(quads, DOC, DCAT.keyword)).toEqual(['enheter@nb', 'underenheter@nb', 'forvaltning@nb']);
    expect(objects(quads, DOC, DCAT.mediaType)).toEqual(['https://www.iana.org/assignments/media-types/application/json', 'https://www.iana.org/assignments/media-types/application/xml']);
  });

  it('gives the contact as a vCard organisation', async () => {
    const quads = dataServiceQuads(await api('enhetsregisteret-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    const [contact] = objects(quads, DOC, DCAT.contactPoint);
    expect(contact).toBe(`${DOC}#/info/contact`);
    expect(objects(quads, contact!, RDF.type)).toEqual([VCARD.Organization]);
    expect(objects(quads, contact!, VCARD.hasOrganizationName)).toEqual(['Brønnøysundregistrene@nb']);
    expect(objects(quads, contact!, VCARD.fn)).toEqual(['Brønnøysundregistrene@nb']);
    expect(objects(quads, contact!, VCARD.hasEmail)).toEqual(['mailto:opendata@brreg.no']);
    expect(objects(quads, contact!, VCARD.hasURL)).toEqual(['https://www.brreg.no']);
  });

  it('gives each operation as a node named by its JSON pointer, with its place, method, path, id, text, tags, parameters and deprecation', async () => {
    const quads = dataServiceQuads(await api('enhetsregisteret-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    const operations = objects(quads, DOC, DK_API.operation);
    expect(operations).toHaveLength(4);
    const one = operationIri(DOC, { path: '/enheter/{organisasjonsnummer}', method: 'get' });
    expect(one).toBe(`${DOC}#/paths/~1enheter~1%7Borganisasjonsnummer%7D/get`);
    expect(objects(quads, one, RDF.type)).toEqual([DK_API.Operation]);
    expect(objects(quads, one, DK_API.position)).toEqual(['1']);
    expect(objects(quads, one, DK_API.httpMethod)).toEqual(['GET']);
    expect(objects(quads, one, DK_API.pathTemplate)).toEqual(['/enheter/{organisasjonsnummer}']);
    expect(objects(quads, one, DK_API.operationId)).toEqual(['hentEnhet']);
    expect(objects(quads, one, DK_API.summary)).toEqual(['Hent én enhet@nb']);
    expect(objects(quads, one, DCT.description)).toEqual(['Slår opp en enhet på organisasjonsnummer.@nb']);
    expect(objects(quads, one, DK_API.tag)).toEqual(['enheter@nb']);
    const [parameter] = objects(quads, one, DK_API.parameter);
    expect(objects(quads, parameter!, DK_API.parameterName)).toEqual(['organisasjonsnummer']);
    expect(objects(quads, parameter!, DK_API.parameterLocation)).toEqual(['path']);
    expect(objects(quads, parameter!, DK_API.required)).toEqual(['true']);
    const removed = operationIri(DOC, { path: '/enheter/{organisasjonsnummer}', method: 'delete' });
    expect(objects(quads, removed, OWL.deprecated)).toEqual(['true']);
    expect(objects(quads, one, OWL.deprecated)).toEqual([]);
  });

  it('describes the security schemes and the kinds of access, anonymous access included', async () => {
    const quads = dataServiceQuads(await api('enhetsregisteret-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    expect(objects(quads, DOC, DK_API.access).sort()).toEqual([DK_API.ApiKey, DK_API.NoAuthentication, DK_API.OAuth2].sort());
    const key = `${DOC}#/components/securitySchemes/apiKey`;
    expect(objects(quads, DOC, DK_API.securityScheme)).toEqual([key, `${DOC}#/components/securitySchemes/oauth`]);
    expect(objects(quads, key, DK_API.apiKeyLocation)).toEqual(['header']);
    expect(objects(quads, key, DK_API.apiKeyName)).toEqual(['X-Api-Key']);
  });

  it('uses the source language when the document declares none, and an SPDX IRI for a licence identifier', async () => {
    const base = await api('folkeregister-swagger-2.0.json', 'https://skatteetaten.github.io/folkeregisteret/swagger.json');
    const iri = 'https://skatteetaten.github.io/folkeregisteret/swagger.json';
    const quads = dataServiceQuads({ ...base, license: { identifier: 'Apache-2.0' } }, { iri, documentUrl: iri, publisher: '974761076', language: 'en' });
    expect(objects(quads, iri, DCT.title)).toEqual(['Folkeregisteret@en']);
    expect(objects(quads, iri, DCT.conformsTo)).toEqual(['https://spec.openapis.org/oas/v2.0']);
    expect(objects(quads, iri, DCT.license)).toEqual(['http://spdx.org/licenses/Apache-2.0']);
    expect(objects(quads, iri, DK_API.access).sort()).toEqual([DK_API.HttpBasic, DK_API.OAuth2].sort());
  });

  it('never writes a document\'s odd text as an IRI', async () => {
    const base = await api('enhetsregisteret-3.0.yaml');
    const quads = dataServiceQuads(
      { ...base, contact: { name: 'X', email: 'not an email', url: 'javascript:alert(1)' }, license: { url: 'relative/licence' }, externalDocs: { url: 'https://x.no/<script>' } },
      { iri: DOC, documentUrl: DOC, publisher: '974760673' },
    );
    const contact = `${DOC}#/info/contact`;
    expect(objects(quads, contact, VCARD.hasEmail)).toEqual([]);
    expect(objects(quads, contact, VCARD.hasURL)).toEqual([]);
    expect(objects(quads, DOC, DCT.license)).toEqual([]);
    expect(objects(quads, DOC, FOAF.page)).toEqual([]);
  });

  it('meets DCAT-AP-NO 3 but for the licence, which 3.0 wants as the EU licence IRI', async () => {
    // The document names NLOD by its data.norge.no URL; DCAT-AP-NO 3.0 (ranges and vocabularies) accepts
    // only IRIs of the EU licence table. Core alone is met.
    const quads = dataServiceQuads(await api('enhetsregisteret-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    expect(describe_(violations(await validate(quads, 'dcat-ap-no-3-core')))).toEqual([]);
    const report = await validate(quads, 'dcat-ap-no-3');
    expect(violations(report).map((r) => [r.path, r.value, r.sourceShape?.replace(/^.*\//, '')])).toEqual([
      [DCT.license, 'https://data.norge.no/nlod/no/2.0', 'ranges#hasShapeCVPattern-dctLicense'],
      [DCT.license, 'https://data.norge.no/nlod/no/2.0', 'vocabularies#hasShapeCVInScheme-dctLicense'],
    ]);
  });

  it('conforms to DCAT-AP-NO 2', async () => {
    const quads = dataServiceQuads(await api('enhetsregisteret-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    const report = await validate(quads, 'dcat-ap-no-2');
    expect(describe_(violations(report))).toEqual([]);
  });
});

// data.norge.no's own OpenAPI → DCAT conversions (../shared/corpus/fdk/openapi, see its MANIFEST.md):
// oastodcat's test cases, dataservice-publisher's catalog, and fdk-api-cat-converters' real documents.
// Every field the expected outputs carry is produced, except the deliberate differences listed here and
// in harvesters/openapi/README.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { dataServiceQuads } from '../../../harvesters/openapi/map-data-service.js';
import { parseOpenApi, type ParseOutcome } from '../../../harvesters/openapi/parse-openapi.js';
import { DCAT, DCT, DK_API, RDF } from '../../../src/rdf/namespaces.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../../shared/corpus/fdk/openapi');
const present = existsSync(corpus);
if (!present) console.warn(`FDK OpenAPI conversions skipped: the corpus is not at ${corpus} (it lives outside the repository).`);

const PUBLISHER = '974760673';

async function read(body: Buffer, location: string): Promise<ParseOutcome> {
  return parseOpenApi({ body, location, maxReferencedDocuments: 5, maxReferencedBytes: 1_000_000 }, async (url) => {
    throw new Error(`offline (${url})`);
  });
}

/** Predicate → objects of one subject; blank-node objects become the sorted `predicate object` lines of their node. */
function fieldsOf(quads: readonly Quad[], subject: string): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const q of quads) {
    if (q.subject.value !== subject) continue;
    const node = q.object.termType === 'BlankNode' || q.predicate.value === DCAT.contactPoint ? describeNode(quads, q.object.value) : q.object.termType === 'Literal' ? q.object.value.trim() : q.object.value;
    if (!fields.has(q.predicate.value)) fields.set(q.predicate.value, new Set());
    fields.get(q.predicate.value)!.add(node);
  }
  return fields;
}

function describeNode(quads: readonly Quad[], id: string): string {
  return quads
    .filter((q) => q.subject.value === id)
    .map((q) => `${q.predicate.value} ${q.object.value.trim()}`)
    .sort()
    .join(' | ');
}

/**
 * Deliberate differences: `dct:publisher` comes from the source's organisation number, never from a
 * parameter; `dct:conformsTo` says which OpenAPI version the document follows (oastodcat takes
 * standards as a parameter); several servers are one data service (DCAT-AP-NO allows one
 * `dcat:endpointURL`: the first server; every server is a `dk:serverURL`), not one data service each;
 * text is trimmed of white space at its ends (a YAML block scalar's final line break).
 */
const FROM_PARAMETERS = new Set<string>([DCT.publisher, DCT.conformsTo]);

describe.skipIf(!present)('golden: oastodcat test cases', () => {
  const root = path.join(corpus, 'oastodcat-cases');
  const cases = present ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'expected.ttl'))) : [];

  it('has the cases with an expected graph', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of cases) {
    it(`${name}: every field of the expected data service is produced`, async () => {
      const params = JSON.parse(readFileSync(path.join(root, name, 'params.json'), 'utf8')) as { url: string; identifier: string };
      const outcome = await read(readFileSync(path.join(root, name, 'input.openapi.yaml')), params.url);
      if (!outcome.ok) throw new Error(outcome.message);
      const iri = params.identifier.replace('{id}', '1');
      // oastodcat writes English; our default is the source's language, here English too.
      const ours = fieldsOf(dataServiceQuads(outcome.api, { iri, documentUrl: params.url, publisher: PUBLISHER, language: 'en' }), iri);
      const expectedQuads = new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(root, name, 'expected.ttl'), 'utf8'));
      const services = expectedQuads.filter((q) => q.predicate.value === RDF.type && q.object.value === DCAT.DataService).map((q) => q.subject.value);
      expect(services.length).toBeGreaterThan(0);
      for (const service of services) {
        for (const [predicate, objects] of fieldsOf(expectedQuads, service)) {
          if (FROM_PARAMETERS.has(predicate)) {
            expect(ours.get(predicate)?.size ?? 0, `${predicate} is produced`).toBeGreaterThan(0);
            continue;
          }
          const produced = predicate === DCAT.endpointURL ? ours.get(DK_API.serverURL) : ours.get(predicate);
          if (predicate === DCAT.contactPoint) {
            // Every statement of the expected contact is in ours (ours adds vcard:fn, which DCAT-AP-NO asks for).
            const lines = new Set([...(produced ?? [])].flatMap((node) => node.split(' | ')));
            for (const object of objects) for (const line of object.split(' | ')) expect(lines, `${name}: contact`).toContain(line);
            continue;
          }
          for (const object of objects) expect(produced, `${name}: ${predicate}`).toContain(object);
        }
      }
    });
  }

  it('error_empty_spec is refused with the reason', async () => {
    const outcome = await read(readFileSync(path.join(root, 'error_empty_spec', 'input.openapi.yaml')), 'http://example.com/specifications/1');
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/^The document is empty/) });
  });
});

describe.skipIf(!present)('golden: dataservice-publisher catalog_1', () => {
  it('gives each field of the expected data services for petstore.yaml', async () => {
    const root = path.join(corpus, 'dataservice-publisher');
    const url = 'https://raw.githubusercontent.com/Informasjonsforvaltning/dataservice-publisher/main/tests/files/petstore.yaml';
    const outcome = await read(readFileSync(path.join(root, 'petstore.yaml')), url);
    if (!outcome.ok) throw new Error(outcome.message);
    const iri = 'http://localhost:8000/dataservices/1';
    const ours = fieldsOf(dataServiceQuads(outcome.api, { iri, documentUrl: url, publisher: '961181399', language: 'en' }), iri);
    const expected = new Parser({ format: 'text/turtle' }).parse(readFileSync(path.join(root, 'catalog_1.ttl'), 'utf8'));
    const services = expected.filter((q) => q.predicate.value === RDF.type && q.object.value === DCAT.DataService).map((q) => q.subject.value);
    expect(services).toHaveLength(6);
    for (const service of services) {
      for (const [predicate, objects] of fieldsOf(expected, service)) {
        if (predicate === DCT.conformsTo) continue; // given as a parameter in catalog_1.json
        const produced = predicate === DCAT.endpointURL ? ours.get(DK_API.serverURL) : ours.get(predicate);
        for (const object of objects) expect(produced, predicate).toContain(object);
      }
    }
  });
});

describe.skipIf(!present)('fdk-api-cat-converters documents', () => {
  const root = path.join(corpus, 'fdk-api-cat-converters');
  it.each([
    ['enhetsregisteret-openapi3.json', 'Enhetsregisteret', 'https://data.brreg.no/enhetsregisteret/api'],
    ['fs-api-swagger.json', 'FS-API', undefined],
  ])('%s gives a titled data service with its endpoint', async (file, title, endpoint) => {
    const url = `https://fdk.test/${file}`;
    const outcome = await read(readFileSync(path.join(root, file)), url);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.api.title).toContain(title);
    expect(outcome.api.servers.length).toBeGreaterThan(0);
    if (endpoint !== undefined) expect(outcome.api.servers).toContain(endpoint);
    expect(outcome.api.operations.length).toBeGreaterThan(0);
  });

  it.each(['enhetsregisteret-openapi3-invalid-missing-title.json', 'fs-api-swagger-invalid-missing-title.json'])('%s has no title, and the schema check says so', async (file) => {
    const outcome = await read(readFileSync(path.join(root, file)), `https://fdk.test/${file}`);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.api.title).toBeUndefined();
    expect(outcome.schemaProblems).toContainEqual({ kind: 'schema', at: 'info', message: '"title" is required but missing.' });
  });
});

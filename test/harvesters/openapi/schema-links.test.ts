import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiDescription } from '../../../harvesters/openapi/api-description.js';
import { dataServiceQuads } from '../../../harvesters/openapi/map-data-service.js';
import { parseOpenApi } from '../../../harvesters/openapi/parse-openapi.js';
import { MAX_IRIS_PER_SCHEMA, readSchemaLinks } from '../../../harvesters/openapi/schema-links.js';
import { DK_API, RDF } from '../../../src/rdf/namespaces.js';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';
import { parseRecordGraph } from '../../../src/rdf/record-graph.js';
import { extractRelations } from '../../../src/relations/relation-extraction.js';

const DOC = 'https://api.example.org/enheter/openapi.yaml';
const ENHET = 'https://data.norge.no/modeller/enhet#';

async function api(fixture: string): Promise<ApiDescription> {
  const outcome = await parseOpenApi(
    { body: readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url)), location: DOC, maxReferencedDocuments: 1, maxReferencedBytes: 1 },
    async (url) => {
      throw new Error(`offline (${url})`);
    },
  );
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.api;
}

describe('OpenAPI schemas that name a model element', () => {
  it('reads the absolute http(s) IRIs a schema or its properties name in x- extensions and externalDocs, and nothing else', async () => {
    expect((await api('model-linked-3.0.yaml')).schemaLinks).toEqual([
      { name: 'Enhet', pointer: 'components/schemas/Enhet', iris: [`${ENHET}Enhet`] },
      { name: 'Enhet.organisasjonsnummer', pointer: 'components/schemas/Enhet/properties/organisasjonsnummer', iris: [`${ENHET}organisasjonsnummer`] },
      { name: 'Enhet.navn', pointer: 'components/schemas/Enhet/properties/navn', iris: ['https://data.brreg.no/begrep/navn'] },
    ]);
  });

  it('has none for a document whose schemas name nothing', async () => {
    expect((await api('enhetsregisteret-3.0.yaml')).schemaLinks).toBeUndefined();
  });

  it('reads Swagger 2.0 definitions, and at most a bounded number of IRIs from a hostile schema', () => {
    const many = Array.from({ length: 50 }, (_, i) => `https://example.org/e${i}`);
    const links = readSchemaLinks({ family: 'swagger', version: '2.0' }, { definitions: { 'A/B': { 'x-elements': many }, Tom: 'not an object', Null: null } });
    expect(links).toEqual([{ name: 'A/B', pointer: 'definitions/A~1B', iris: many.slice(0, MAX_IRIS_PER_SCHEMA) }]);
    expect(readSchemaLinks({ family: 'openapi', version: '3.1.0' }, { components: { schemas: ['a list'] } })).toEqual([]);
  });

  it('becomes schema nodes of the data service, which the relations index reads as links from the service to the model elements', async () => {
    const quads = dataServiceQuads(await api('model-linked-3.0.yaml'), { iri: DOC, documentUrl: DOC, publisher: '974760673' });
    const schemaNodes = quads.filter((q) => q.subject.value === DOC && q.predicate.value === DK_API.schema).map((q) => q.object.value);
    expect(schemaNodes).toEqual([`${DOC}#/components/schemas/Enhet`, `${DOC}#/components/schemas/Enhet/properties/organisasjonsnummer`, `${DOC}#/components/schemas/Enhet/properties/navn`]);
    expect(quads.filter((q) => q.subject.value === schemaNodes[0] && q.predicate.value === RDF.type).map((q) => q.object.value)).toEqual([DK_API.Schema]);
    const graph = parseRecordGraph(canonicalNTriples(quads));
    const edges = extractRelations(graph, DOC, 'data-service').edges.filter((e) => e.type === 'apiSchemaElement');
    expect(edges.map((e) => [e.from, e.to]).sort()).toEqual([
      [DOC, `${ENHET}Enhet`],
      [DOC, `${ENHET}organisasjonsnummer`],
      [DOC, 'https://data.brreg.no/begrep/navn'],
    ].sort());
  });
});

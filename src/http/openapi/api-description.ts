import { RECORD_SEGMENTS } from '../../core/resource-kind.js';
import { PROBLEM_TYPE_BASE } from '../../rdf/namespaces.js';
import type { JsonSchema, OpenApiDocument, Operation, Parameter, ParameterOrRef, PathItem, RequestBody, ResponseObject, ResponseOrRef } from './openapi-types.js';

/**
 * The OpenAPI 3.1 description of this service's own HTTP API, served at `/openapi.json` and rendered
 * as the portal's API reference page. test/http/openapi checks it against the routes the app really
 * has (both ways) and validates it with swagger-parser: a route added to the app is added here.
 */

/** The problem codes a client may meet (the last segment of a problem's `type`); test/http/problem-codes.test.ts pins the published ones. */
export const PROBLEM_CODES: readonly string[] = [
  'bad-request', 'malformed-body', 'unknown-profile', 'invalid-organisation-number', 'unauthorized', 'invalid-token', 'token-expired',
  'token-revoked', 'forbidden', 'not-permitted', 'not-found', 'unknown-organisation', 'method-not-allowed', 'not-acceptable', 'conflict',
  'source-paused', 'gone', 'payload-too-large', 'too-many-parameters', 'unsupported-media-type', 'unsupported-charset',
  'unsupported-encoding', 'result-too-large', 'query-memory-exceeded', 'too-many-requests', 'internal', 'federated-endpoint-failed',
  'query-timeout', 'service-unavailable', 'organisation-register-unavailable', 'source-secrets-unavailable', 'request-aborted',
  'content-length-mismatch',
];

const PROBLEM_JSON = 'application/problem+json';
const RDF_TYPES = ['text/turtle', 'application/ld+json', 'application/rdf+xml', 'application/n-triples'] as const;

const str = (description?: string): JsonSchema => ({ type: 'string', ...(description !== undefined ? { description } : {}) });
const int = (minimum: number, maximum?: number, defaultValue?: number): JsonSchema => ({
  type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}), ...(defaultValue !== undefined ? { default: defaultValue } : {}),
});
const bool: JsonSchema = { type: 'boolean' };
const strings: JsonSchema = { type: 'array', items: { type: 'string' } };
const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const objectOf = (properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema => ({
  type: 'object', properties, ...(required.length > 0 ? { required } : {}),
});

function query(name: string, description: string, schema: JsonSchema = str(), required = false): Parameter {
  return { name, in: 'query', description, schema, ...(required ? { required } : {}) };
}
const path = (name: string, description: string, schema: JsonSchema = str()): Parameter => ({ name, in: 'path', description, required: true, schema });
const param = (name: string): { $ref: string } => ({ $ref: `#/components/parameters/${name}` });

const json = (schema: JsonSchema): Record<string, { schema: JsonSchema }> => ({ 'application/json': { schema } });
const ok = (description: string, content?: ResponseObject['content'], headers?: ResponseObject['headers']): ResponseObject => ({
  description, ...(content !== undefined ? { content } : {}), ...(headers !== undefined ? { headers } : {}),
});
const rdf = (description: string, types: readonly string[] = RDF_TYPES): ResponseObject => ok(description, Object.fromEntries(types.map((t) => [t, { schema: str() }])));
const html = (description: string): ResponseObject => ok(description, { 'text/html': { schema: str() } });

/** The problem responses shared by every route, by status. */
const PROBLEMS = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 406: 'NotAcceptable', 409: 'Conflict', 410: 'Gone',
  413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ResultTooLarge', 429: 'TooManyRequests', 503: 'ServiceUnavailable',
} as const;
type ProblemStatus = keyof typeof PROBLEMS;

function problems(...statuses: ProblemStatus[]): Record<string, ResponseOrRef> {
  return Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${PROBLEMS[s]}` }]));
}

/** Who may write: an API token (system or organisation admin) or a JWT access token of the configured issuer (organisation admin). */
const WRITERS = [{ apiToken: [] }, { jwt: [] }] as const;
/** System admins only: an API token of the admin role (ADMIN_TOKEN included). */
const SYSTEM_ADMIN = [{ apiToken: [] }] as const;

const RECORD_SEGMENT: Parameter = path('segment', 'The record-URI segment of the kind of record.', { type: 'string', enum: [...RECORD_SEGMENTS] });
const RECORD_ID: Parameter = path('id', "The record id: data.norge.no's name-based UUID v3 of the resource IRI.");

/** Every filter of GET /api/search (and the feeds, which take the same parameters). */
const SEARCH_FILTERS: readonly ParameterOrRef[] = [
  query('q', 'Free text: typo-tolerant, Norwegian word forms, æ/ø/å optional.'),
  ...[
    ['type', 'Kind: dataset, data-service, concept, information-model, catalog, … (or their record-URI segments).'],
    ['publisher', 'Organisation number of the publisher.'],
    ['orgPath', 'Organisation path (the publisher and every unit above it in the organisation register), e.g. /STAT/912660680/974760673.'],
    ['theme', 'EU data theme code, e.g. ENVI.'],
    ['losTheme', 'LOS theme.'],
    ['format', 'File type such as CSV, or a media type.'],
    ['accessRights', 'Access rights code (PUBLIC, RESTRICTED, NON_PUBLIC).'],
    ['licence', 'Licence IRI or code.'],
    ['openData', 'true: open data only.'],
    ['provenance', 'Provenance code.'],
    ['spatial', 'Geographical coverage.'],
    ['apiAccess', 'Data services by OpenAPI security scheme: none, api-key, http-basic, http-bearer, http-other, oauth2, openid-connect, mutual-tls.'],
    ['openApiVersion', 'Data services by OpenAPI version: 2.0, 3.0, 3.1.'],
    ['subjectArea', 'Concepts: subject area.'],
    ['conceptStatus', 'Concepts: EU concept-status code.'],
    ['collection', 'Concepts: collection IRI.'],
    ['audience', 'Concepts: public or specialist.'],
    ['validity', 'Concepts: current, expired or future, on the day of the search.'],
    ['status', 'Information models: status.'],
    ['referenceData', 'true shows harvested reference data, left out otherwise.'],
    ['quality', "Datasets and data services by their metadata quality band: excellent, good, sufficient, poor."],
    ['hasApi', 'Datasets a data service serves (true) or not (false).'],
    ['concept', 'Resources about a concept (IRI).'],
    ['conformsTo', 'Resources conforming to a standard or model (IRI).'],
    ['uri', 'Records of these resource IRIs.'],
    ['relations', 'Records related to this IRI.'],
  ].map(([name, description]) => ({ ...query(name!, `${description!} Repeat for several values.`, strings), explode: true })),
  query('modifiedFrom', 'Modified on or after this date (YYYY-MM-DD).', { type: 'string', format: 'date' }),
  query('modifiedTo', 'Modified on or before this date (YYYY-MM-DD).', { type: 'string', format: 'date' }),
  query('sort', 'relevance, modified, firstHarvested, title or quality (the metadata quality score, best first), optionally :asc or :desc (modified:desc).', { type: 'string', pattern: '^(relevance|score|modified|firstHarvested|firstharvested|first_harvested|harvested|title|quality)(:(asc|desc))?$' }),
  query('page', 'Page, from 0.', int(0, undefined, 0)),
  query('size', 'Hits per page.', int(1, 100, 10)),
  query('facetSize', 'Buckets per facet.', int(1, undefined, 50)),
  param('lang'),
];

const HARVEST_RUN = objectOf({
  id: str(), sourceId: str(), state: { type: 'string', enum: ['running', 'succeeded', 'failed', 'interrupted'] }, startedAt: { type: 'string', format: 'date-time' },
  endedAt: { type: 'string', format: 'date-time', description: 'When the run ended (absent while it runs).' },
  counts: objectOf(Object.fromEntries(['added', 'changed', 'unchanged', 'removed', 'invalid', 'conflicts', 'skipped'].map((k) => [k, int(0)]))),
  problems: { type: 'array', items: objectOf({ kind: str('fetch, parse, skipped, invalid, conflict, note, internal, …'), message: str(), resource: str(), line: int(1) }, ['kind', 'message']) },
  error: str(),
  notModified: { type: 'boolean', description: 'The source answered 304 (or sent the same bytes): nothing was parsed or written.' },
  documents: int(0),
}, ['id', 'sourceId', 'state', 'startedAt', 'counts', 'problems']);

const SOURCE_FIELDS: Record<string, JsonSchema> = {
  name: str(), url: { type: 'string', format: 'uri' }, kind: { type: 'string', description: 'dcat-ap-no (default), openapi, skos-ap-no, skos, modelldcat-ap-no, …' },
  accept: str('Accept header sent to the source.'), quarantineInvalid: bool, timeoutMs: int(1), intervalMs: int(0), profile: str('Validation profile id (GET /api/validate/profiles).'),
  followEndpointDescriptions: bool, active: bool,
  authentication: { oneOf: [objectOf({ header: str('Header name; default Authorization.'), value: str('Stored encrypted, never shown back.') }, ['value']), { type: 'null' }] },
};

const SOURCE = objectOf({
  id: str(), publisher: str('Organisation number.'), ...SOURCE_FIELDS,
  authentication: objectOf({ header: str() }), running: bool, latestRun: { oneOf: [HARVEST_RUN, { type: 'null' }] },
  runs: { type: 'array', items: HARVEST_RUN, description: 'GET /api/sources/{id}: its latest runs, newest first.' },
}, ['id', 'url', 'publisher']);

const FOLLOW = 'Follows data.norge.no: the record URI is `{base}/{segment}/{id}`.';

function recordPaths(): Record<string, PathItem> {
  const common = [RECORD_SEGMENT, RECORD_ID];
  return {
    '/{segment}/{id}': {
      parameters: common,
      get: {
        operationId: 'getRecord',
        tags: ['Records'],
        summary: 'A record: the resource graph and its catalog record',
        description:
          `${FOLLOW} Content negotiation: Turtle (default), JSON-LD, RDF/XML, N-Triples, application/json (a developer view) and text/html (the record's page, for browsers). ` +
          'ETag/Last-Modified and 304. `?version=N` gives the resource graph of that published version (see the history).',
        parameters: [
          query('format', 'Download as a file instead: turtle, jsonld, rdfxml or ntriples.', { type: 'string', enum: ['turtle', 'jsonld', 'rdfxml', 'ntriples'] }),
          query('version', 'A published version (1, 2, …), also of a removed record.', int(1)),
          param('lang'),
        ],
        responses: {
          200: ok('The record.', { ...rdf('').content, 'application/json': { schema: ref('RecordView') }, 'text/html': { schema: str() } }),
          304: ok('Not modified.'),
          ...problems(400, 404, 406, 429),
          410: { description: 'The record was removed (a page saying when, for browsers).', content: { [PROBLEM_JSON]: { schema: ref('Problem') }, 'text/html': { schema: str() } } },
        },
      },
    },
    '/{segment}/{id}/validation': {
      parameters: common,
      get: {
        operationId: 'getRecordValidation', tags: ['Records'], summary: "The record's SHACL validation report (nb and en messages)",
        responses: { 200: ok('The report.', json(ref('ValidationReport'))), ...problems(404, 406, 410, 429) },
      },
    },
    '/{segment}/{id}/history': {
      parameters: common,
      get: {
        operationId: 'getRecordHistory', tags: ['History and changes'], summary: 'Every published version of the record, oldest first',
        description: '`op` is add (became public), change (its graph changed) or remove; `added`/`removed` count triples. A removed record keeps its history.',
        responses: {
          200: ok('The versions.', json(objectOf({
            uri: str(), record: str(), iri: str(), kind: str(), status: str(), total: int(0),
            versions: { type: 'array', items: objectOf({ version: int(1), op: { type: 'string', enum: ['add', 'change', 'remove'] }, at: { type: 'string', format: 'date-time' }, run: { type: ['string', 'null'], description: 'null for a change outside a run (a source deleted).' }, runUri: { type: ['string', 'null'] }, added: int(0), removed: int(0), uri: str() }) },
          }))),
          ...problems(404, 406, 429),
        },
      },
    },
    '/{segment}/{id}/relations': {
      parameters: common,
      get: {
        operationId: 'getRecordRelations', tags: ['Records'], summary: 'What the record is linked to, both directions',
        parameters: [
          { ...query('type', 'Relation types (id or IRI); repeat for several.', strings), explode: true },
          { ...query('kind', 'Kind of the other end: dataset, data-service, concept, information-model, catalog, external; repeat for several.', strings), explode: true },
          query('page', 'Page, from 0.', int(0, undefined, 0)),
          query('size', 'Entries per page.', int(1, 100)),
          param('lang'),
        ],
        responses: {
          200: ok('The relations.', json(objectOf({ total: objectOf({ outgoing: int(0), incoming: int(0) }), totals: { type: 'object' }, outgoing: { type: 'array', items: { type: 'object' } }, incoming: { type: 'array', items: { type: 'object' } } }))),
          ...problems(400, 404, 410, 429),
        },
      },
    },
    '/{segment}/{id}/openapi': {
      parameters: common,
      get: {
        operationId: 'getRecordOpenApiDocument', tags: ['Records'], summary: 'The OpenAPI document a data service was read from or enriched with, byte for byte',
        description: 'With the media type it was served with; strong ETag = the SHA-256 of the bytes.',
        responses: {
          200: ok('The document.', { 'application/json': { schema: { type: 'object' } }, 'application/yaml': { schema: str() } }),
          304: ok('Not modified.'),
          ...problems(404, 410, 429),
        },
      },
    },
    '/data-services/{id}/operations': {
      parameters: [RECORD_ID],
      get: {
        operationId: 'getDataServiceOperations', tags: ['Records'], summary: "A data service's operations, in its OpenAPI document's order",
        parameters: [param('lang')],
        responses: {
          200: ok('The operations.', json(objectOf({
            uri: str(), record: str(), lang: str(), total: int(0),
            operations: { type: 'array', items: objectOf({ method: str(), path: str(), operationId: str(), summary: str(), tags: strings, deprecated: bool }) },
          }))),
          304: ok('Not modified.'),
          ...problems(400, 404, 410, 429),
        },
      },
    },
    '/resources': {
      get: {
        operationId: 'findRecordByIri', tags: ['Records'], summary: 'The record of an original resource IRI (303 to it)',
        parameters: [query('uri', 'The resource IRI as the publisher wrote it.', { type: 'string', format: 'uri' }, true)],
        responses: { 303: { description: 'See the record.', headers: { Location: { description: 'The record URI.', schema: str() } } }, ...problems(400, 404, 429) },
      },
    },
  };
}

function sparqlPaths(): Record<string, PathItem> {
  const protocol: ParameterOrRef[] = [
    { ...query('default-graph-uri', 'Default graph (repeatable).', strings), explode: true },
    { ...query('named-graph-uri', 'Named graph (repeatable).', strings), explode: true },
    query('timeout', 'Time limit, lowering the service limit (never below its floor): milliseconds (`5000`, `5000ms`) or seconds (`5s`).', { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s)?$' }),
  ];
  const responses: Record<string, ResponseOrRef> = {
    200: ok('SELECT/ASK: SPARQL JSON (default), XML, CSV, TSV. CONSTRUCT/DESCRIBE: Turtle (default), N-Triples, JSON-LD, RDF/XML. A browser (Accept preferring text/html) gets the results as a page. Without a query: a form for browsers, the service description otherwise.', {
      'application/sparql-results+json': { schema: { type: 'object' } }, 'application/sparql-results+xml': { schema: str() }, 'text/csv': { schema: str() },
      'text/tab-separated-values': { schema: str() }, ...rdf('').content, 'text/html': { schema: str() },
    }),
    ...problems(400, 406, 413, 415, 422, 429, 503),
    403: { $ref: '#/components/responses/Forbidden' },
    502: { description: 'A federated endpoint failed (federated-endpoint-failed).', content: { [PROBLEM_JSON]: { schema: ref('Problem') } } },
  };
  return {
    '/sparql': {
      get: {
        operationId: 'sparqlQueryGet', tags: ['SPARQL'], summary: 'SPARQL 1.1 query (GET)',
        description: 'The default graph is the union of all published records; each record is a named graph (its record URI). Updates are refused (403).',
        parameters: [query('query', 'The query.'), ...protocol],
        responses,
      },
      post: {
        operationId: 'sparqlQueryPost', tags: ['SPARQL'], summary: 'SPARQL 1.1 query (POST, form-encoded or application/sparql-query)',
        parameters: protocol,
        requestBody: {
          description: 'The query, directly or as the form field `query`.', required: true,
          content: { 'application/sparql-query': { schema: str() }, 'application/x-www-form-urlencoded': { schema: objectOf({ query: str(), 'default-graph-uri': strings, 'named-graph-uri': strings, timeout: str() }, ['query']) } },
        },
        responses,
      },
    },
  };
}

function searchPaths(): Record<string, PathItem> {
  const searchResponse = json(ref('SearchResponse'));
  const postBody: RequestBody = {
    description: "data.norge.no's search contract.", required: false,
    content: json(objectOf({ query: str(), filters: { type: 'object' }, sort: { type: 'object' }, pagination: objectOf({ page: int(0), size: int(1, 100) }) })),
  };
  return {
    '/api/search': {
      get: { operationId: 'search', tags: ['Search'], summary: 'Faceted full-text search', parameters: SEARCH_FILTERS, responses: { 200: ok('Hits and facets.', searchResponse), ...problems(400, 429) } },
      post: { operationId: 'searchPost', tags: ['Search'], summary: "Search with data.norge.no's body contract", requestBody: postBody, responses: { 200: ok('Hits, facets and aggregations.', searchResponse), ...problems(400, 415, 429) } },
    },
    '/api/search/{type}': {
      parameters: [path('type', 'datasets, data-services, concepts, information-models, catalogs, …')],
      post: { operationId: 'searchPostByType', tags: ['Search'], summary: 'Search one kind with the body contract', requestBody: postBody, responses: { 200: ok('Hits, facets and aggregations.', searchResponse), ...problems(400, 415, 429) } },
    },
    '/api/search/facets/{facet}': {
      parameters: [path('facet', 'A facet name (publisher, theme, format, …).')],
      get: {
        operationId: 'searchFacetValues', tags: ['Search'], summary: 'Every value of one facet, paged',
        parameters: [query('q', 'Searches the facet values.'), query('query', 'The search the values are counted for.'), ...SEARCH_FILTERS.filter((p) => 'name' in p && !['q', 'sort', 'facetSize'].includes(p.name))],
        responses: { 200: ok('The values with counts.', json({ type: 'object' })), ...problems(400, 404, 429) },
      },
    },
    '/api/suggest': {
      get: {
        operationId: 'suggest', tags: ['Search'], summary: 'As-you-type suggestions (titles, publishers)',
        parameters: [query('q', 'What was typed so far.'), query('size', 'Suggestions.', int(1, 20)), param('lang')],
        responses: { 200: ok('Suggestions.', json(objectOf({ q: str(), suggestions: { type: 'array', items: { type: 'object' } } }))), ...problems(400, 429) },
      },
    },
    '/api/concepts/lookup': {
      get: {
        operationId: 'lookupConcepts', tags: ['Search'], summary: 'Concepts by term: exact and prefix matches, for forms',
        parameters: [query('term', 'The term.', str(), true), param('lang'), query('limit', 'Most hits.', int(1)), query('referenceData', 'true includes reference data.', bool)],
        responses: { 200: ok('Matching concepts.', json(objectOf({ hits: { type: 'array', items: { type: 'object' } } }))), ...problems(400, 429) },
      },
    },
    '/api/publishers/{orgnr}/quality': {
      parameters: [param('orgnr')],
      get: {
        operationId: 'getPublisherQuality', tags: ['Search'], summary: "A publisher's metadata quality (MQA) and what to fix first",
        responses: {
          200: ok('Scores and bands of the datasets and (apart) the data services, fixes of either sorted by gain, and the access, download and endpoint URLs the URL checker found failing.', json(objectOf({
            datasets: int(0), averageScore: { type: 'number' }, bands: { type: 'object' },
            dataServices: objectOf({ count: int(0), averageScore: { type: 'number' }, maxScore: int(0), dimensions: { type: 'array', items: { type: 'object' } }, bands: { type: 'object' } }),
            topFixes: { type: 'array', items: objectOf({ kind: str('dataset or data-service: the kind of record the fix is for.'), metric: str('The MQA metric.'), gain: int(0), records: int(0) }) },
            urlsChecked: int(0), failingUrlCount: int(0),
            failingUrls: { type: 'array', items: objectOf({ url: str('The URL.'), property: str('accessURL, downloadURL or endpointURL (a data service).'), status: int(0), error: { type: ['string', 'null'] }, mediaType: { type: ['string', 'null'] }, checkedAt: str('When it was checked.'), record: str('The record URI.') }) },
            formatMismatchCount: int(0),
            formatMismatches: { type: 'array', items: objectOf({ url: str('The URL.'), property: str('accessURL or downloadURL.'), declared: { type: 'array', items: str('A media type the distribution declares.') }, mediaType: str('The media type the server answered with.'), record: str('The record URI.') }) },
          }))),
          ...problems(400, 404),
        },
      },
    },
  };
}

function sourcePaths(): Record<string, PathItem> {
  const sourceId = path('id', 'The source id.');
  const write = (status: ProblemStatus[]) => ({ ...problems(401, 403, ...status) });
  return {
    '/api/sources': {
      get: { operationId: 'listSources', tags: ['Sources and runs'], summary: 'Every source with its latest run', responses: { 200: ok('The sources.', json(objectOf({ sources: { type: 'array', items: SOURCE } }))) } },
      post: {
        operationId: 'registerSource', tags: ['Sources and runs'], summary: 'Register a source',
        description: 'The publisher must resolve in the organisation register; a token of a system admin or of an admin of the publisher (or a unit above it).',
        security: WRITERS,
        requestBody: { description: 'The source.', required: true, content: json(objectOf({ publisher: str('Organisation number.'), ...SOURCE_FIELDS }, ['url', 'publisher'])) },
        responses: { 201: ok('Registered.', json(SOURCE)), ...write([400, 409, 413, 415]), 503: { $ref: '#/components/responses/ServiceUnavailable' } },
      },
    },
    '/api/sources/{id}': {
      parameters: [sourceId],
      get: { operationId: 'getSource', tags: ['Sources and runs'], summary: 'A source and its latest runs', responses: { 200: ok('The source.', json(SOURCE)), ...problems(404) } },
      patch: {
        operationId: 'updateSource', tags: ['Sources and runs'], summary: 'Change a source', security: WRITERS,
        requestBody: { description: 'The fields to change (authentication: null removes it).', required: true, content: json(objectOf(SOURCE_FIELDS)) },
        responses: { 200: ok('The changed source.', json(SOURCE)), ...write([400, 404, 413, 415]) },
      },
      delete: { operationId: 'deleteSource', tags: ['Sources and runs'], summary: 'Unregister; its records are marked removed', security: WRITERS, responses: { 204: ok('Unregistered.'), ...write([404, 409]) } },
    },
    '/api/sources/{id}/pause': {
      parameters: [sourceId],
      post: { operationId: 'pauseSource', tags: ['Sources and runs'], summary: 'Stop harvesting it until resumed', security: WRITERS, responses: { 200: ok('The paused source.', json(SOURCE)), ...write([404]) } },
    },
    '/api/sources/{id}/resume': {
      parameters: [sourceId],
      post: { operationId: 'resumeSource', tags: ['Sources and runs'], summary: 'Harvest it again on schedule', security: WRITERS, responses: { 200: ok('The resumed source.', json(SOURCE)), ...write([404]) } },
    },
    '/api/sources/{id}/harvest': {
      parameters: [sourceId],
      post: {
        operationId: 'harvestSource', tags: ['Sources and runs'], summary: 'Harvest now, or see what a harvest would change (dry run)', security: WRITERS,
        parameters: [
          query('wait', 'true: answer when the run has ended.', bool),
          query('dryRun', 'true: fetch and validate everything and answer what would be added, changed and removed, publishing nothing.', bool),
        ],
        responses: {
          200: ok('The finished run (wait=true), or the dry run.', json({ oneOf: [HARVEST_RUN, ref('DryRun')] })),
          202: ok('The run started.', json(HARVEST_RUN)),
          ...write([404, 409]),
        },
      },
    },
    '/api/sources/{id}/runs': {
      parameters: [sourceId],
      get: {
        operationId: 'listSourceRuns', tags: ['Sources and runs'], summary: 'Its runs, newest first', parameters: [query('limit', 'Most runs.', int(1))],
        responses: { 200: ok('The runs.', json(objectOf({ runs: { type: 'array', items: HARVEST_RUN } }))), ...problems(400, 404) },
      },
    },
    '/api/runs/{id}': {
      parameters: [path('id', 'The run id.')],
      get: { operationId: 'getRun', tags: ['Sources and runs'], summary: 'One run: state, counts and every problem', responses: { 200: ok('The run.', json(HARVEST_RUN)), ...problems(404) } },
    },
    '/sources/{id}': {
      parameters: [sourceId],
      get: { operationId: 'resolveSourceIri', tags: ['Sources and runs'], summary: "A source's IRI in catalog records (dk:harvestSource): 303 to /api/sources/{id}", responses: { 303: { description: 'See the source.' } } },
    },
    '/sources/{id}/{rest}': {
      parameters: [sourceId, path('rest', 'The rest of the IRI (may contain slashes).')],
      get: {
        operationId: 'resolveGeneratedIri', tags: ['Sources and runs'], summary: 'IRIs the harvester generated under a source: 303 to /resources?uri=, which finds their record',
        responses: { 303: { description: 'See /resources?uri= with the IRI (303 to the record, or 404 when none holds it).' } },
      },
    },
  };
}

function accessPaths(): Record<string, PathItem> {
  const token = objectOf({
    id: str(), role: { type: 'string', enum: ['admin', 'org-admin'] }, organisation: str(), name: str(), createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' }, revokedAt: { type: 'string', format: 'date-time' }, lastUsedAt: { type: 'string', format: 'date-time' },
  });
  const admin = problems(401, 403);
  return {
    '/api/tokens': {
      get: { operationId: 'listTokens', tags: ['Access'], summary: 'Every API token (never the token or its hash)', security: SYSTEM_ADMIN, responses: { 200: ok('The tokens.', json(objectOf({ tokens: { type: 'array', items: token } }))), ...admin } },
      post: {
        operationId: 'createToken', tags: ['Access'], summary: 'Create an API token; the token is shown only in this answer', security: SYSTEM_ADMIN,
        requestBody: {
          description: 'The token to create.', required: true,
          content: json(objectOf({ role: { type: 'string', enum: ['admin', 'org-admin'] }, organisation: str('Organisation number (org-admin).'), name: str(), expires: str('"90d", "12h", … or "never".') }, ['role'])),
        },
        responses: { 201: ok('Created.', json({ allOf: [token, objectOf({ token: str('The secret, shown once.') }, ['token'])] })), ...admin, ...problems(400, 413, 415) },
      },
    },
    '/api/tokens/{id}': {
      parameters: [path('id', 'The token id.')],
      delete: { operationId: 'revokeToken', tags: ['Access'], summary: 'Revoke a token', security: SYSTEM_ADMIN, responses: { 200: ok('Revoked.', json(token)), ...admin, ...problems(404) } },
    },
    '/api/audit': {
      get: {
        operationId: 'readAuditLog', tags: ['Access'], summary: 'The audit log of writes, newest first', security: SYSTEM_ADMIN,
        parameters: [query('limit', 'Most entries.', int(1, 1000)), query('before', 'A seq, to page back.', int(1))],
        responses: {
          200: ok('The entries.', json(objectOf({ entries: { type: 'array', items: objectOf({ seq: int(1), at: str(), actor: str(), role: str(), organisation: str(), action: str(), status: int(100), outcome: str(), detail: str(), requestId: str() }) } }))),
          ...admin, ...problems(400),
        },
      },
    },
  };
}

function changePaths(): Record<string, PathItem> {
  const feed = (format: 'rss' | 'atom'): Operation => ({
    operationId: `${format}Feed`, tags: ['History and changes'], summary: `${format === 'rss' ? 'RSS 2.0' : 'Atom'} feed of a search`,
    description: 'Every parameter of GET /api/search; newest records first unless sort says otherwise; 20 entries unless size says otherwise.',
    parameters: SEARCH_FILTERS,
    responses: { 200: ok('The feed (ETag and Last-Modified).', { [format === 'rss' ? 'application/rss+xml' : 'application/atom+xml']: { schema: str() } }), 304: ok('Not modified.'), ...problems(400, 429) },
  });
  const ldesTypes = ['application/trig', 'application/n-quads'];
  return {
    '/api/changes': {
      get: {
        operationId: 'listChanges', tags: ['History and changes'], summary: 'The public change log, cursor-paged, oldest first',
        parameters: [query('after', 'Cursor: start at 0, continue with the answer\'s cursor.', int(0, undefined, 0)), query('limit', 'Most items.', int(1, 1000, 100))],
        responses: {
          200: ok('Changes.', json(objectOf({
            items: { type: 'array', items: objectOf({ cursor: str(), op: { type: 'string', enum: ['add', 'change', 'remove'] }, record: str(), id: str(), iri: str(), kind: str(), version: int(1), versionUri: str(), at: str(), run: { type: ['string', 'null'] }, added: int(0), removed: int(0) }) },
            cursor: str('A position in the log, as a string of digits (it may pass 2^53).'), next: str(), earliest: str('The position before the oldest entry kept.'), gap: { type: 'boolean', description: 'The retention dropped entries after your cursor.' },
          }))),
          ...problems(400, 429),
        },
      },
    },
    '/feed.rss': { get: feed('rss') },
    '/feed.atom': { get: feed('atom') },
    '/ldes': {
      get: {
        operationId: 'getLdes', tags: ['History and changes'], summary: 'The catalog as a Linked Data Event Stream (LDES / TREE): the stream, its view and retention policy',
        responses: { 200: rdf('The event stream.', ldesTypes), 304: ok('Not modified.'), ...problems(406, 429) },
      },
    },
    '/ldes/page': {
      get: {
        operationId: 'getLdesPage', tags: ['History and changes'], summary: 'One page of LDES members (immutable versions), linked by time',
        parameters: [query('after', 'The position the page starts after (the view links the first page).', int(0), true)],
        responses: { 200: rdf('The page.', ldesTypes), 304: ok('Not modified.'), ...problems(400, 406, 429) },
      },
    },
  };
}

function validationPaths(): Record<string, PathItem> {
  return {
    '/api/validate': {
      post: {
        operationId: 'validateDocument', tags: ['Validation'], summary: 'Validate an RDF document (the body) without storing it',
        parameters: [query('profile', 'Validation profile id (GET /api/validate/profiles).')],
        requestBody: { description: 'The document; its syntax from Content-Type.', required: true, content: Object.fromEntries([...RDF_TYPES].map((t) => [t, { schema: str() }])) },
        responses: { 200: ok('The SHACL report.', json(ref('ValidationReport'))), ...problems(400, 413, 415, 422, 503) },
      },
    },
    '/api/validate/profiles': {
      get: { operationId: 'listValidationProfiles', tags: ['Validation'], summary: 'The validation profiles', responses: { 200: ok('The profiles.', json({ type: 'object' })) } },
    },
  };
}

function operationsPaths(): Record<string, PathItem> {
  const nullableCount = { type: ['integer', 'null'], minimum: 0, description: 'null while the figure is not known (the engines loading).' };
  const health = json(objectOf({
    status: str(), quads: nullableCount, records: { type: 'object' },
    sparql: objectOf({ state: str(), engines: objectOf({ ready: int(0), loading: int(0), busy: int(0) }), queued: int(0) }),
  }));
  const live = (operationId: string): Operation => ({ operationId, tags: ['Operations'], summary: 'Liveness: 200 while the process serves', responses: { 200: ok('Alive.', health) } });
  const readiness = json(objectOf({ status: { type: 'string', enum: ['ready', 'not-ready'] }, indexLag: { type: 'object' }, problems: strings }));
  return {
    '/health': { get: live('health') },
    '/healthz': { get: live('healthz') },
    '/readyz': {
      get: {
        operationId: 'readyz', tags: ['Operations'], summary: 'Readiness: store answers, a SPARQL engine is loaded, no index lags too far',
        responses: { 200: ok('Ready.', readiness), 503: ok('Not ready, with problems.', readiness) },
      },
    },
    '/metrics': { get: { operationId: 'metrics', tags: ['Operations'], summary: 'Prometheus metrics', responses: { 200: ok('Text exposition format.', { 'text/plain': { schema: str() } }) } } },
    '/openapi.json': {
      get: { operationId: 'openApiDescription', tags: ['Operations'], summary: 'This document', responses: { 200: ok('OpenAPI 3.1.', json({ type: 'object' })) } },
    },
  };
}

function portalPaths(): Record<string, PathItem> {
  const page = (operationId: string, summary: string, parameters: ParameterOrRef[] = [], extra: Record<string, ResponseOrRef> = {}): Operation => ({
    operationId, tags: ['Portal'], summary, parameters: [...parameters, param('lang')], responses: { 200: html('The page.'), ...extra },
  });
  return {
    '/': { get: page('homePage', 'Home page') },
    '/search': { get: page('searchPage', 'Search page (every parameter of GET /api/search)', SEARCH_FILTERS.filter((p) => 'name' in p), problems(400, 429)) },
    '/sources': { get: page('sourcesPage', 'Harvest status of every source') },
    '/runs/{id}': { parameters: [path('id', 'The run id.')], get: page('runPage', 'One harvest run', [], problems(404)) },
    '/publishers/{orgnr}': { parameters: [param('orgnr')], get: page('publisherPage', "A publisher's records and sources", [], problems(404)) },
    '/validator': {
      get: page('validatorPage', 'Validate a document in the browser'),
      post: {
        operationId: 'validatorSubmit', tags: ['Portal'], summary: 'Validate a pasted, uploaded or fetched document',
        requestBody: {
          description: 'One of text, file or url; and a profile.', required: true,
          content: {
            'multipart/form-data': { schema: objectOf({ text: str(), file: { type: 'string', contentMediaType: 'application/octet-stream' }, url: str(), profile: str() }) },
            'application/x-www-form-urlencoded': { schema: objectOf({ text: str(), url: str(), profile: str() }) },
          },
        },
        responses: { 200: html('The report.'), 400: html('What was wrong with the input.'), ...problems(413, 415, 503) },
      },
    },
    '/api-reference': { get: page('apiReferencePage', 'This API reference, as a page') },
    '/language': {
      get: {
        operationId: 'chooseLanguage', tags: ['Portal'], summary: 'Remember a language (cookie) and go back to a page in it',
        parameters: [query('to', 'nb, nn or en.', { type: 'string', enum: ['nb', 'nn', 'en'] }), query('back', 'A path of this site.')],
        responses: { 303: { description: 'Back to the page.' } },
      },
    },
    '/assets/{file}': {
      parameters: [path('file', 'A fingerprinted asset name.')],
      get: { operationId: 'portalAsset', tags: ['Portal'], summary: "The portal's stylesheets and scripts (immutable)", responses: { 200: ok('The asset.', { 'text/css': { schema: str() }, 'text/javascript': { schema: str() } }), 304: ok('Not modified.'), ...problems(404) } },
    },
  };
}

function components(): OpenApiDocument['components'] {
  const problem = (description: string, retryAfter = false): ResponseObject => ({
    description,
    content: { [PROBLEM_JSON]: { schema: ref('Problem') } },
    ...(retryAfter ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: int(0) } } } : {}),
  });
  return {
    schemas: {
      Problem: {
        type: 'object',
        description: `An RFC 9457 problem document. \`type\` is ${PROBLEM_TYPE_BASE}{code}, with code one of: ${PROBLEM_CODES.join(', ')}.`,
        properties: {
          type: { type: 'string', format: 'uri', pattern: `^${PROBLEM_TYPE_BASE.replace(/[.]/g, '\\.')}[a-z-]+$` },
          title: str(), status: int(100, 599), detail: str('Names the cause.'), instance: str('The request path (never its query).'),
        },
        required: ['type', 'title', 'status', 'detail'],
        additionalProperties: true,
      },
      SearchResponse: objectOf({
        total: int(0), size: int(0),
        page: {
          description: 'GET: the page number, from 0. POST (data.norge.no\'s contract): the page as data.norge.no gives it.',
          oneOf: [int(0), objectOf({ currentPage: int(0), size: int(0), totalElements: int(0), totalPages: int(0) })],
        },
        hits: { type: 'array', items: objectOf({ id: str(), uri: str(), iri: str(), type: str(), title: str(), description: str(), publisher: { type: 'object' }, relationCounts: { type: 'object' } }) },
        facets: { type: 'object' }, aggregations: { type: 'object' },
      }, ['total', 'hits']),
      ValidationReport: objectOf({ conforms: bool, counts: { type: 'object' }, results: { type: 'array', items: { type: 'object' } } }),
      RecordView: { type: 'object', description: 'The developer JSON view of a record: title, dates, validation counts, relation counts, operations (data services), concept details, …' },
      DryRun: objectOf({
        dryRun: { const: true }, state: str(), counts: { type: 'object' }, added: strings, removed: strings, problems: { type: 'array', items: { type: 'object' } },
        changed: { type: 'array', items: objectOf({ iri: str(), triplesAdded: int(0), triplesRemoved: int(0), added: strings, removed: strings, truncated: bool, violations: int(0) }) },
      }, ['dryRun']),
    },
    parameters: {
      lang: query('lang', 'Language of labels and messages.', { type: 'string', enum: ['nb', 'nn', 'en'] }),
      orgnr: path('orgnr', 'Organisation number (nine digits, mod-11 check digit).', { type: 'string', pattern: '^[0-9]{9}$' }),
    },
    responses: {
      BadRequest: problem('The request is malformed or a parameter is invalid; the detail names which.'),
      Unauthorized: problem('No token, or one that is invalid, expired or revoked (unauthorized, invalid-token, token-expired, token-revoked).'),
      Forbidden: problem('A valid token that may not do this (not-permitted), or a SPARQL update (forbidden).'),
      NotFound: problem('Nothing here.'),
      NotAcceptable: problem('No representation matches Accept.'),
      Conflict: problem('Conflicts with the current state (source-paused, a harvest already running, …).'),
      Gone: problem('Removed.'),
      PayloadTooLarge: problem('The body is over its limit.'),
      UnsupportedMediaType: problem('The body\'s media type, charset or encoding is not read here.'),
      ResultTooLarge: problem('The result would pass its row, size or memory cap (result-too-large, query-memory-exceeded).'),
      TooManyRequests: problem('Past the per-client rate limit.', true),
      ServiceUnavailable: problem('Busy, timed out or a dependency is down (query-timeout, service-unavailable, organisation-register-unavailable, …).', true),
    },
    securitySchemes: {
      apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (`datakatalog token create`, POST /api/tokens, or ADMIN_TOKEN): system admin or organisation admin.' },
      jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An access token of the configured OAuth 2 / OpenID Connect issuer (e.g. Maskinporten) with the required scope; its organisation claim makes the holder an organisation admin." },
    },
  };
}

/** The description of the API served at `baseUrl` (no trailing slash). */
export function apiDescription(baseUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Datakatalog',
      version: '1',
      description:
        'The HTTP API of a national linked-data catalog: record URIs with content negotiation, SPARQL 1.1, faceted search, harvest sources and runs, ' +
        'history, change feeds and an event stream. Reads are public; writes need `Authorization: Bearer <token>`. Every error is `application/problem+json`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: 'Records', description: 'Dereferenceable record URIs and what hangs off them.' },
      { name: 'SPARQL', description: 'The SPARQL 1.1 Protocol over every published record.' },
      { name: 'Search', description: 'Full-text and faceted search, suggestions, lookups, quality.' },
      { name: 'Sources and runs', description: 'Harvest sources under their publisher\'s control, and their runs.' },
      { name: 'Access', description: 'API tokens and the audit log (system admins).' },
      { name: 'History and changes', description: 'Versions, the change log, feeds and the Linked Data Event Stream.' },
      { name: 'Validation', description: 'Validate a document without publishing it.' },
      { name: 'Operations', description: 'Health, readiness, metrics and this description.' },
      { name: 'Portal', description: 'The HTML pages for people (no JavaScript needed).' },
    ],
    paths: { ...recordPaths(), ...sparqlPaths(), ...searchPaths(), ...sourcePaths(), ...accessPaths(), ...changePaths(), ...validationPaths(), ...operationsPaths(), ...portalPaths() },
    components: components(),
  };
}

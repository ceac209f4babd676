import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOpenApi, type ParseOutcome, type ReferenceReader } from '../../../harvesters/openapi/parse-openapi.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const offline: ReferenceReader = async (url) => {
  throw new Error(`offline in this test: ${url}`);
};
const limits = { maxReferencedDocuments: 10, maxReferencedBytes: 1_000_000 };

async function parsed(body: Buffer | string, location = 'https://data.brreg.no/enhetsregisteret/openapi.yaml', reader: ReferenceReader = offline): Promise<Extract<ParseOutcome, { ok: true }>> {
  const outcome = await parseOpenApi({ body: typeof body === 'string' ? Buffer.from(body) : body, location, ...limits }, reader);
  if (!outcome.ok) throw new Error(`expected the document to parse, got: ${outcome.message}`);
  return outcome;
}

async function refused(body: Buffer | string, contentType?: string): Promise<string> {
  const outcome = await parseOpenApi({ body: typeof body === 'string' ? Buffer.from(body) : body, location: 'https://example.org/openapi', ...(contentType ? { contentType } : {}), ...limits }, offline);
  if (outcome.ok) throw new Error('expected the document to be refused');
  return outcome.message;
}

describe('an OpenAPI 3.0 document', () => {
  it('gives its title, description, version, language, contact, licence, terms and external docs as written', async () => {
    const { api } = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(api.spec).toEqual({ family: 'openapi', version: '3.0.3' });
    expect(api.title).toBe('Enhetsregisteret API');
    expect(api.description).toBe('Oppslag i Enhetsregisteret – hovedenheter og underenheter.');
    expect(api.version).toBe('2.1.0');
    expect(api.language).toBe('nb');
    expect(api.contact).toEqual({ name: 'Brønnøysundregistrene', email: 'opendata@brreg.no', url: 'https://www.brreg.no' });
    expect(api.license).toEqual({ name: 'NLOD 2.0', url: 'https://data.norge.no/nlod/no/2.0' });
    expect(api.termsOfService).toBe('https://data.brreg.no/vilkar');
    expect(api.externalDocs).toEqual({ url: 'https://data.brreg.no/enhetsregisteret/api/docs/index.html', description: 'Dokumentasjon' });
  });

  it('resolves relative servers against the document URL, expands variables with their defaults and drops duplicates', async () => {
    const { api } = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(api.servers).toEqual(['https://data.brreg.no/enhetsregisteret/api', 'https://data.brreg.no/v2/api']);
    expect(api.serverProblems).toEqual([]);
  });

  it('lists the operations in the document order with path-level parameters merged in, a request body as a body parameter', async () => {
    const { api } = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(api.operations.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([
      'GET /enheter',
      'GET /enheter/{organisasjonsnummer}',
      'DELETE /enheter/{organisasjonsnummer}',
      'POST /underenheter',
    ]);
    const [search, one, remove, register] = api.operations;
    expect(search!.parameters).toEqual([
      { name: 'side', in: 'query', required: false },
      { name: 'navn', in: 'query', required: false },
    ]);
    expect(one).toMatchObject({ operationId: 'hentEnhet', summary: 'Hent én enhet', description: 'Slår opp en enhet på organisasjonsnummer.', tags: ['enheter'], deprecated: false });
    expect(one!.parameters).toEqual([{ name: 'organisasjonsnummer', in: 'path', required: true }]);
    expect(remove!.deprecated).toBe(true);
    expect(register!.parameters).toEqual([{ name: 'body', in: 'body', required: true }]);
  });

  it('collects every request and response media type without parameters, sorted', async () => {
    const { api } = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(api.mediaTypes).toEqual(['application/json', 'application/xml']);
    expect(api.operations[0]!.mediaTypes).toEqual(['application/json', 'application/xml']);
  });

  it('names its security schemes by kind and says when anonymous calls are allowed', async () => {
    const { api } = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(api.securitySchemes).toEqual([
      { name: 'apiKey', kind: 'api-key', in: 'header', parameterName: 'X-Api-Key' },
      { name: 'oauth', kind: 'oauth2' },
    ]);
    expect(api.allowsAnonymous).toBe(true);
  });

  it('keeps declared tags first, then tags only operations use', async () => {
    const { api } = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(api.tags).toEqual([{ name: 'enheter', description: 'Hovedenheter' }, { name: 'underenheter' }, { name: 'forvaltning' }]);
  });

  it('keeps a legal circular schema as a reference and reports no schema problem for a valid document', async () => {
    const outcome = await parsed(fixture('enhetsregisteret-3.0.yaml'));
    expect(outcome.circular).toBe(true);
    expect(outcome.schemaProblems).toEqual([]);
    expect(outcome.referenceProblems).toEqual([]);
  });
});

describe('a Swagger 2.0 document', () => {
  it('gives endpoint URLs from schemes, host and basePath, and media types from consumes and produces', async () => {
    const { api, schemaProblems } = await parsed(fixture('folkeregister-swagger-2.0.json'), 'https://skatteetaten.github.io/folkeregisteret-api-dokumentasjon/swagger.json');
    expect(schemaProblems).toEqual([]);
    expect(api.spec).toEqual({ family: 'swagger', version: '2.0' });
    expect(api.servers).toEqual(['https://folkeregisteret.api.skatteetaten.no/folkeregisteret/offentlig-med-hjemmel/api/v1']);
    expect(api.operations.map((o) => [o.operationId, o.mediaTypes])).toEqual([
      ['hentPerson', ['application/json', 'application/xml']],
      ['sokHendelser', ['application/json']],
    ]);
    expect(api.securitySchemes.map((s) => s.kind)).toEqual(['oauth2', 'http-basic']);
    expect(api.allowsAnonymous).toBe(false);
  });

  it('takes the host and scheme of the document URL when the document has none', async () => {
    const { api } = await parsed('{"swagger":"2.0","info":{"title":"T","version":"1"},"basePath":"/v1","paths":{}}', 'http://api.example.no/docs/swagger.json');
    expect(api.servers).toEqual(['http://api.example.no/v1']);
  });
});

describe('schema problems', () => {
  it('say where in the document and what is wrong, and the document is still described', async () => {
    const outcome = await parsed(`openapi: 3.0.3
info: { title: Broken, version: '1' }
paths:
  /things/{id}:
    get:
      operationId: same
      responses: { '200': { description: ok } }
  /other:
    get:
      operationId: same
      respnses: {}
`);
    expect(outcome.api.operations).toHaveLength(2);
    expect(outcome.schemaProblems).toEqual(
      expect.arrayContaining([
        { kind: 'schema', at: 'paths › /other › get', message: '"respnses" is not allowed here.' },
        { kind: 'rule', at: 'paths › /other › get', message: 'The operationId "same" is already used by GET /things/{id}; operationIds must be unique.' },
        { kind: 'rule', at: 'paths › /things/{id} › get', message: 'The path template has {id}, but no path parameter "id" is declared.' },
      ]),
    );
  });

  it('accept an OpenAPI 3.1 document with components only (no paths)', async () => {
    const outcome = await parsed('openapi: 3.1.0\ninfo: { title: Only components, version: "1" }\ncomponents: { schemas: { A: { type: string } } }\n');
    expect(outcome.schemaProblems).toEqual([]);
    expect(outcome.api.operations).toEqual([]);
  });
});

describe('a document that is not an OpenAPI description', () => {
  it('is refused with the reason', async () => {
    expect(await refused('')).toMatch(/empty/);
    expect(await refused('{"title": "not an api"}')).toMatch(/neither an "openapi" nor a "swagger" field/);
    expect(await refused('swagger: "1.2"\ninfo: {}')).toMatch(/Swagger 1\.2 is not supported/);
    expect(await refused('openapi: 4.0.0\ninfo: {}')).toMatch(/OpenAPI 4\.0\.0 is not supported/);
    expect(await refused('openapi: 3.0.0\ninfo:\n  title: [unclosed\n')).toMatch(/not valid YAML or JSON \(line \d+\)/);
  });

  it('says so for an HTML page, by its media type or its first bytes', async () => {
    expect(await refused('{"openapi":"3.0.0"}', 'text/html; charset=utf-8')).toMatch(/HTML page \(text\/html\)/);
    expect(await refused('<!DOCTYPE html><html><body>Logg inn</body></html>')).toMatch(/HTML page/);
  });

  it('names the first byte that is not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('openapi: 3.0.0\ninfo: { title: "'), Buffer.from([0xc3, 0x28]), Buffer.from('" }\n')]);
    expect(await refused(body)).toBe(`The document is not valid UTF-8 (first bad byte at offset ${'openapi: 3.0.0\ninfo: { title: "'.length}).`);
  });
});

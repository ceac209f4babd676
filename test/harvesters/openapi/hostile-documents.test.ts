import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchDocument, type FetchPolicy } from '../../../src/harvest/fetch/fetcher.js';
import { MAX_OPERATION_PARTS, MAX_PATH_LENGTH, MAX_SERVERS } from '../../../harvesters/openapi/describe-api.js';
import { OpenApiParser } from '../../../harvesters/openapi/openapi-parser.js';
import type { ParseOutcome, ReferenceReader } from '../../../harvesters/openapi/parse-openapi.js';
import { startHttpServer, testPolicy, type TestServer } from '../../harvest/fetch/support/test-server.js';

/**
 * Documents anyone could register, read the way the harvester reads them: in the parse worker, with
 * `$ref`s fetched through the pipeline's own fetcher (SSRF guard, allow-list, caps). Each ends with a
 * clear problem in bounded time.
 */
const servers: TestServer[] = [];
let parser: OpenApiParser;

beforeAll(() => {
  parser = new OpenApiParser({ timeoutMs: 10_000 });
});
afterAll(async () => {
  await parser.close();
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

function throughFetcher(policy: FetchPolicy): ReferenceReader {
  return async (url) => {
    const outcome = await fetchDocument({ url, accept: 'application/yaml, application/json;q=0.9, */*;q=0.1' }, policy);
    if (outcome.kind !== 'ok') throw new Error(`${url} answered 304 to an unconditional request`);
    return { body: outcome.body, ...(outcome.contentType !== undefined ? { contentType: outcome.contentType } : {}) };
  };
}

async function read(body: string | Buffer, options: { location?: string; policy?: FetchPolicy; with?: OpenApiParser } = {}): Promise<{ outcome: ParseOutcome; ms: number }> {
  const started = performance.now();
  const outcome = await (options.with ?? parser).parse(
    { body: typeof body === 'string' ? Buffer.from(body) : body, location: options.location ?? 'https://api.example.no/openapi.yaml' },
    throughFetcher(options.policy ?? testPolicy()),
  );
  return { outcome, ms: performance.now() - started };
}

function referenceProblems(outcome: ParseOutcome): readonly string[] {
  if (!outcome.ok) throw new Error(`expected the document to be read, with problems; it was refused: ${outcome.message}`);
  return outcome.referenceProblems;
}

const oneOperation = (schemaRef: string): string => `openapi: 3.0.3
info: { title: Referrer, version: '1' }
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '${schemaRef}' }
`;

describe('hostile OpenAPI documents', () => {
  it('a YAML alias bomb is refused as such, without expanding it', async () => {
    const levels = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`x-${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const { outcome, ms } = await read(`openapi: 3.0.0\ninfo: { title: Bomb, version: '1' }\npaths: {}\n${levels.join('\n')}\n`);
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/aliases that would expand it to more than [\d,]+ nodes \(a "billion laughs" document\); it was refused/) });
    expect(ms).toBeLessThan(10_000);
  }, 30_000);

  it('a $ref to file:///etc/passwd is never read: a problem names it, and the rest of the document is described', async () => {
    const { outcome } = await read(oneOperation('file:///etc/passwd'));
    expect(referenceProblems(outcome)).toEqual([expect.stringContaining('file:///etc/passwd is not an http(s) URL: references are followed only inside the document and over http(s)')]);
    expect(outcome.ok && outcome.api.operations).toHaveLength(1);
    expect(JSON.stringify(outcome)).not.toContain('root:');
  }, 30_000);

  it('a $ref to the cloud metadata address is refused by the fetcher before connecting', async () => {
    const { outcome } = await read(oneOperation('http://169.254.169.254/latest/meta-data/openapi.yaml#/x'));
    expect(referenceProblems(outcome)).toEqual([expect.stringMatching(/169\.254\.169\.254.*(link-local|metadata|not a public)/i)]);
  }, 30_000);

  it('a $ref to a loopback address is refused unless the host is allowed, and nothing connects', async () => {
    const server = await startHttpServer((_req, res) => res.end('components: {}'));
    servers.push(server);
    const { outcome } = await read(oneOperation(`${server.origin}/schemas.yaml#/components`));
    expect(referenceProblems(outcome)).toEqual([expect.stringMatching(/127\.0\.0\.1.*loopback/i)]);
    expect(server.connections).toBe(0);
  }, 30_000);

  it('a 3 000-deep $ref chain is refused with its length, at once', async () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) schemas[`S${i}`] = { $ref: `#/components/schemas/S${i + 1}` };
    schemas['S3000'] = { type: 'string' };
    const { outcome, ms } = await read(JSON.stringify({ openapi: '3.0.3', info: { title: 'Chain', version: '1' }, paths: {}, components: { schemas } }));
    expect(outcome).toEqual({ ok: false, message: 'The document has a chain of more than 400 $refs each pointing at the next; more than 100 are refused.' });
    expect(ms).toBeLessThan(10_000);
  }, 30_000);

  it('a cycle of remote $refs ends, kept as references', async () => {
    const documents: Record<string, string> = {
      '/a.yaml': 'A:\n  type: object\n  properties:\n    b: { $ref: "b.yaml#/B" }\n',
      '/b.yaml': 'B:\n  type: object\n  properties:\n    a: { $ref: "a.yaml#/A" }\n',
    };
    const server = await startHttpServer((req, res) => {
      const body = documents[req.url ?? ''];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/yaml' }).end(body ?? 'not found');
    });
    servers.push(server);
    const { outcome, ms } = await read(oneOperation('a.yaml#/A'), { location: `${server.origin}/openapi.yaml`, policy: testPolicy({ allowedHosts: [server.hostPort] }) });
    expect(referenceProblems(outcome)).toEqual([]);
    expect(outcome.ok && outcome.circular).toBe(true);
    expect(outcome.ok && outcome.referencedDocuments).toEqual([`${server.origin}/a.yaml`, `${server.origin}/b.yaml`]);
    expect(ms).toBeLessThan(10_000);
  }, 30_000);

  it('an endless chain of remote documents stops at the cap on referenced documents', async () => {
    const server = await startHttpServer((req, res) => {
      const n = Number(/\/(\d+)\.yaml/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(`S:\n  type: object\n  properties:\n    next: { $ref: "${n + 1}.yaml#/S" }\n`);
    });
    servers.push(server);
    const small = new OpenApiParser({ maxReferencedDocuments: 20 });
    try {
      const { outcome } = await read(oneOperation('0.yaml#/S'), { location: `${server.origin}/openapi.yaml`, policy: testPolicy({ allowedHosts: [server.hostPort] }), with: small });
      expect(referenceProblems(outcome)).toEqual([expect.stringContaining('more than 20 documents are referenced')]);
      expect(server.paths.length).toBe(20);
    } finally {
      await small.close();
    }
  }, 30_000);

  it('a 50 MB document is refused by its size before it is parsed', async () => {
    const body = Buffer.alloc(50 * 1024 * 1024, 0x20);
    body.write('{"openapi":"3.0.3","info":{"title":"Big","version":"1"},"paths":{}}');
    const { outcome, ms } = await read(body);
    expect(outcome).toEqual({ ok: false, message: 'The document is 50 MB, larger than the 20 MB an OpenAPI description may be here.' });
    expect(ms).toBeLessThan(1_000);
  });

  it('a document that needs more memory than the worker may have is stopped with that reason', async () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 60_000; i++) paths[`/p${i}`] = { get: { summary: `operation ${i}`, responses: { '200': { description: 'ok' } } } };
    const tight = new OpenApiParser({ maxMemoryMb: 32 });
    try {
      const { outcome } = await read(JSON.stringify({ openapi: '3.0.3', info: { title: 'Wide', version: '1' }, paths }), { with: tight });
      expect(outcome).toEqual({ ok: false, message: 'Reading the document needed more than 32 MB of memory (a huge or pathological document); it was stopped.' });
    } finally {
      await tight.close();
    }
  }, 60_000);

  it('invalid UTF-8 is refused with the offset of the first bad byte', async () => {
    const { outcome } = await read(Buffer.concat([Buffer.from('openapi: 3.0.0\n'), Buffer.from([0xff, 0xfe, 0x00])]));
    expect(outcome).toEqual({ ok: false, message: 'The document is not valid UTF-8 (first bad byte at offset 15).' });
  }, 30_000);

  it('an HTML page served as the document is refused as an HTML page', async () => {
    const server = await startHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Logg inn</title>'));
    servers.push(server);
    const policy = testPolicy({ allowedHosts: [server.hostPort] });
    const fetched = await fetchDocument({ url: `${server.origin}/openapi.yaml`, accept: '*/*' }, policy);
    if (fetched.kind !== 'ok') throw new Error('expected a body');
    const outcome = await parser.parse({ body: fetched.body, location: fetched.url, ...(fetched.contentType !== undefined ? { contentType: fetched.contentType } : {}) }, throughFetcher(policy));
    expect(outcome).toEqual({ ok: false, message: 'The document is an HTML page (text/html), not an OpenAPI description in JSON or YAML.' });
  }, 30_000);

  it('a pathological document ends at the time limit while the calling thread keeps answering', async () => {
    // Each schema uses the next one twice: shared when dereferenced, but 2^40 nodes to anything that walks it as a tree.
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) schemas[`S${i}`] = { type: 'object', properties: { left: { $ref: `#/components/schemas/S${i + 1}` }, right: { $ref: `#/components/schemas/S${i + 1}` } } };
    schemas['S40'] = { type: 'string' };
    const quick = new OpenApiParser({ timeoutMs: 3_000 });
    let worstLag = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 20);
      last = now;
    }, 20);
    try {
      const { outcome, ms } = await read(oneOperation('#/components/schemas/S0').replace('paths:', `components: ${JSON.stringify({ schemas })}\npaths:`), { with: quick });
      expect(outcome).toEqual({ ok: false, message: 'Reading the document took longer than 3 s (a deep or endless $ref chain, or a pathological document); it was stopped.' });
      expect(ms).toBeLessThan(6_000);
      // Parsed on this thread, the 3 s of work would stall the ticker for 3 s; the bound leaves room for a
      // machine busy with other test files (CI runs them in parallel on two cores).
      expect(worstLag).toBeLessThan(1_000);
    } finally {
      clearInterval(ticker);
      await quick.close();
    }
  }, 30_000);

  it('a path item shared by many paths is counted for each: past MAX_OPERATION_PARTS the description is refused saying so', async () => {
    // 17 KB: 200 paths share one item of 8 operations and 200 parameters, 320 000 parameters where they are used.
    const sharedItem = (paths: number, parameters: number): string => JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Delt', version: '1' },
      paths: Object.fromEntries(Array.from({ length: paths }, (_, i) => [`/p${i}`, { $ref: '#/x-item' }])),
      'x-item': Object.fromEntries(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].map((m) => [m, { parameters: Array.from({ length: parameters }, (_, j) => ({ name: `q${j}`, in: 'query' })), responses: { '200': { description: 'ok' } } }])),
    });
    const refused = (await read(sharedItem(200, 200))).outcome;
    expect(refused).toEqual({ ok: false, message: expect.stringContaining(`more than ${MAX_OPERATION_PARTS} operations, parameters and tags, counted where they are used`) });
    // Below the bound the same shape is read, every use counted.
    const read10 = (await read(sharedItem(10, 10))).outcome;
    expect(read10.ok && read10.api.operations.length).toBe(80);
    expect(read10.ok && read10.api.operations.every((o) => o.parameters.length === 10)).toBe(true);
  }, 30_000);

  it(`a path longer than MAX_PATH_LENGTH is refused, and servers past MAX_SERVERS are left out with a problem`, async () => {
    const long = `/${'a'.repeat(MAX_PATH_LENGTH)}`;
    const { outcome } = await read(oneOperation('#/components/schemas/S').replace('  /x:', `  ${long}:`).replace('paths:', 'components: { schemas: { S: { type: string } } }\npaths:'));
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(new RegExp(`is ${MAX_PATH_LENGTH + 1} characters long; paths of at most ${MAX_PATH_LENGTH} are read`)) });
    const manyServers = JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, servers: Array.from({ length: 150 }, (_, i) => ({ url: `https://api${i}.example.no` })), paths: {} });
    const served = (await read(manyServers)).outcome;
    expect(served.ok && served.api.servers).toHaveLength(MAX_SERVERS);
    expect(served.ok && served.api.serverProblems).toEqual([`The document names 150 servers; the first ${MAX_SERVERS} are read.`]);
  }, 30_000);
});

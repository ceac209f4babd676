import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Quad, Term } from '@rdfjs/types';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type LoadedCatalog } from './support/loaded-catalog.js';
import { startApp, type RunningApp } from './support/test-server.js';

/**
 * The W3C SPARQL 1.1 Protocol tests (../shared/corpus/w3c-sparql11/protocol/manifest.ttl), run against
 * our endpoint. Each manifest entry describes HTTP requests and the expected responses in prose terms
 * (ht:Request, mf:expectedStatus, mf:expectedFormat, mf:expectedBoolean); they are translated into
 * real requests. Query cases must pass as the manifest says. Update cases must be refused: 403 where the
 * manifest expects the update to succeed, the manifest's 4xx where it expects a bad update to fail —
 * and the follow-up queries of an update case must show that nothing changed.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const protocolDir = path.resolve(here, '../../../shared/corpus/w3c-sparql11/protocol');
const manifestFile = path.join(protocolDir, 'manifest.ttl');
const available = existsSync(manifestFile);
if (!available) console.warn(`W3C protocol tests skipped: ${manifestFile} is not there (the shared corpus is not part of a plain clone).`);

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';

interface ProtocolRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly expectedStatus: readonly string[]; // '2xx', '3xx', '4xx'
  readonly expectedFormat?: string;
  readonly expectedBoolean?: boolean;
}

interface ProtocolCase {
  readonly id: string;
  readonly name: string;
  readonly kind: 'query' | 'update';
  readonly requests: readonly ProtocolRequest[];
}

function readManifest(): { cases: ProtocolCase[]; graphs: Map<string, string> } {
  const base = pathToFileURL(manifestFile).href;
  const quads: Quad[] = new Parser({ baseIRI: base }).parse(readFileSync(manifestFile, 'utf8'));
  const objects = (s: Term, p: string): Term[] => quads.filter((q) => q.subject.equals(s) && q.predicate.value === p).map((q) => q.object);
  const one = (s: Term, p: string): Term | undefined => objects(s, p)[0];
  const list = (head: Term | undefined): Term[] => {
    const out: Term[] = [];
    for (let node = head; node !== undefined && node.value !== `${RDF}nil`; node = one(node, `${RDF}rest`)) {
      const first = one(node, `${RDF}first`);
      if (first !== undefined) out.push(first);
    }
    return out;
  };
  const manifest = quads.find((q) => q.predicate.value === `${RDF}type` && q.object.value === `${MF}Manifest`)!.subject;
  const graphs = new Map<string, string>();
  const cases = list(one(manifest, `${MF}entries`)).map((entry): ProtocolCase => {
    for (const data of objects(entry, `${UT}graphData`)) {
      graphs.set(one(data, `${RDFS}label`)!.value, fileURLToPath(one(data, `${UT}graph`)!.value));
    }
    const action = one(entry, `${MF}action`)!;
    const requests = list(one(action, `${HT}requests`)).map((request): ProtocolRequest => {
      const headers: Record<string, string> = {};
      for (const h of list(one(request, `${HT}headers`))) headers[one(h, `${HT}fieldName`)!.value] = one(h, `${HT}fieldValue`)!.value;
      const bodyNode = one(request, `${HT}body`);
      let body: Buffer | undefined;
      if (bodyNode !== undefined) {
        const chars = one(bodyNode, `${CNT}chars`)!.value;
        const encoding = one(bodyNode, `${CNT}characterEncoding`)?.value ?? 'UTF-8';
        body = Buffer.from(chars, encoding.toUpperCase() === 'UTF-16' ? 'utf16le' : 'utf8');
      }
      const resp = one(request, `${HT}resp`)!;
      const expectedBoolean = one(resp, `${MF}expectedBoolean`);
      const expectedFormat = one(resp, `${MF}expectedFormat`);
      return {
        method: one(request, `${HT}methodName`)!.value,
        path: one(request, `${HT}absolutePath`)!.value,
        headers,
        ...(body === undefined ? {} : { body }),
        expectedStatus: objects(resp, `${MF}expectedStatus`).map((s) => s.value.replace(`${HTS}StatusCode`, '').toLowerCase()),
        ...(expectedFormat === undefined ? {} : { expectedFormat: expectedFormat.value }),
        ...(expectedBoolean === undefined ? {} : { expectedBoolean: expectedBoolean.value === 'true' }),
      };
    });
    const id = entry.value.replace(/^.*#/, '');
    return { id, name: one(entry, `${MF}name`)!.value, kind: /update/.test(id) ? 'update' : 'query', requests };
  });
  return { cases, graphs };
}

const FORMATS: Record<string, readonly string[]> = {
  boolean: ['application/sparql-results+json', 'application/sparql-results+xml'],
  tabular: ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'],
  RDF: ['application/rdf+xml', 'text/turtle', 'application/n-triples'],
};

function booleanOf(body: string, type: string): boolean | undefined {
  if (type === 'application/sparql-results+json') return (JSON.parse(body) as { boolean?: boolean }).boolean;
  const m = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(body);
  return m === null ? undefined : m[1] === 'true';
}

/** Why the response does not meet the expectation, or null when it does. */
async function mismatch(res: Response, expected: ProtocolRequest): Promise<string | null> {
  const statusClass = `${String(res.status)[0]}xx`;
  if (!expected.expectedStatus.includes(statusClass)) return `status ${res.status}, expected ${expected.expectedStatus.join(' or ')}`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const body = await res.text();
  if (expected.expectedFormat !== undefined) {
    const allowed = FORMATS[expected.expectedFormat] ?? [];
    if (!allowed.includes(type)) return `content type ${type}, expected one of ${allowed.join(', ')}`;
  }
  if (expected.expectedBoolean !== undefined) {
    const got = booleanOf(body, type);
    if (got !== expected.expectedBoolean) return `boolean ${String(got)}, expected ${expected.expectedBoolean}`;
  }
  return null;
}

describe.skipIf(!available)('W3C SPARQL 1.1 Protocol tests', () => {
  const { cases, graphs } = available ? readManifest() : { cases: [], graphs: new Map<string, string>() };
  let catalog: LoadedCatalog;
  let app: RunningApp;
  const passed: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    catalog = await loadCatalog();
    // The test data: each file a named graph under its label.
    const extraGraphs = [...graphs].map(([graph, file]) => ({ graph, ntriples: readFileSync(file, 'utf8') }));
    app = await startApp(async (url) => ({
      store: catalog.store,
      sparql: await catalog.sparqlIndex(url, { extraGraphs }),
      sparqlTimeoutMs: 10_000,
      maxQueryLength: 100_000,
    }));
  });
  afterAll(async () => {
    const queries = cases.filter((c) => c.kind === 'query').length;
    const updates = cases.filter((c) => c.kind === 'update').length;
    console.log(`W3C protocol: ${passed.length}/${queries} query cases passed, ${refused.length}/${updates} update cases refused`);
    await app?.close();
    await catalog?.close();
  });

  const send = (r: ProtocolRequest) =>
    fetch(`${app.url}${r.path}`, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: new Uint8Array(r.body) }), redirect: 'manual' });

  it('reads the manifest: query and update cases, and the test data', () => {
    expect(cases.filter((c) => c.kind === 'query').length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.kind === 'update').length).toBeGreaterThanOrEqual(10);
    expect([...graphs.keys()].sort()).toEqual([1, 2, 3].map((n) => `http://kasei.us/2009/09/sparql/data/data${n}.rdf`));
  });

  for (const c of cases.filter((x) => x.kind === 'query')) {
    it(`query case ${c.id}: ${c.name}`, async () => {
      expect(c.requests).toHaveLength(1);
      const problem = await mismatch(await send(c.requests[0]!), c.requests[0]!);
      expect(problem, c.id).toBeNull();
      passed.push(c.id);
    });
  }

  for (const c of cases.filter((x) => x.kind === 'update')) {
    it(`update case ${c.id} is refused: ${c.name}`, async () => {
      const [update, ...checks] = c.requests;
      const res = await send(update!);
      const body = await res.text();
      const validUpdate = update!.expectedStatus.includes('2xx');
      if (validUpdate) {
        expect(res.status, body).toBe(403);
        expect(body).toMatch(/read-only/);
      } else {
        expect(res.status, body).toBeGreaterThanOrEqual(400);
        expect(res.status, body).toBeLessThan(500);
      }
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // The follow-up queries ask whether the update took effect: it must not have.
      for (const check of checks) {
        const answer = await send(check);
        expect(answer.status).toBe(200);
        const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim();
        expect(booleanOf(await answer.text(), type), `${c.id}: the refused update must leave no trace`).toBe(false);
      }
      refused.push(c.id);
    });
  }
});

import oxigraph from 'oxigraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, FederatedEndpointError, QueryTimeoutError, ResultTooLargeError } from '../../../src/core/errors.js';
import type { GuardedFetch, GuardedRequest } from '../../../src/core/ports/guarded-fetch.js';
import type { SparqlQueryRequest } from '../../../src/core/ports/sparql-index.js';
import { FederatingSparqlIndex, MAX_FEDERATED_QUERY_LENGTH, type FederationOptions } from '../../../src/sparql/federation/federating-sparql-index.js';
import { ModelledIndex } from '../modelled-index.js';

// The federating index in front of an embedded one, with remote endpoints played by a fake fetch:
// what reaches the catalog's index, what is refused, and the bounds of each remote call.

const EX = 'https://fed.example.no/';
const REMOTE = 'https://remote.example.org/sparql';
const SELF = 'https://katalog.example.no/sparql';

/**
 * A remote SPARQL endpoint played by an oxigraph store holding `rows` labels of the catalog's datasets
 * (`<d/i%3> <label> "remote i"`); it answers the SPARQL Protocol GET and POST Comunica sends.
 */
function remoteWith(rows: number, seen: { url: string; request: GuardedRequest }[] = []): GuardedFetch {
  const store = new oxigraph.Store();
  const nt = Array.from({ length: rows }, (_, i) => `<${EX}d/${i % 3}> <${EX}label> "remote ${i}" .\n`).join('');
  if (nt !== '') store.load(nt, { format: 'application/n-triples' });
  return async (url, request) => {
    seen.push({ url, request });
    const query = new URL(url).searchParams.get('query') ?? (request.body !== undefined ? new URLSearchParams(request.body).get('query') : null);
    if (query === null) return { status: 404, headers: new Headers({ 'content-type': 'text/plain' }), body: 'no service description here' };
    const body = store.query(query, { results_format: 'application/sparql-results+json' }) as string;
    return { status: 200, headers: new Headers({ 'content-type': 'application/sparql-results+json' }), body };
  };
}

/** Records every request that reaches the catalog's own index. */
class Recording extends ModelledIndex {
  readonly seen: SparqlQueryRequest[] = [];
  override query(request: SparqlQueryRequest) {
    this.seen.push(request);
    return super.query(request);
  }
}

let base: Recording;
beforeAll(async () => {
  base = new Recording({ replicas: 1 }, [0, 1, 2].map((i) => ({ graph: `${EX}g/${i}`, ntriples: `<${EX}d/${i}> <${EX}title> "Datasett ${i}"@nb .\n` })));
  await base.index.ready();
});
afterAll(async () => {
  await base.close();
});

function federating(extra: Partial<FederationOptions> = {}): FederatingSparqlIndex {
  return new FederatingSparqlIndex(base, {
    allowed: [REMOTE],
    fetch: remoteWith(3),
    callTimeoutMs: 2000,
    callMaxRows: 100,
    maxRows: 1000,
    maxResultChars: 1_000_000,
    selfEndpoint: SELF,
    ...extra,
  });
}

function ask(query: string, extra: Partial<SparqlQueryRequest> = {}): SparqlQueryRequest {
  return { query, form: 'SELECT', mediaType: 'application/sparql-results+json', timeoutMs: 20_000, baseIri: SELF, ...extra };
}

const JOIN = `SELECT ?d ?t ?label WHERE { ?d <${EX}title> ?t . SERVICE <${REMOTE}> { ?d <${EX}label> ?label } } ORDER BY ?label`;

describe('federating SERVICE with Comunica', () => {
  it('hands a query without SERVICE to the catalog index unchanged (Comunica never sees it)', async () => {
    const request = ask(`SELECT ?t { <${EX}d/1> <${EX}title> ?t } # no SERVICE here, only "SERVICE" in a string and ?service`);
    base.seen.length = 0;
    const result = await federating({ fetch: () => Promise.reject(new Error('no remote call may happen')) }).query(request);
    expect(base.seen).toEqual([request]);
    expect(JSON.parse(result.body).results.bindings).toEqual([{ t: { type: 'literal', value: 'Datasett 1', 'xml:lang': 'nb' } }]);
  });

  it("joins the catalog's graph with the remote endpoint's solutions, and no SERVICE reaches the catalog index", async () => {
    const calls: { url: string; request: GuardedRequest }[] = [];
    base.seen.length = 0;
    const result = await federating({ fetch: remoteWith(3, calls) }).query(ask(JOIN));
    expect(JSON.parse(result.body).results.bindings).toEqual([0, 1, 2].map((i) => ({
      d: { type: 'uri', value: `${EX}d/${i}` },
      t: { type: 'literal', value: `Datasett ${i}`, 'xml:lang': 'nb' },
      label: { type: 'literal', value: `remote ${i}` },
    })));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c.url.startsWith(REMOTE)).toBe(true);
    console.log(JSON.stringify(base.seen.map((r) => r.query), null, 1));
    expect(base.seen.length).toBeGreaterThan(0);
    for (const r of base.seen) expect(r.query).not.toMatch(/SERVICE/i);
  });

  it('writes the joined solutions as CSV too', async () => {
    const csv = await federating().query(ask(JOIN, { mediaType: 'text/csv' }));
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual(['d,t,label', `${EX}d/0,Datasett 0,remote 0`]);
  });

  it('refuses, with a 400 naming it, an endpoint not on the allow-list, and every endpoint when the list is empty', async () => {
    const other = 'https://elsewhere.example.org/sparql';
    const query = `SELECT * { ?d <${EX}title> ?t OPTIONAL { SERVICE <${other}> { ?d ?p ?o } } }`;
    const error = await federating().query(ask(query)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).message).toContain(`SERVICE <${other}>`);
    expect((error as BadRequestError).extra).toMatchObject({ endpoint: other });
    const none = await federating({ allowed: [] }).query(ask(JOIN)).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(BadRequestError);
    expect((none as Error).message).toContain(`SERVICE <${REMOTE}>`);
  });

  it('refuses SERVICE before reading the query: at once without an allow-list, past MAX_FEDERATED_QUERY_LENGTH with one', async () => {
    // sparqljs reads a query on the thread that serves requests (2 s for 100 KB, twice for a syntax error).
    const broken = `SELECT * { SERVICE <${REMOTE}> { ?s ?p ?o } } ${'VALUES ?x { 1 } '.repeat(2_000)} {{{`;
    const off = await federating({ allowed: [] }).query(ask(broken)).catch((e: unknown) => e);
    expect((off as Error).message).toBe(`SERVICE <${REMOTE}>: this endpoint does not federate queries (no SERVICE endpoint is allowed).`);
    const long = await federating().query(ask(broken)).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(BadRequestError);
    expect((long as BadRequestError).extra).toEqual({ length: broken.length, maxLength: MAX_FEDERATED_QUERY_LENGTH });
  });

  it('refuses SERVICE with a variable endpoint, and the protocol dataset with SERVICE', async () => {
    const variable = await federating().query(ask('SELECT * { ?e <urn:p> ?x SERVICE ?e { ?s ?p ?o } }')).catch((e: unknown) => e);
    expect(variable).toBeInstanceOf(BadRequestError);
    expect((variable as Error).message).toMatch(/SERVICE \?e names its endpoint with a variable/);
    const dataset = await federating().query(ask(JOIN, { defaultGraphUris: [`${EX}g/1`] })).catch((e: unknown) => e);
    expect(dataset).toBeInstanceOf(BadRequestError);
  });

  it('allows every endpoint of a host named on the list, and only that host', async () => {
    const index = federating({ allowed: ['remote.example.org'] });
    expect(JSON.parse((await index.query(ask(JOIN))).body).results.bindings).toHaveLength(3);
    const error = await index.query(ask(JOIN.replace(REMOTE, 'https://remote.example.org.evil.example/sparql'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('refuses a remote call past the row cap with a 422 naming the endpoint', async () => {
    const error = await federating({ fetch: remoteWith(50), callMaxRows: 10 }).query(ask(JOIN)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultTooLargeError);
    expect((error as Error).message).toContain(`SERVICE <${REMOTE}> returned more than 10 solutions`);
  });

  it('stops a remote call past its time limit, naming the endpoint', async () => {
    const silent: GuardedFetch = (_url, request) => new Promise((_resolve, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    const started = Date.now();
    const error = await federating({ fetch: silent, callTimeoutMs: 300 }).query(ask(JOIN)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect((error as Error).message).toContain(`SERVICE <${REMOTE}> did not answer within 300 ms`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports a remote endpoint that fails as a 502 naming it', async () => {
    const failing: GuardedFetch = async () => ({ status: 500, headers: new Headers({ 'content-type': 'text/plain' }), body: 'Internal error in the remote store' });
    const error = await federating({ fetch: failing }).query(ask(JOIN)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FederatedEndpointError);
    expect((error as Error).message).toContain(`SERVICE <${REMOTE}> answered HTTP 500`);
    const unreachable: GuardedFetch = async () => {
      throw new Error('Refused to fetch https://remote.example.org/sparql: host remote.example.org resolves to a loopback address.');
    };
    const refused = await federating({ fetch: unreachable }).query(ask(JOIN)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FederatedEndpointError);
    expect((refused as Error).message).toContain('loopback address');
  });
});

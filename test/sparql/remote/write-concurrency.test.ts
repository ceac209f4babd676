import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RemoteSparqlIndex } from '../../../src/sparql/remote/remote-sparql-index.js';

// The projection's writes to a SPARQL server: the requests of one batch go up to writeConcurrency at once, each
// naming graphs of its own; batches go one after another. The same over both write paths: SPARQL Update (two graphs
// a request here) and, on a server without an Update endpoint, the Graph Store Protocol (one PUT per graph). A
// loopback server stands in for the endpoints and answers each request after a pause, so the requests in flight
// can be counted.

const PREFIX = 'https://catalog.example.no/';
let server: http.Server;
let origin: string;
let inFlight = 0;
let mostInFlight = 0;
/** Per request, in the order they arrived: the graphs it names and the apply() (a marker graph's number) it came from. */
let requests: { graphs: string[]; arrivedWhile: number }[] = [];
/** A request naming this graph is answered 500 (once). */
let failGraph: string | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // An Update request names its graphs in its body; a Graph Store request in its URL (?graph=).
      const named = new URL(req.url ?? '/', 'http://x').searchParams.get('graph');
      const graphs = named !== null ? [named] : [...new Set([...body.matchAll(/<(https:\/\/catalog\.example\.no\/[^>]+)>/g)].map((m) => m[1]!))];
      requests.push({ graphs, arrivedWhile: inFlight });
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        if (failGraph !== undefined && graphs.includes(failGraph)) {
          failGraph = undefined;
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Virtuoso 42000 Error SR008: something broke');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      }, 40);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  requests = [];
  inFlight = 0;
  mostInFlight = 0;
  failGraph = undefined;
});

type WritePath = 'update' | 'gsp';

function index(path: WritePath, writeConcurrency?: number): RemoteSparqlIndex {
  return new RemoteSparqlIndex({
    server: { queryUrl: `${origin}/sparql`, ...(path === 'update' ? { updateUrl: `${origin}/update` } : { gspUrl: `${origin}/rdf-graph-store` }) },
    graphPrefix: PREFIX,
    updateBatch: 2,
    writeAttempts: 1,
    ...(writeConcurrency !== undefined ? { writeConcurrency } : {}),
  });
}

const changes = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => ({ graph: `${PREFIX}g/${from + k}`, ntriples: `<${PREFIX}s/${from + k}> <${PREFIX}p> "v" .\n` }));

describe.each([
  { path: 'update' as const, perRequest: 2 },
  { path: 'gsp' as const, perRequest: 1 },
])('writes to a SPARQL server through $path ($perRequest graph(s) a request)', ({ path, perRequest }) => {
  it('sends the requests of one batch two at a time by default, each graph in exactly one request', async () => {
    const sparql = index(path);
    await sparql.apply(changes(0, 10));
    expect(requests).toHaveLength(10 / perRequest);
    expect(mostInFlight).toBe(2);
    const named = requests.flatMap((r) => r.graphs.filter((g) => g.includes('/g/')));
    expect(named.sort()).toEqual(changes(0, 10).map((c) => c.graph).sort());
    await sparql.close();
  });

  it('sends one request at a time with writeConcurrency 1, and as many as asked for with more', async () => {
    const one = index(path, 1);
    await one.apply(changes(0, 6));
    expect(mostInFlight).toBe(1);
    await one.close();
    mostInFlight = 0;
    const four = index(path, 4);
    await four.apply(changes(0, 16));
    expect(mostInFlight).toBe(4);
    await four.close();
  });

  it('starts the next batch only once every request of the one before is answered, so versions land in order', async () => {
    const sparql = index(path, 3);
    const first = sparql.apply(changes(0, 6));
    const second = sparql.apply(changes(0, 6).map((c) => ({ ...c, ntriples: c.ntriples.replace('"v"', '"w"') })));
    await Promise.all([first, second]);
    const perBatch = 6 / perRequest;
    expect(requests).toHaveLength(2 * perBatch);
    // The second batch's first request arrived when none of the first's was in flight.
    expect(requests[perBatch]!.arrivedWhile).toBe(0);
    await sparql.close();
  });

  it('sends no further request of a batch after one failed, and fails the batch with that failure', async () => {
    const sparql = index(path, 2);
    failGraph = `${PREFIX}g/0`;
    await expect(sparql.apply(changes(0, 10))).rejects.toThrow(/SR008/);
    // The first two went at once; the one beside the failed request finished, and nothing was sent after the failure.
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    await sparql.close();
  });

  it('refuses a write concurrency below one', () => {
    expect(() => index(path, 0)).toThrow(/writeConcurrency/);
  });
});

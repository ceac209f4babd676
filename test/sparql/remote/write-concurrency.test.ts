import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RemoteSparqlIndex } from '../../../src/sparql/remote/remote-sparql-index.js';

// The projection's writes to a SPARQL server: the SPARQL Update requests of one batch go up to writeConcurrency at
// once, each naming graphs of its own; batches go one after another. Graph Store writes (a server without an Update
// endpoint, or an Update batch the server refused for a value) go one at a time, always: Virtuoso 7.2 crashed under
// two at once. A loopback server stands in for the endpoints and answers each request after a pause, so the requests
// in flight can be counted.

const PREFIX = 'https://catalog.example.no/';
let server: http.Server;
let origin: string;
let inFlight = 0;
let mostInFlight = 0;
/** Per request, in the order they arrived: the graphs it names and the apply() (a marker graph's number) it came from. */
let requests: { graphs: string[]; arrivedWhile: number }[] = [];
/** A request naming this graph is answered 500 (once). */
let failGraph: string | undefined;
/** Update requests are answered with Virtuoso's data exception, so each batch goes on through the Graph Store. */
let refuseUpdates = false;
let gspInFlight = 0;
let mostGspInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // An Update request names its graphs in its body; a Graph Store request in its URL (?graph=).
      const named = new URL(req.url ?? '/', 'http://x').searchParams.get('graph');
      const graphs = named !== null ? [named] : [...new Set([...body.matchAll(/<(https:\/\/catalog\.example\.no\/[^>]+)>/g)].map((m) => m[1]!))];
      const gsp = named !== null;
      if (!gsp && refuseUpdates) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Virtuoso 22023 Error SR601: a value it cannot take');
        return;
      }
      requests.push({ graphs, arrivedWhile: inFlight });
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (gsp) mostGspInFlight = Math.max(mostGspInFlight, ++gspInFlight);
      setTimeout(() => {
        inFlight--;
        if (gsp) gspInFlight--;
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
  refuseUpdates = false;
  gspInFlight = 0;
  mostGspInFlight = 0;
});

/** Written through SPARQL Update, the Graph Store alone, or Update with the Graph Store beside it. */
type WritePath = 'update' | 'gsp' | 'both';

function index(path: WritePath, writeConcurrency?: number): RemoteSparqlIndex {
  return new RemoteSparqlIndex({
    server: {
      queryUrl: `${origin}/sparql`,
      ...(path !== 'gsp' ? { updateUrl: `${origin}/update` } : {}),
      ...(path !== 'update' ? { gspUrl: `${origin}/rdf-graph-store` } : {}),
    },
    graphPrefix: PREFIX,
    updateBatch: 2,
    writeAttempts: 1,
    ...(writeConcurrency !== undefined ? { writeConcurrency } : {}),
  });
}

const changes = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => ({ graph: `${PREFIX}g/${from + k}`, ntriples: `<${PREFIX}s/${from + k}> <${PREFIX}p> "v" .\n` }));

describe('writes to a SPARQL server through SPARQL Update (two graphs a request)', () => {
  it('sends the requests of one batch two at a time by default, each graph in exactly one request', async () => {
    const sparql = index('update');
    await sparql.apply(changes(0, 10));
    expect(requests).toHaveLength(5);
    expect(mostInFlight).toBe(2);
    const named = requests.flatMap((r) => r.graphs.filter((g) => g.includes('/g/')));
    expect(named.sort()).toEqual(changes(0, 10).map((c) => c.graph).sort());
    await sparql.close();
  });

  it('sends one request at a time with writeConcurrency 1, and as many as asked for with more', async () => {
    const one = index('update', 1);
    await one.apply(changes(0, 6));
    expect(mostInFlight).toBe(1);
    await one.close();
    mostInFlight = 0;
    const four = index('update', 4);
    await four.apply(changes(0, 16));
    expect(mostInFlight).toBe(4);
    await four.close();
  });

  it('starts the next batch only once every request of the one before is answered, so versions land in order', async () => {
    const sparql = index('update', 3);
    const first = sparql.apply(changes(0, 6));
    const second = sparql.apply(changes(0, 6).map((c) => ({ ...c, ntriples: c.ntriples.replace('"v"', '"w"') })));
    await Promise.all([first, second]);
    expect(requests).toHaveLength(6);
    // The second batch's first request arrived when none of the first's was in flight.
    expect(requests[3]!.arrivedWhile).toBe(0);
    await sparql.close();
  });

  it('sends no further request of a batch after one failed, and fails the batch with that failure', async () => {
    const sparql = index('update', 2);
    failGraph = `${PREFIX}g/0`;
    await expect(sparql.apply(changes(0, 10))).rejects.toThrow(/SR008/);
    // The first two went at once; the one beside the failed request finished, and nothing was sent after the failure.
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    await sparql.close();
  });

  it('refuses a write concurrency below one', () => {
    expect(() => index('update', 0)).toThrow(/writeConcurrency/);
  });
});

describe('writes to a SPARQL server through the Graph Store Protocol (one graph a request)', () => {
  it('sends one request at a time whatever writeConcurrency says, each graph in exactly one request', async () => {
    const sparql = index('gsp', 4);
    await sparql.apply(changes(0, 10));
    expect(requests).toHaveLength(10);
    expect(mostInFlight).toBe(1);
    expect(requests.flatMap((r) => r.graphs).sort()).toEqual(changes(0, 10).map((c) => c.graph).sort());
    await sparql.close();
  });

  it('sends no further request after one failed', async () => {
    const sparql = index('gsp', 2);
    failGraph = `${PREFIX}g/0`;
    await expect(sparql.apply(changes(0, 10))).rejects.toThrow(/SR008/);
    expect(requests).toHaveLength(1);
    await sparql.close();
  });

  it('writes the Update batches the server refused for a value through it one graph at a time, though the batches ran at once', async () => {
    const sparql = index('both', 4);
    refuseUpdates = true;
    await sparql.apply(changes(0, 16));
    expect(requests.flatMap((r) => r.graphs).sort()).toEqual(changes(0, 16).map((c) => c.graph).sort());
    expect(mostGspInFlight).toBe(1);
    await sparql.close();
  });
});

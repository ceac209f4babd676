import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerUnreachableError, SparqlServer } from '../../../src/sparql/remote/sparql-server.js';

/** A loopback server that answers by path: a whole answer on a kept-alive connection, one cut off, one that asks for Basic credentials. */
let server: http.Server;
let origin: string;
const connections = new Set<unknown>();
/** Requests seen per connection (the /reset-second path resets a kept-alive connection at its second request). */
const requestsOn = new Map<unknown, number>();
let seen = 0;
const unanswered: http.ServerResponse[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    connections.add(req.socket);
    seen++;
    const n = (requestsOn.get(req.socket) ?? 0) + 1;
    requestsOn.set(req.socket, n);
    if (req.url === '/reset-second' && n === 2) {
      // As a server that closed the idle connection does: the request meets a reset, with no answer.
      req.socket.resetAndDestroy();
      return;
    }
    if (req.url === '/reset-always') {
      req.socket.resetAndDestroy();
      return;
    }
    if (req.url === '/silent') {
      // Takes the request and never answers.
      unanswered.push(res);
      return;
    }
    if (req.url === '/stalls') {
      // Begins the answer and never ends it.
      res.writeHead(200, { 'Content-Type': 'application/n-triples', 'Content-Length': '1000' });
      res.write('<a:s> <a:p> ');
      unanswered.push(res);
      return;
    }
    if (req.url === '/broken') {
      res.writeHead(200, { 'Content-Type': 'application/sparql-results+json', 'Content-Length': '1000' });
      res.write('{"head":');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (req.url === '/auth' && req.headers.authorization !== `Basic ${Buffer.from('dba:sekret').toString('base64')}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${req.method} ${body} æøå`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of unanswered) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('SparqlServer over HTTP', () => {
  it('sends the body as UTF-8 and reads the whole answer, keeping the connection for the next request', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/sparql`, credentials: { user: 'dba', password: 'sekret' } });
    connections.clear();
    for (let i = 0; i < 3; i++) {
      const r = await s.send('POST', new URL(`${origin}/sparql`), { headers: { 'Content-Type': 'text/plain' }, body: `q${i} ø` });
      expect(r).toMatchObject({ status: 200, body: `POST q${i} ø æøå` });
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    }
    expect(connections.size).toBe(1);
    const auth = await s.send('GET', new URL(`${origin}/auth`));
    expect(auth.status).toBe(200); // answered the Basic challenge
    s.close();
  });

  it('says the server could not be reached, naming why', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const s = new SparqlServer({ queryUrl: `http://127.0.0.1:${port}/sparql` });
    const error = await s.send('GET', new URL(`http://127.0.0.1:${port}/sparql`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('says the server broke off its answer when the connection closes mid-body', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/broken` });
    const error = await s.send('POST', new URL(`${origin}/broken`), { body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toMatch(/broke off its answer/);
    s.close();
  });

  it('stops at the caller\'s abort with the caller\'s reason', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/broken` });
    const controller = new AbortController();
    const pending = s.send('POST', new URL(`${origin}/broken`), { body: 'x', signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('time limit'));
    expect(((await pending) as Error).message).toBe('time limit');
    s.close();
  });

  it('sends a request again on a new connection when the kept-alive one was closed by the server while idle', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/reset-second` });
    connections.clear();
    seen = 0;
    const first = await s.send('POST', new URL(`${origin}/reset-second`), { body: 'one' });
    const second = await s.send('POST', new URL(`${origin}/reset-second`), { body: 'two' });
    expect([first.body, second.body]).toEqual(['POST one æøå', 'POST two æøå']);
    // The second request met the reset on the first connection and was answered on a new one.
    expect([seen, connections.size]).toEqual([3, 2]);
    s.close();
  });

  it('does not send again a request that failed on a new connection: it fails naming why', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/reset-always` });
    seen = 0;
    const error = await s.send('POST', new URL(`${origin}/reset-always`), { body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toMatch(/could not be reached \(ECONNRESET\)/);
    expect(seen).toBe(1);
    s.close();
  });

  it('gives up a request the server took and never answered, after its time limit (never hangs)', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/silent` }, { timeoutMs: 200 });
    const error = await s.send('POST', new URL(`${origin}/silent`), { body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toBe(`The SPARQL server at ${origin} did not answer within 200 ms.`);
    // A request's own limit wins over the server's.
    const own = await s.send('PUT', new URL(`${origin}/silent`), { body: 'x', timeoutMs: 50 }).catch((e: unknown) => e);
    expect((own as Error).message).toMatch(/did not answer within 50 ms/);
    s.close();
  });

  it('gives up an answer that began and stalled, after the time limit', async () => {
    const s = new SparqlServer({ queryUrl: `${origin}/stalls` }, { timeoutMs: 200 });
    const error = await s.send('POST', new URL(`${origin}/stalls`), { body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as Error).message).toMatch(/did not answer within 200 ms/);
    s.close();
  });
});

import type http from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/harvest/fetch/fetch-error.js';
import { fetchDocument, type FetchPolicy, type FetchRequest } from '../../../src/harvest/fetch/fetcher.js';
import { guardedTestServers } from './support/guarded-test-servers.js';
import { startTcpServer, testPolicy, type TestServer } from './support/test-server.js';

const timers: NodeJS.Timeout[] = [];
const { serve, track } = guardedTestServers(() => timers.splice(0).forEach(clearInterval));

async function timedFailure(server: TestServer, path: string, overrides: Partial<FetchPolicy>, request: Partial<FetchRequest> = {}): Promise<{ error: FetchError; ms: number }> {
  const started = performance.now();
  const error: unknown = await fetchDocument(
    { url: `${server.origin}${path}`, accept: '*/*', ...request },
    testPolicy({ allowedHosts: [server.hostPort], ...overrides }),
  ).then(
    (outcome) => {
      throw new Error(`expected a FetchError, got ${JSON.stringify(outcome)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return { error: error as FetchError, ms: performance.now() - started };
}

/** Writes one byte every `everyMs` for as long as the connection lasts. */
function drip(res: http.ServerResponse | Socket, everyMs: number, text = 'x'): void {
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) {
      clearInterval(timer);
      return;
    }
    res.write(text[i++ % text.length]!);
  }, everyMs);
  timers.push(timer);
}

/** An endless stream of zeros, with a hard stop so a broken test cannot run away. */
function zeros(limitBytes = 512 * 1024 * 1024): Readable {
  const chunk = Buffer.alloc(64 * 1024);
  let sent = 0;
  return new Readable({
    read() {
      sent += chunk.length;
      this.push(sent > limitBytes ? null : chunk);
    },
  });
}

describe('the size cap', () => {
  it('fails on a Content-Length above the cap before reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '10000000' });
      res.flushHeaders(); // and never send the body
    });
    const { error, ms } = await timedFailure(server, '/big', { maxBytes: 1000, idleTimeoutMs: 5000 });
    expect(error).toMatchObject({ reason: 'too-large', limit: 1000 });
    expect(error.message).toBe(`The response from ${server.origin}/big is larger than the limit of 1000 bytes (it declares Content-Length: 10000000).`);
    expect(ms).toBeLessThan(1000);
    await server.waitForClosed(1);
  });

  it('accepts a body of exactly the cap, and fails one byte over', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end(Buffer.alloc(req.url === '/exact' ? 1000 : 1001, 'a'));
    });
    const ok = await fetchDocument({ url: `${server.origin}/exact`, accept: '*/*' }, testPolicy({ allowedHosts: [server.hostPort], maxBytes: 1000 }));
    expect(ok).toMatchObject({ kind: 'ok', bytes: 1000 });
    const { error } = await timedFailure(server, '/over', { maxBytes: 1000 });
    expect(error.message).toBe(`The response from ${server.origin}/over is larger than the limit of 1000 bytes.`);
  });

  it('stops an endless body without a Content-Length as soon as it passes the cap', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/turtle' });
      zeros().pipe(res);
    });
    const { error, ms } = await timedFailure(server, '/', { maxBytes: 100_000, totalTimeoutMs: 10_000 });
    expect(error.reason).toBe('too-large');
    expect(ms).toBeLessThan(3000);
    await server.waitForClosed(1);
  });

  it.each([
    ['gzip', () => zlib.createGzip({ level: 9 })],
    ['deflate', () => zlib.createDeflate({ level: 9 })],
    ['br', () => zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })],
  ] as const)('stops an endless %s bomb after the cap on decompressed bytes', async (coding, compressor) => {
    // A few kilobytes on the wire that decompress to half a gigabyte: only a streaming cap survives it.
    let wireBytes = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': coding });
      const stream = zeros().pipe(compressor());
      stream.on('data', (c: Buffer) => (wireBytes += c.length));
      stream.pipe(res);
      res.on('close', () => stream.destroy());
    });
    const { error, ms } = await timedFailure(server, '/', { maxBytes: 1_000_000, totalTimeoutMs: 20_000 });
    expect(error).toMatchObject({ reason: 'too-large', limit: 1_000_000 });
    expect(error.message).toBe(`The response from ${server.origin}/ is larger than the limit of 1000000 bytes (after decompression (${coding})).`);
    expect(ms).toBeLessThan(5000); // far below the 20 s total: it was stopped by the cap, not the clock
    expect(wireBytes).toBeLessThan(1_000_000);
    await server.waitForClosed(1);
  });
});

describe('timeouts', () => {
  it('gives up on a server that accepts and never answers (idle timeout)', async () => {
    const server = await serve(() => {
      // never answers
    });
    const { error, ms } = await timedFailure(server, '/silent', { idleTimeoutMs: 300 });
    expect(error).toMatchObject({ reason: 'idle-timeout', limit: 300 });
    expect(error.message).toBe(`No data from ${server.origin}/silent for 300 ms (idle timeout).`);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
    await server.waitForClosed(1);
  });

  it('gives up on a body that stalls half way (idle timeout)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('the first ten');
    });
    const { error } = await timedFailure(server, '/', { idleTimeoutMs: 300 });
    expect(error.reason).toBe('idle-timeout');
    await server.waitForClosed(1);
  });

  it('gives up on a server that drips a byte at a time forever (total timeout)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/turtle' });
      drip(res, 50);
    });
    const { error, ms } = await timedFailure(server, '/drip', { idleTimeoutMs: 300, totalTimeoutMs: 800 });
    expect(error).toMatchObject({ reason: 'total-timeout', limit: 800 });
    expect(error.message).toBe(`Gave up on ${server.origin}/drip: the fetch took longer than the total time limit of 800 ms.`);
    expect(ms).toBeGreaterThanOrEqual(790);
    expect(ms).toBeLessThan(2000);
    await server.waitForClosed(1);
  });

  it('gives up on a server that drips its response headers (total timeout)', async () => {
    const server = await startTcpServer((socket) => {
      socket.on('error', () => undefined);
      drip(socket, 50, 'HTTP/1.1 200 OK\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    });
    track(server);
    const { error } = await timedFailure(server, '/', { idleTimeoutMs: 300, totalTimeoutMs: 700 });
    expect(error.reason).toBe('total-timeout');
    await server.waitForClosed(1);
  });

  it('counts the total time across redirects', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url?.slice(1));
      setTimeout(() => res.writeHead(302, { location: `/${n + 1}` }).end(), 150);
    });
    const { error, ms } = await timedFailure(server, '/1', { totalTimeoutMs: 500, maxRedirects: 20 });
    expect(error.reason).toBe('total-timeout');
    expect(ms).toBeLessThan(1200);
  });

  it('gives up on a name that takes too long to resolve (connect timeout)', async () => {
    const started = performance.now();
    const error: unknown = await fetchDocument({ url: 'http://slow.example/', accept: '*/*' }, testPolicy({ connectTimeoutMs: 300 }), {
      resolve: () => new Promise(() => undefined),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ reason: 'connect-timeout', limit: 300 });
    expect((error as Error).message).toBe('Could not connect to slow.example within the connect timeout of 300 ms (fetching http://slow.example/).');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('gives up on a TLS handshake that never completes (connect timeout)', async () => {
    const server = await startTcpServer((socket) => socket.on('error', () => undefined)); // accepts TCP, never speaks TLS
    track(server);
    const started = performance.now();
    const error: unknown = await fetchDocument(
      { url: `https://127.0.0.1:${server.port}/`, accept: '*/*' },
      testPolicy({ allowedHosts: [server.hostPort], connectTimeoutMs: 300, idleTimeoutMs: 5000 }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'connect-timeout', limit: 300 });
    expect(performance.now() - started).toBeLessThan(1500);
    await server.waitForClosed(1);
  });
});

describe("the caller's AbortSignal", () => {
  it('stops before connecting when already aborted', async () => {
    const server = await serve((_req, res) => res.end('x'));
    const { error } = await timedFailure(server, '/', {}, { signal: AbortSignal.abort() });
    expect(error.reason).toBe('aborted');
    expect(server.connections).toBe(0);
  });

  it('aborts promptly while waiting for the response, and hangs up', async () => {
    const server = await serve(() => {
      // never answers
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('harvest cancelled')), 100);
    const { error, ms } = await timedFailure(server, '/wait', { idleTimeoutMs: 5000 }, { signal: controller.signal });
    expect(error).toMatchObject({ reason: 'aborted', message: `Fetching ${server.origin}/wait was aborted: harvest cancelled.` });
    expect(ms).toBeLessThan(1000); // well before the 5 s idle timeout
    await server.waitForClosed(1);
  });

  it('aborts while the body is being read', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      drip(res, 20);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const { error, ms } = await timedFailure(server, '/', { idleTimeoutMs: 5000 }, { signal: controller.signal });
    expect(error).toMatchObject({ reason: 'aborted', message: `Fetching ${server.origin}/ was aborted.` });
    expect(ms).toBeLessThan(1000); // well before the 5 s idle timeout
    await server.waitForClosed(1);
  });
});

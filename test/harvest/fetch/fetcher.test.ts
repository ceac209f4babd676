import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fetchDocument, type FetchOutcome, type FetchRequest } from '../../../src/harvest/fetch/fetcher.js';
import { fetchFailure, guardedTestServers } from './support/guarded-test-servers.js';
import { closedPort, startHttpsServer, startTcpServer, testCertificate, testPolicy, type TestServer } from './support/test-server.js';

const guarded = guardedTestServers();
const { serve, track } = guarded;

async function fetchFrom(server: TestServer, path: string, request: Partial<FetchRequest> = {}): Promise<FetchOutcome> {
  return fetchDocument({ url: `${server.origin}${path}`, accept: 'text/turtle', ...request }, testPolicy({ allowedHosts: [server.hostPort] }));
}

const failure = fetchFailure;

describe('a successful fetch', () => {
  it('returns the body as bytes, undecoded, with the response metadata', async () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x3c, 0xe6, 0xf8, 0xe5, 0x3e, 0xff]); // a BOM, Latin-1 and an invalid UTF-8 byte
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/turtle; charset=iso-8859-1', etag: '"v1"', 'last-modified': 'Tue, 01 Jul 2025 10:00:00 GMT' });
      res.end(bytes);
    });
    const outcome = await fetchFrom(server, '/catalog.ttl');
    expect(outcome).toEqual({
      kind: 'ok',
      url: `${server.origin}/catalog.ttl`,
      status: 200,
      contentType: 'text/turtle; charset=iso-8859-1',
      etag: '"v1"',
      lastModified: 'Tue, 01 Jul 2025 10:00:00 GMT',
      body: bytes,
      bytes: bytes.length,
    });
  });

  it('sends the Accept, User-Agent and Accept-Encoding headers, and no validators unless given', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    await fetchDocument({ url: `${server.origin}/`, accept: 'application/ld+json, text/turtle;q=0.9' }, testPolicy({ allowedHosts: [server.hostPort], userAgent: 'probe/2' }));
    expect(server.requests[0]).toMatchObject({ accept: 'application/ld+json, text/turtle;q=0.9', 'user-agent': 'probe/2', 'accept-encoding': 'gzip, deflate, br' });
    expect(server.requests[0]).not.toHaveProperty('if-none-match');
    expect(server.requests[0]).not.toHaveProperty('if-modified-since');
  });

  it('sends no Accept header when the source has none', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    await fetchDocument({ url: `${server.origin}/`, accept: '' }, testPolicy({ allowedHosts: [server.hostPort] }));
    expect(server.requests[0]).not.toHaveProperty('accept');
  });

  it('accepts any 2xx status, and an empty body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(203);
      res.end();
    });
    const outcome = await fetchFrom(server, '/');
    expect(outcome).toMatchObject({ kind: 'ok', status: 203, bytes: 0 });
  });

  it('does not send the URL fragment', async () => {
    const server = await serve((_req, res) => res.end('x'));
    const outcome = await fetchFrom(server, '/doc?a=1#part');
    expect(server.paths).toEqual(['/doc?a=1']);
    expect(outcome.url).toBe(`${server.origin}/doc?a=1`);
  });
});

describe('URLs that are never fetched', () => {
  it.each(['file:///etc/passwd', 'ftp://ftp.example.org/catalog.ttl', 'data:text/turtle,<a>%20<b>%20<c>.', 'gopher://example.org/1', 'javascript:alert(1)'])(
    'refuses %s: only http and https',
    async (url) => {
      const error = await failure(fetchDocument({ url, accept: '*/*' }, testPolicy()));
      expect(error.reason).toBe('unsupported-scheme');
      expect(error.message).toMatch(/only http and https URLs are fetched, not "[a-z]+:"/);
      expect(guarded.tripwire().attempts).toEqual([]);
    },
  );

  it('refuses what is not a URL', async () => {
    const error = await failure(fetchDocument({ url: 'not a url', accept: '*/*' }, testPolicy()));
    expect(error).toMatchObject({ reason: 'invalid-url', url: 'not a url', message: '"not a url" is not a valid URL.' });
  });

  it('refuses URLs with credentials (they would be published with the source)', async () => {
    const error = await failure(fetchDocument({ url: 'https://user:secret@catalog.example/', accept: '*/*' }, testPolicy()));
    expect(error.reason).toBe('credentials-in-url');
    expect(guarded.tripwire().attempts).toEqual([]);
  });
});

describe('long URLs', () => {
  it('refuses a URL longer than 2 048 bytes in UTF-8 before connecting, naming its length', async () => {
    // 427 characters as given; the URL parser writes each "ø" as %C3%B8, so the URL fetched is 2 427 bytes.
    const url = `https://catalog.example/?q=${'ø'.repeat(400)}`;
    const error = await failure(fetchDocument({ url, accept: '*/*' }, testPolicy()));
    expect(error.reason).toBe('url-too-long');
    expect(error.message).toMatch(/the URL is 2427 bytes long, and the catalog fetches URLs of at most 2048 bytes/);
    expect(guarded.tripwire().attempts).toEqual([]);
  });
});

describe('conditional GET', () => {
  it('sends If-None-Match and If-Modified-Since, and reports 304 as not-modified', async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200);
      res.end();
    });
    const outcome = await fetchFrom(server, '/c.ttl', { etag: '"v1"', lastModified: 'Tue, 01 Jul 2025 10:00:00 GMT' });
    expect(outcome).toEqual({ kind: 'not-modified', url: `${server.origin}/c.ttl` });
    expect(server.requests[0]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Tue, 01 Jul 2025 10:00:00 GMT' });
  });

  it('returns the new document when the validator no longer matches', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v2"') res.writeHead(304).end();
      else res.writeHead(200, { etag: '"v2"' }).end('new');
    });
    const outcome = await fetchFrom(server, '/', { etag: '"v1"' });
    expect(outcome).toMatchObject({ kind: 'ok', etag: '"v2"', body: Buffer.from('new') });
  });

  it('treats a 304 to a request that was not conditional as an error', async () => {
    const server = await serve((_req, res) => res.writeHead(304).end());
    const error = await failure(fetchFrom(server, '/'));
    expect(error).toMatchObject({ reason: 'http-status', status: 304 });
    expect(error.message).toBe(`HTTP 304 Not Modified from ${server.origin}/ although the request was not conditional.`);
  });

  it('refuses a stored validator that would inject a header', async () => {
    const server = await serve((_req, res) => res.end('x'));
    const error = await failure(fetchFrom(server, '/', { etag: '"v1"\r\nX-Injected: 1' }));
    expect(error.reason).toBe('invalid-request');
    expect(server.connections).toBe(0);
  });
});

describe('HTTP errors', () => {
  it('names the status and the URL', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const error = await failure(fetchFrom(server, '/missing.ttl'));
    expect(error).toMatchObject({ reason: 'http-status', status: 404, url: `${server.origin}/missing.ttl` });
    expect(error.message).toBe(`HTTP 404 Not Found from ${server.origin}/missing.ttl.`);
  });

  it('quotes a short excerpt of a textual error body, without control characters', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Maintenance\x1b[31m until\r\n  06:00\u0000 UTC');
    });
    const error = await failure(fetchFrom(server, '/'));
    expect(error.message).toBe(`HTTP 503 Service Unavailable from ${server.origin}/: "Maintenance [31m until 06:00 UTC".`);
  });

  it('shortens long excerpts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: 'Internal error', detail: 'x'.repeat(10_000) }));
    });
    const error = await failure(fetchFrom(server, '/'));
    expect(error.message).toMatch(/^HTTP 500 Internal Server Error from .*: "\{"title":"Internal error","detail":"x+…"\.$/);
    expect(error.message.length).toBeLessThan(320);
  });

  it('quotes only the title of an HTML error page, and decompresses it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync('<!DOCTYPE html><html><head><title>Access denied</title><style>body{}</style></head><body>…</body></html>'));
    });
    const error = await failure(fetchFrom(server, '/'));
    expect(error.message).toBe(`HTTP 403 Forbidden from ${server.origin}/: "Access denied".`);
  });

  it('quotes nothing from a binary error body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([1, 2, 3]));
    });
    const error = await failure(fetchFrom(server, '/'));
    expect(error.message).toBe(`HTTP 502 Bad Gateway from ${server.origin}/.`);
  });

  it('does not wait long for an error body that never ends', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write('partial explanation');
    });
    const started = performance.now();
    const error = await failure(fetchFrom(server, '/'));
    expect(performance.now() - started).toBeLessThan(1800);
    expect(error.message).toBe(`HTTP 500 Internal Server Error from ${server.origin}/: "partial explanation".`);
  });

  it('uses the standard status text, not what the server claims', async () => {
    const server = await serve((_req, res) => res.writeHead(404, 'Everything is fine').end());
    const error = await failure(fetchFrom(server, '/'));
    expect(error.message).toBe(`HTTP 404 Not Found from ${server.origin}/.`);
  });
});

describe('content encodings', () => {
  const text = Buffer.from('@prefix dcat: <http://www.w3.org/ns/dcat#> .\n'.repeat(200));

  it.each([
    ['gzip', zlib.gzipSync(text)],
    ['x-gzip', zlib.gzipSync(text)],
    ['deflate', zlib.deflateSync(text)],
    ['deflate', zlib.deflateRawSync(text)], // raw deflate, as some old servers send it
    ['br', zlib.brotliCompressSync(text)],
    ['identity', text],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(text))], // applied in order, undone in reverse
  ])('undoes Content-Encoding: %s', async (encoding, wire) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding, 'content-type': 'text/turtle' });
      res.end(wire);
    });
    const outcome = await fetchFrom(server, '/');
    expect(outcome).toMatchObject({ kind: 'ok', bytes: text.length });
    expect(outcome.kind === 'ok' && outcome.body.equals(text)).toBe(true);
  });

  it('accepts an empty compressed body', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end());
    expect(await fetchFrom(server, '/')).toMatchObject({ kind: 'ok', bytes: 0 });
  });

  it('refuses an encoding it cannot undo', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'compress' }).end('x'));
    const error = await failure(fetchFrom(server, '/'));
    expect(error.reason).toBe('unsupported-encoding');
    expect(error.message).toBe(`The response from ${server.origin}/ uses Content-Encoding "compress", which is not supported (gzip, deflate, br).`);
  });

  it('reports a corrupt compressed body', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip'));
    const error = await failure(fetchFrom(server, '/'));
    expect(error.reason).toBe('decode');
    expect(error.message).toBe(`The gzip-compressed body from ${server.origin}/ is corrupt: incorrect header check.`);
  });

  it('reports a truncated compressed body', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(text).subarray(0, 40)));
    const error = await failure(fetchFrom(server, '/'));
    expect(error.reason).toBe('decode');
    expect(error.message).toMatch(/unexpected end of file/);
  });
});

describe('broken connections and protocols', () => {
  it('reports a refused connection', async () => {
    const port = await closedPort();
    const error = await failure(fetchDocument({ url: `http://127.0.0.1:${port}/`, accept: '*/*' }, testPolicy({ allowedHosts: [`127.0.0.1:${port}`] })));
    expect(error.reason).toBe('connect');
    expect(error.message).toMatch(new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port} \\(fetching http://127\\.0\\.0\\.1:${port}/\\): .*ECONNREFUSED`));
  });

  it('reports a body cut short by the server', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('only the beginning');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(fetchFrom(server, '/'));
    expect(error.reason).toBe('network');
  });

  it('reports a server that does not speak HTTP', async () => {
    const server = await startTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    track(server);
    const error = await failure(fetchFrom(server, '/'));
    expect(error.reason).toBe('protocol');
    expect(error.message).toMatch(/sent malformed HTTP/);
  });

  it('reports a header block larger than node accepts', async () => {
    const server = await startTcpServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`));
    track(server);
    const error = await failure(fetchFrom(server, '/'));
    expect(error.reason).toBe('protocol');
  });
});

describe('https', () => {
  it('fetches over TLS, verifying the certificate against the host name', async () => {
    const server = await startHttpsServer((_req, res) => res.end('secure'));
    track(server);
    const outcome = await fetchDocument(
      { url: `https://catalog.test:${server.port}/c.ttl`, accept: 'text/turtle' },
      testPolicy({ allowedHosts: ['catalog.test'] }),
      { resolve: async () => [{ address: '127.0.0.1', family: 4 }], ca: testCertificate },
    );
    expect(outcome).toMatchObject({ kind: 'ok', url: `https://catalog.test:${server.port}/c.ttl`, body: Buffer.from('secure') });
  });

  it('refuses a certificate it cannot trust', async () => {
    const server = await startHttpsServer((_req, res) => res.end('secure'));
    track(server);
    const error = await failure(
      fetchDocument({ url: `https://catalog.test:${server.port}/`, accept: '*/*' }, testPolicy({ allowedHosts: ['catalog.test'] }), {
        resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      }),
    );
    expect(error.reason).toBe('tls');
    expect(error.message).toMatch(/self-signed certificate/);
  });

  it('refuses a certificate for another host', async () => {
    const server = await startHttpsServer((_req, res) => res.end('secure'));
    track(server);
    const error = await failure(
      fetchDocument({ url: `https://other.test:${server.port}/`, accept: '*/*' }, testPolicy({ allowedHosts: ['other.test'] }), {
        resolve: async () => [{ address: '127.0.0.1', family: 4 }],
        ca: testCertificate,
      }),
    );
    expect(error.reason).toBe('tls');
    expect(error.message).toMatch(/other\.test/);
  });
});

describe('policy', () => {
  it('copes with limits too long for a timer (no instant timeout from an overflow)', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end('ok'), 50));
    const outcome = await fetchDocument(
      { url: `${server.origin}/`, accept: '*/*' },
      testPolicy({ allowedHosts: [server.hostPort], connectTimeoutMs: 40 * 86_400_000, idleTimeoutMs: 40 * 86_400_000, totalTimeoutMs: 40 * 86_400_000 }),
    );
    expect(outcome.kind).toBe('ok');
  });

  it('is checked before anything is fetched (a programming error, not a fetch failure)', async () => {
    await expect(fetchDocument({ url: 'http://x/', accept: '*/*' }, testPolicy({ maxBytes: 0 }))).rejects.toThrow(RangeError);
    await expect(fetchDocument({ url: 'http://x/', accept: '*/*' }, testPolicy({ maxRedirects: -1 }))).rejects.toThrow(/maxRedirects/);
    await expect(fetchDocument({ url: 'http://x/', accept: '*/*' }, testPolicy({ allowedHosts: ['http://x/'] }))).rejects.toThrow(/Allowed host "http:\/\/x\/"/);
    expect(guarded.tripwire().attempts).toEqual([]);
  });
});

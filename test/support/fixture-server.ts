import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureDocument {
  readonly body: string | Buffer;
  readonly contentType?: string;
  readonly status?: number;
  /** Send an ETag derived from the body and answer 304 to a matching If-None-Match. Default true. */
  readonly etag?: boolean;
}

/** A loopback HTTP server whose documents a test sets and changes; it counts requests per path. */
export interface FixtureServer {
  readonly origin: string;
  url(path: string): string;
  set(path: string, doc: FixtureDocument | ((req: IncomingMessage, res: ServerResponse) => void)): void;
  requests(path?: string): number;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const docs = new Map<string, FixtureDocument | ((req: IncomingMessage, res: ServerResponse) => void)>();
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const doc = docs.get(path);
    if (doc === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
      return;
    }
    if (typeof doc === 'function') {
      doc(req, res);
      return;
    }
    const body = typeof doc.body === 'string' ? Buffer.from(doc.body, 'utf8') : doc.body;
    const headers: Record<string, string> = { 'Content-Type': doc.contentType ?? 'text/turtle; charset=utf-8' };
    if (doc.etag !== false) {
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      headers.ETag = etag;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag }).end();
        return;
      }
    }
    res.writeHead(doc.status ?? 200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    set: (path, doc) => docs.set(path, doc),
    requests: (path) => (path === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(path) ?? 0)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The floor of a forwarding hop: a bare Node HTTP server on loopback that takes a SPARQL query (POST
 * application/sparql-query), sends it on to a SPARQL server as a form POST over a kept-alive connection (as
 * our /sparql does: Virtuoso 7.2 never answers a POST with an application/sparql-query body) and pipes the
 * server's answer back unchanged. No checks, no limits, no rewrite: what any proxy costs, and no less.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startBareProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = `query=${encodeURIComponent(Buffer.concat(chunks).toString('utf8'))}`;
      const out = http.request(
        target,
        { method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Accept: req.headers.accept ?? '*/*' } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { 'Content-Type': answer.headers['content-type'] ?? 'application/octet-stream' });
          answer.pipe(res);
        },
      );
      out.on('error', () => {
        res.statusCode = 502;
        res.end();
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sparql`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

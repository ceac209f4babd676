import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchPolicy } from '../../../../src/harvest/fetch/fetcher.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
export const testCertificate = readFileSync(path.join(fixtures, 'test-server.cert.pem'));
const testKey = readFileSync(path.join(fixtures, 'test-server.key.pem'));

/** A server on 127.0.0.1 with an ephemeral port, counting the connections it accepted. */
export interface TestServer {
  readonly port: number;
  /** `http://127.0.0.1:{port}` (or https). */
  readonly origin: string;
  /** `127.0.0.1:{port}`, for allowedHosts. */
  readonly hostPort: string;
  /** Connections accepted so far. */
  connections: number;
  /** Connections closed so far (to check the fetcher really hangs up). */
  closed: number;
  /** Request headers of every request, in order. */
  readonly requests: http.IncomingHttpHeaders[];
  /** Request paths, in order. */
  readonly paths: string[];
  close(): Promise<void>;
  /** Resolves when the server has seen `n` connections close (or rejects after `ms`). */
  waitForClosed(n: number, ms?: number): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function listen(server: net.Server, origin: (port: number) => string, requests: http.IncomingHttpHeaders[], paths: string[]): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const sockets = new Set<net.Socket>();
  const state: TestServer = {
    port,
    origin: origin(port),
    hostPort: `127.0.0.1:${port}`,
    connections: 0,
    closed: 0,
    requests,
    paths,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    waitForClosed: (n, ms = 2000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = (): void => {
          if (state.closed >= n) resolve();
          else if (Date.now() - started > ms) reject(new Error(`server saw ${state.closed} of ${n} connections close within ${ms} ms`));
          else setTimeout(poll, 10);
        };
        poll();
      }),
  };
  server.on('connection', (socket: net.Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      state.closed++;
      sockets.delete(socket);
    });
  });
  return state;
}

export async function startHttpServer(handler: Handler): Promise<TestServer> {
  const requests: http.IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    paths.push(req.url ?? '');
    handler(req, res);
  });
  return listen(server, (port) => `http://127.0.0.1:${port}`, requests, paths);
}

export async function startHttpsServer(handler: Handler): Promise<TestServer> {
  const requests: http.IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  const server = https.createServer({ cert: testCertificate, key: testKey }, (req, res) => {
    requests.push(req.headers);
    paths.push(req.url ?? '');
    handler(req, res);
  });
  return listen(server, (port) => `https://127.0.0.1:${port}`, requests, paths);
}

/** A raw TCP server: the test decides what (if anything) goes over the wire. */
export async function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
  const server = net.createServer((socket) => {
    socket.resume(); // read (and drop) what the client sends, so its hang-up is noticed
    onConnection(socket);
  });
  return listen(server, (port) => `http://127.0.0.1:${port}`, [], []);
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function testPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return {
    allowedHosts: [],
    maxBytes: 1_000_000,
    connectTimeoutMs: 2000,
    idleTimeoutMs: 2000,
    totalTimeoutMs: 5000,
    maxRedirects: 5,
    userAgent: 'datakatalog-test/1.0',
    ...overrides,
  };
}

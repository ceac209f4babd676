import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { createApp, type AppDeps } from '../../../src/http/app.js';

export interface RunningApp {
  /** `http://127.0.0.1:{port}`: also the app's baseUrl, so record URIs dereference against it. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the real app on an ephemeral loopback port. */
export async function startApp(deps: Omit<AppDeps, 'baseUrl' | 'logger'> & Partial<Pick<AppDeps, 'logger'>>): Promise<RunningApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', createApp({ logger: silentLogger, ...deps, baseUrl: url }));
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../src/core/ports/logger.js';
import { createApp, type AppDeps } from '../../../src/http/app.js';

export interface RunningApp {
  /** `http://127.0.0.1:{port}`: also the app's baseUrl, so record URIs dereference against it. */
  readonly url: string;
  close(): Promise<void>;
}

type Deps = Omit<AppDeps, 'baseUrl' | 'logger'> & Partial<Pick<AppDeps, 'logger'>>;

/**
 * Starts the real app on an ephemeral loopback port. The dependencies may be given as a function of
 * the app's URL (the base URL of record URIs, which a SPARQL index needs for its graph names).
 */
export async function startApp(deps: Deps | ((url: string) => Deps | Promise<Deps>)): Promise<RunningApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resolved = typeof deps === 'function' ? await deps(url) : deps;
  server.on('request', createApp({ logger: silentLogger, ...resolved, baseUrl: url }));
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

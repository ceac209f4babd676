import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { FetchError } from '../../../../src/harvest/fetch/fetch-error.js';
import { installTripwire, type Tripwire } from './loopback-tripwire.js';
import { startHttpServer, type TestServer } from './test-server.js';

/**
 * The hooks every fetcher test file shares: the loopback tripwire for the whole file (no test may
 * connect anywhere but loopback, and none may need the tripwire to stop it), and test servers that
 * are closed after each test.
 */
export function guardedTestServers(afterEachTest: () => void = () => {}): {
  readonly tripwire: () => Tripwire;
  readonly serve: (handler: Parameters<typeof startHttpServer>[0]) => Promise<TestServer>;
  /** Closes another kind of test server (TCP, https) after the test too. */
  readonly track: <T extends TestServer>(server: T) => T;
} {
  let tripwire: Tripwire | undefined;
  const servers: TestServer[] = [];
  beforeAll(() => {
    tripwire = installTripwire();
  });
  afterAll(() => tripwire?.uninstall());
  afterEach(async () => {
    afterEachTest();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    const blocked = [...tripwire!.blocked];
    tripwire!.reset();
    expect(blocked, 'connections the tripwire had to stop').toEqual([]);
  });
  return {
    tripwire: () => tripwire!,
    track: (server) => {
      servers.push(server);
      return server;
    },
    serve: async (handler) => {
      const server = await startHttpServer(handler);
      servers.push(server);
      return server;
    },
  };
}

/** The FetchError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function fetchFailure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a FetchError, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

import type { SparqlServerEndpoints } from '../../../src/sparql/remote/sparql-server.js';

/**
 * The SPARQL server the remote-index tests run against: `.ci/start-virtuoso` starts a private Virtuoso on
 * loopback and prints these variables (`eval "$(.ci/start-virtuoso)"`); `.ci/run` does so before `npm test`.
 */
export function testSparqlServer(): SparqlServerEndpoints | undefined {
  const env = process.env;
  const queryUrl = env.TEST_SPARQL_STORE_URL;
  if (queryUrl === undefined || queryUrl === '') return undefined;
  return {
    queryUrl,
    ...(env.TEST_SPARQL_STORE_UPDATE_URL ? { updateUrl: env.TEST_SPARQL_STORE_UPDATE_URL } : {}),
    ...(env.TEST_SPARQL_STORE_GSP_URL ? { gspUrl: env.TEST_SPARQL_STORE_GSP_URL } : {}),
    ...(env.TEST_SPARQL_STORE_USER ? { credentials: { user: env.TEST_SPARQL_STORE_USER, password: env.TEST_SPARQL_STORE_PASSWORD ?? '' } } : {}),
  };
}

export const NO_SERVER_MESSAGE =
  'TEST_SPARQL_STORE_URL is not set: the remote SPARQL index tests need a SPARQL server. Run `eval "$(.ci/start-virtuoso)"` first (it installs and starts a private Virtuoso on loopback); .ci/run does.';

/**
 * The environment of a whole service under test: a private data directory, loopback on a free port,
 * no demo and no scheduled harvests, one validation worker and one SPARQL engine, the admin token,
 * and the fixture server's host allowed for harvests. `extra` adds or overrides settings.
 */
export function serviceTestEnv(dataDir: string, fixturesOrigin: string, adminToken: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'false',
    HARVEST_INTERVAL: '0',
    VALIDATION_WORKERS: '1',
    SPARQL_WORKERS: '1',
    ADMIN_TOKEN: adminToken,
    HARVEST_ALLOWED_HOSTS: new URL(fixturesOrigin).host,
    ...extra,
  };
}

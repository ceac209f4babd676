/**
 * Issue 12's query figures: the six catalog queries through our /sparql in server mode (the published
 * graph on a SPARQL server, queries forwarded) against the same server answering them directly, as a
 * ratio; the harvest into the server beside them. Needs a server: `eval "$(.ci/start-virtuoso)"` first.
 *
 *   npm run bench sparql-server -- --datasets 10000 [--runs 15] [--only a,c,f] [--tables 1] [--embedded 100000]
 *
 * A synthetic DCAT-AP-NO catalog (about 27 quads per dataset) is served over loopback and harvested
 * through the real pipeline into a service whose SPARQL index is the server (Graph Store Protocol).
 * Beside our /sparql and the server directly, a bare Node HTTP hop to the same server (the floor of any
 * forwarding); the three are timed interleaved. `--only` picks queries by letter; `--tables N` times them N
 * times over (each table with its load average). `--embedded N` then harvests N datasets into a service of
 * the embedded mode (SQLite and the in-process oxigraph index, no server) and times the same queries through
 * its /sparql, for the figures beside server mode; `--datasets 0` leaves server mode out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer } from '../../src/main.js';
import { generateCatalog, serveCatalog } from '../support/synthetic-catalog.js';
import { catalogQueries, endpointTable, forwardingTable } from './support/catalog-queries.js';
import { SNAPSHOT_PUBLISHER } from './support/snapshot-publisher.js';
import { startBareProxy } from './support/bare-proxy.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '15' },
    only: { type: 'string', default: 'a,b,c,d,e,f' },
    tables: { type: 'string', default: '1' },
    embedded: { type: 'string', default: '0' },
  },
});
const ONLY = new Set(values.only.split(',').map((l) => l.trim()));
const TABLES = Number(values.tables);
const N = Number(values.datasets);
const EMBEDDED = Number(values.embedded);
const RUNS = Number(values.runs);
const env = process.env;
if (N > 0 && !env.TEST_SPARQL_STORE_URL) {
  console.error('TEST_SPARQL_STORE_URL is not set: run `eval "$(.ci/start-virtuoso)"` first (a private Virtuoso on loopback).');
  process.exit(2);
}
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const line = (s = ''): void => console.log(s);

line(`# SPARQL server benchmark: ${fmt(N)} datasets on the server, ${fmt(EMBEDDED)} embedded, ${RUNS} runs per query, node ${process.version}, load average ${load()}`);

/** A service on a fresh data directory harvesting a synthetic catalog of `datasets`; its SPARQL index from `sparqlEnv`. */
async function harvested(datasets: number, sparqlEnv: Record<string, string>, name: string) {
  // Paged as publishers' large catalogs are (and as the harvest bench serves them): one document of 100 000 datasets is not what a harvest meets.
  const generator = generateCatalog({ datasets, baseUrl: 'http://127.0.0.1', publishers: 12, ...(datasets > 20_000 ? { perPage: 1000 } : {}) });
  const served = await serveCatalog(generator);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-bench-sparql-server-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    BASE_URL: `https://bench-${randomUUID()}.example.no`,
    DEMO: 'false',
    HARVEST_INTERVAL: '0',
    HARVEST_MAX_PAGES: '100000',
    LOG_LEVEL: 'silent',
    // The bench is one client sending hundreds of queries: no request rate limit, no engine-time budget per client.
    RATE_LIMIT_SPARQL: '0',
    SPARQL_CLIENT_ENGINE_TIME: '0',
    // Query e answers a row per dataset: past the default cap of 50 000 it is refused whole (422) at 100 000.
    SPARQL_MAX_ROWS: String(Math.max(50_000, datasets * 2)),
    HARVEST_ALLOWED_HOSTS: new URL(served.url).host,
    ...sparqlEnv,
  });
  const service = await startServer(config, silentLogger);
  const { catalog } = service;
  const close = async (): Promise<void> => {
    await service.close();
    await served.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const source = await catalog.harvest.register({ url: served.url, publisher: SNAPSHOT_PUBLISHER, name: 'synthetic' });
    let t = performance.now();
    const run = await catalog.harvest.harvest(source);
    const harvestMs = performance.now() - t;
    if (run.state !== 'succeeded') throw new Error(`harvest ${run.state}: ${JSON.stringify(run.error)}`);
    t = performance.now();
    await catalog.projector.sync();
    const syncMs = performance.now() - t;
    const quads = await catalog.sparql!.size();
    line(`${name}: harvest of ${fmt(datasets)} datasets into the store ${fmt(harvestMs / 1000, 1)} s (${fmt(datasets / (harvestMs / 1000))} datasets/s); the SPARQL index caught up ${fmt(syncMs / 1000, 1)} s after it; ${fmt(quads)} quads; load average ${load()}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { generator, service, close };
}

const pick = (queries: [string, string][]): [string, string][] => queries.filter(([label]) => ONLY.has(label[0]!));

if (N > 0) {
  const { generator, service, close } = await harvested(
    N,
    {
      SPARQL_STORE_URL: env.TEST_SPARQL_STORE_URL!,
      ...(env.TEST_SPARQL_STORE_GSP_URL ? { SPARQL_STORE_GSP_URL: env.TEST_SPARQL_STORE_GSP_URL } : {}),
      ...(env.TEST_SPARQL_STORE_UPDATE_URL ? { SPARQL_STORE_UPDATE_URL: env.TEST_SPARQL_STORE_UPDATE_URL } : {}),
      ...(env.TEST_SPARQL_STORE_USER ? { SPARQL_STORE_USER: env.TEST_SPARQL_STORE_USER, SPARQL_STORE_PASSWORD: env.TEST_SPARQL_STORE_PASSWORD ?? '' } : {}),
    },
    'server mode',
  );
  try {
    const proxy = await startBareProxy(env.TEST_SPARQL_STORE_URL!);
    try {
      const queries = pick(catalogQueries(generator.datasetIri(N >> 1)));
      for (let t = 0; t < TABLES; t++) {
        line();
        line(`load average before the queries: ${load()}`);
        await forwardingTable({ ours: `${service.url}/sparql`, server: env.TEST_SPARQL_STORE_URL!, proxy: proxy.url, queries, runs: RUNS, oursLabel: 'our /sparql forwarding', line });
        line();
        line(`load average after the queries: ${load()}`);
      }
    } finally {
      await proxy.close();
    }
  } finally {
    // Leave the shared server as found: this run's graphs are those under its base.
    await service.catalog.sparql!.rebuild((async function* () {})());
    await close();
  }
}

if (EMBEDDED > 0) {
  line();
  const { generator, service, close } = await harvested(EMBEDDED, {}, 'embedded mode');
  try {
    for (let t = 0; t < TABLES; t++) {
      line();
      line(`load average before the queries: ${load()}`);
      await endpointTable({ endpoint: `${service.url}/sparql`, queries: pick(catalogQueries(generator.datasetIri(EMBEDDED >> 1))), runs: RUNS, label: `embedded /sparql, ${fmt(EMBEDDED)} datasets`, line });
      line();
      line(`load average after the queries: ${load()}`);
    }
  } finally {
    await close();
  }
}

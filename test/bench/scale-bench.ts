/**
 * Issue 12's server-mode figures in one run: two nodes on PostgreSQL (store and search) and Virtuoso (the
 * published graph). First harvest and unchanged re-harvest rate of a synthetic catalog through node A, node A's
 * restart until /readyz answers 200, the peak RSS of this process (it hosts both nodes), the six catalog queries
 * through A's /sparql ÷ Virtuoso directly, and the two-node visibility delay: a single-record change harvested
 * through A until B's /sparql shows it, p50 and p95 over `--changes` harvests.
 * Needs both servers: `eval "$(.ci/start-postgres)"; eval "$(.ci/start-virtuoso)"` first.
 *
 *   npm run bench scale -- --datasets 10000 [--changes 100] [--runs 15]
 *
 * Both nodes live in this one process (each with its own connections, data directory and HTTP server), so the
 * RSS figure is two nodes' worth; an unchanged re-harvest is answered 304 by the served catalog (ETag), which is
 * what a publisher's unchanged server does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { startFixtureServer } from '../support/fixture-server.js';
import { generateCatalog, serveCatalog } from '../support/synthetic-catalog.js';
import { catalogQueries, forwardingTable, sparqlPoster } from './support/catalog-queries.js';
import { SNAPSHOT_PUBLISHER } from './support/snapshot-publisher.js';

const { values } = parseArgs({ options: { datasets: { type: 'string', default: '10000' }, changes: { type: 'string', default: '100' }, runs: { type: 'string', default: '15' } } });
const N = Number(values.datasets);
const CHANGES = Number(values.changes);
const RUNS = Number(values.runs);
const env = process.env;
if (!env.TEST_SPARQL_STORE_URL || !env.TEST_DATABASE_URL) {
  console.error('TEST_DATABASE_URL and TEST_SPARQL_STORE_URL must be set: run `eval "$(.ci/start-postgres)"; eval "$(.ci/start-virtuoso)"` first.');
  process.exit(2);
}
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const line = (s = ''): void => console.log(s);
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;

line(`# Server-mode benchmark (PostgreSQL + Virtuoso, two nodes): ${fmt(N)} datasets, ${CHANGES} single-record changes, node ${process.version}, load average ${load()}`);

const generator = generateCatalog({ datasets: N, baseUrl: 'http://127.0.0.1', publishers: 12 });
const served = await serveCatalog(generator);
const small = await startFixtureServer();
const smallDoc = (k: number): string => `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://bench.example.no/katalog> a dcat:Catalog ; dct:title "Endringer"@nb ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/${SNAPSHOT_PUBLISHER}> ; dct:description "Ett datasett som endres"@nb ; dcat:dataset <https://bench.example.no/endres> .
<https://bench.example.no/endres> a dcat:Dataset ; dct:title "Endring ${k}"@nb ; dct:description "Et datasett som endres for hver høsting"@nb ; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/${SNAPSHOT_PUBLISHER}> .
`;
small.set('/one.ttl', { body: smallDoc(0) });
const schema = `bench_${process.pid}_${randomUUID().slice(0, 8)}`;
const baseUrl = `https://bench-${randomUUID()}.example.no`;
const dirs: string[] = [];
const configOf = async (): Promise<Config> => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-bench-scale-'));
  dirs.push(dataDir);
  return loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    DEMO: 'false',
    HARVEST_INTERVAL: '0',
    LOG_LEVEL: 'silent',
    // The visibility loop polls B's /sparql every 10 ms: past the default 300 a minute a 429 would count as "not visible yet".
    RATE_LIMIT_SPARQL: '0',
    HARVEST_ALLOWED_HOSTS: `${new URL(served.url).host},${new URL(small.origin).host}`,
    DATABASE_URL: env.TEST_DATABASE_URL!,
    DATABASE_SCHEMA: schema,
    SPARQL_STORE_URL: env.TEST_SPARQL_STORE_URL!,
    ...(env.TEST_SPARQL_STORE_GSP_URL ? { SPARQL_STORE_GSP_URL: env.TEST_SPARQL_STORE_GSP_URL } : {}),
    ...(env.TEST_SPARQL_STORE_UPDATE_URL ? { SPARQL_STORE_UPDATE_URL: env.TEST_SPARQL_STORE_UPDATE_URL } : {}),
    ...(env.TEST_SPARQL_STORE_USER ? { SPARQL_STORE_USER: env.TEST_SPARQL_STORE_USER, SPARQL_STORE_PASSWORD: env.TEST_SPARQL_STORE_PASSWORD ?? '' } : {}),
  });
};
const configA = await configOf();
let a: RunningServer = await startServer(configA, silentLogger);
const b: RunningServer = await startServer(await configOf(), silentLogger);
const { post, close: closePoster } = sparqlPoster();
try {
  const source = await a.catalog.harvest.register({ url: served.url, publisher: SNAPSHOT_PUBLISHER, name: 'synthetic' });
  let t = performance.now();
  const run = await a.catalog.harvest.harvest(source);
  const harvestMs = performance.now() - t;
  if (run.state !== 'succeeded') throw new Error(`harvest ${run.state}: ${JSON.stringify(run.error)}`);
  t = performance.now();
  await a.catalog.projector.sync();
  const syncMs = performance.now() - t;
  line(`first harvest into PostgreSQL: ${fmt(harvestMs / 1000, 1)} s (${fmt(N / (harvestMs / 1000))} datasets/s); Virtuoso and search caught up ${fmt(syncMs / 1000, 1)} s after it; load average ${load()}`);
  t = performance.now();
  const again = await a.catalog.harvest.harvest(source);
  const againMs = performance.now() - t;
  line(`unchanged re-harvest: ${fmt(againMs / 1000, 2)} s (${fmt(N / (againMs / 1000))} datasets/s; the source answered ${again.notModified === true ? '304 Not Modified' : 'in full'}, ${again.counts.unchanged} unchanged)`);

  t = performance.now();
  await a.close();
  line(`node A shut down in ${fmt((performance.now() - t) / 1000, 2)} s`);
  t = performance.now();
  a = await startServer(configA, silentLogger);
  for (;;) {
    const r = await fetch(`${a.url}/readyz`);
    const answer = await r.text();
    if (r.status === 200) break;
    // Fail clearly, naming what readiness waits for, instead of waiting for ever.
    if (performance.now() - t > 300_000) throw new Error(`node A not ready 300 s after its restart: ${answer}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  line(`node restart until /readyz answers 200: ${fmt((performance.now() - t) / 1000, 2)} s; load average ${load()}`);

  await forwardingTable({ ours: `${a.url}/sparql`, server: env.TEST_SPARQL_STORE_URL!, queries: catalogQueries(generator.datasetIri(N >> 1)), runs: RUNS, oursLabel: 'our /sparql', line });
  line(`load average after the queries: ${load()}`);

  // The two-node visibility delay: one record changed and harvested through A, until B's /sparql shows it.
  const one = await a.catalog.harvest.register({ url: small.url('/one.ttl'), publisher: SNAPSHOT_PUBLISHER, name: 'one record' });
  const delays: number[] = [];
  for (let k = 1; k <= CHANGES; k++) {
    small.set('/one.ttl', { body: smallDoc(k) });
    const r = await a.catalog.harvest.harvest(one);
    if (r.state !== 'succeeded') throw new Error(`single-record harvest ${r.state}: ${JSON.stringify(r.error)}`);
    const committed = performance.now();
    const q = `SELECT ?t { <https://bench.example.no/endres> <http://purl.org/dc/terms/title> ?t }`;
    for (;;) {
      const res = await post(`${b.url}/sparql`, q, 'application/sparql-query');
      if (res.status === 200 && res.body.includes(`"Endring ${k}"`)) break;
      if (performance.now() - committed > 30_000) throw new Error(`change ${k} not visible on node B within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    delays.push(performance.now() - committed);
  }
  line();
  line(`two-node visibility (harvest of one changed record through A committed → B's /sparql shows it), ${CHANGES} changes: p50 ${fmt(pct(delays, 50))} ms, p95 ${fmt(pct(delays, 95))} ms, max ${fmt(Math.max(...delays))} ms`);
  line(`peak RSS of this process (both nodes): ${fmt(rssMb())} MB; load average ${load()}`);
} finally {
  closePoster();
  await a.catalog.sparql!.rebuild((async function* () {})()).catch(() => undefined);
  await a.close();
  await b.close();
  await served.close();
  await small.close();
  const client = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

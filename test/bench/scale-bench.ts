/**
 * Issue 12's server-mode figures in one run: nodes on PostgreSQL (store and search) and Virtuoso (the published
 * graph). First harvest and unchanged re-harvest rate of a synthetic catalog through node A, with where the time
 * went (CPU of this process, of PostgreSQL and of Virtuoso over each phase), how long Virtuoso and search took to
 * catch up after the harvest, node A's restart until /readyz answers 200, the peak RSS of node A alone, then with
 * a second node B: the six catalog queries through A's /sparql ÷ Virtuoso directly (beside a bare Node HTTP hop to
 * Virtuoso, the floor of any forwarding: bare-proxy.ts), and the two-node visibility
 * delay (a single-record change harvested through A until B's /sparql shows it, p50 and p95 over `--changes`).
 * Needs both servers: `eval "$(.ci/start-postgres)"; eval "$(.ci/start-virtuoso)"` first (VIRTUOSO_DIR and
 * PG_TEST_DIR, when set, say where their pid files are, for the CPU figures).
 *
 *   npm run bench scale -- --datasets 10000 [--sources 1] [--per-page 1000] [--changes 100] [--runs 15] [--progress 10] [--catch-up-limit 0]
 *
 * `--sources K` splits the datasets over K sources (each its own synthetic catalog with its own publishers and
 * resource IRIs, served on its own port), harvested one after another as K runs, which is how a catalog of a
 * million datasets arrives (data.europa.eu harvests some hundred catalogs);
 * `--catch-up-limit S` waits at most S seconds (0: for ever) for Virtuoso and search to catch up after the harvest,
 * then reports how far they got and goes on with what is still behind (a node restarted then is counted ready
 * when the index lag is readiness's only problem, and the line says so);
 * `--per-page N` serves the catalog Hydra-paged, N datasets a page (0: one document); `--changes 0` and `--runs 0`
 * leave out the visibility and query parts (node B is then never started); a progress line goes out every
 * `--progress` seconds (harvested records, the indexes' lag behind the change log, RSS, load).
 * Everything runs in this one process (each node with its own connections, data directory and HTTP server; the
 * synthetic catalog's server too), so the peak RSS after node A's restart is one node's (plus the catalog
 * server's pages), and the last figure is two nodes'. An unchanged re-harvest is answered 304 by the served
 * catalog (ETag), which is what a publisher's unchanged server does.
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
import type { HarvestProgress } from '../../src/core/harvest-progress.js';
import { generateCatalog, serveCatalog } from '../support/synthetic-catalog.js';
import { catalogQueries, forwardingTable, sparqlPoster } from './support/catalog-queries.js';
import { serverCpuMs } from './support/server-cpu.js';
import { startBareProxy } from './support/bare-proxy.js';
import { SNAPSHOT_PUBLISHER } from './support/snapshot-publisher.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    sources: { type: 'string', default: '1' },
    'catch-up-limit': { type: 'string', default: '0' },
    'per-page': { type: 'string', default: '0' },
    changes: { type: 'string', default: '100' },
    runs: { type: 'string', default: '15' },
    progress: { type: 'string', default: '10' },
  },
});
const N = Number(values.datasets);
const SOURCES = Number(values.sources);
const CATCH_UP_LIMIT_MS = Number(values['catch-up-limit']) * 1000;
if (!Number.isInteger(SOURCES) || SOURCES < 1 || SOURCES > N) {
  console.error(`--sources must be a whole number from 1 to the number of datasets, got ${values.sources}`);
  process.exit(2);
}
const PER_PAGE = Number(values['per-page']);
const CHANGES = Number(values.changes);
const RUNS = Number(values.runs);
const PROGRESS_MS = Number(values.progress) * 1000;
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
const nowRssMb = (): number => process.memoryUsage.rss() / 2 ** 20;
const elapsed = (since: number): string => `${fmt((performance.now() - since) / 1000, 0)} s`;

/** CPU (s) of this process, PostgreSQL and Virtuoso, read at the start and end of a phase. */
const pgPidFile = path.join(env.PG_TEST_DIR ?? '/tmp/datakatalog-pg', 'data', 'postmaster.pid');
const virtuosoPidFile = path.join(env.VIRTUOSO_DIR ?? '/tmp/datakatalog-virtuoso', 'virtuoso.pid');
interface CpuMark {
  readonly ours: number;
  readonly postgres: number | undefined;
  readonly virtuoso: number | undefined;
  readonly at: number;
}
const cpuMark = (): CpuMark => {
  const u = process.cpuUsage();
  return { ours: (u.user + u.system) / 1e6, postgres: (serverCpuMs(pgPidFile) ?? NaN) / 1000, virtuoso: (serverCpuMs(virtuosoPidFile) ?? NaN) / 1000, at: performance.now() };
};
const cpuSince = (m: CpuMark): string => {
  const now = cpuMark();
  const part = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) ? 'not measured' : `${fmt(b - a, 1)} s`);
  return `CPU: this process ${part(m.ours, now.ours)}, PostgreSQL ${part(m.postgres, now.postgres)}, Virtuoso ${part(m.virtuoso, now.virtuoso)} over ${fmt((now.at - m.at) / 1000, 1)} s of wall time`;
};

line(`# Server-mode benchmark (PostgreSQL + Virtuoso): ${fmt(N)} datasets${SOURCES > 1 ? ` from ${SOURCES} sources` : ''}${PER_PAGE > 0 ? ` Hydra-paged, ${fmt(PER_PAGE)} a page` : ' in one document a source'}, ${CHANGES} single-record changes, node ${process.version}, load average ${load()}`);

/** Source k (0-based) holds its share of the datasets; with one source it is the catalog the bench always used. */
const sizeOf = (k: number): number => Math.floor(N / SOURCES) + (k < N % SOURCES ? 1 : 0);
const generators = Array.from({ length: SOURCES }, (_, k) =>
  generateCatalog({
    datasets: sizeOf(k),
    baseUrl: 'http://127.0.0.1',
    publishers: 12,
    ...(PER_PAGE > 0 ? { perPage: PER_PAGE } : {}),
    ...(SOURCES > 1 ? { seed: k + 1, resourceBase: `https://data.example.org/kilde-${k + 1}/` } : {}),
  }),
);
const generator = generators[0]!;
const servedAll = await Promise.all(generators.map((g) => serveCatalog(g)));
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
    HARVEST_ALLOWED_HOSTS: [...servedAll.map((s) => new URL(s.url).host), new URL(small.origin).host].join(','),
    // A synthetic catalog of a million datasets lists them all on its first page (its dcat:Catalog's dcat:dataset links).
    HARVEST_MAX_BYTES: String(Math.max(100e6, N * 200)),
    HARVEST_TIMEOUT: '600s',
    DATABASE_URL: env.TEST_DATABASE_URL!,
    DATABASE_SCHEMA: schema,
    SPARQL_STORE_URL: env.TEST_SPARQL_STORE_URL!,
    ...(env.TEST_SPARQL_STORE_GSP_URL ? { SPARQL_STORE_GSP_URL: env.TEST_SPARQL_STORE_GSP_URL } : {}),
    ...(env.TEST_SPARQL_STORE_UPDATE_URL ? { SPARQL_STORE_UPDATE_URL: env.TEST_SPARQL_STORE_UPDATE_URL } : {}),
    ...(env.TEST_SPARQL_STORE_USER ? { SPARQL_STORE_USER: env.TEST_SPARQL_STORE_USER, SPARQL_STORE_PASSWORD: env.TEST_SPARQL_STORE_PASSWORD ?? '' } : {}),
    // Set to compare the projection's write concurrency (default 2) against another.
    ...(env.SPARQL_STORE_WRITE_CONCURRENCY ? { SPARQL_STORE_WRITE_CONCURRENCY: env.SPARQL_STORE_WRITE_CONCURRENCY } : {}),
  });
};
/** Waits until a node started at `t` answers /readyz 200 (or, left catching up on purpose, only the index lag), and prints how long it took. */
async function untilReady(node: RunningServer, t: number, what: string, caughtUp: boolean): Promise<void> {
  const startedMs = performance.now() - t;
  let at10: string | undefined;
  for (;;) {
    const r = await fetch(`${node.url}/readyz`);
    const answer = await r.text();
    if (r.status === 200) break;
    // Left behind on purpose (--catch-up-limit): the node is up when the index lag is readiness's only complaint.
    if (!caughtUp && r.status === 503) {
      const problems = (JSON.parse(answer) as { problems?: string[] }).problems ?? [];
      if (problems.length > 0 && problems.every((p) => / index: \d+ changes behind the store/.test(p))) {
        line(`  (indexes still catching up: /readyz answers 503 with only the index lag: ${problems.join('; ')})`);
        break;
      }
    }
    // What readiness still waits for past the target (10 s), and a clear failure instead of waiting for ever.
    if (at10 === undefined && performance.now() - t > 10_000) at10 = answer;
    if (performance.now() - t > 300_000) throw new Error(`${what}: not ready 300 s after its start: ${answer}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  line(`${what} until /readyz answers 200: ${fmt((performance.now() - t) / 1000, 2)} s (startServer returned after ${fmt(startedMs / 1000, 2)} s); load average ${load()}`);
  if (at10 !== undefined) line(`  /readyz 10 s after the start: ${at10.slice(0, 600)}`);
}

const configA = await configOf();
let a: RunningServer = await startServer(configA, silentLogger);
let b: RunningServer | undefined;
const { post, close: closePoster } = sparqlPoster();

/** Prints a progress line every PROGRESS_MS while `work` runs. */
const withProgress = async <T>(what: string, work: Promise<T>, describe: () => Promise<string>): Promise<T> => {
  const started = performance.now();
  const timer = setInterval(() => {
    describe().then(
      (d) => line(`  … ${what}, ${elapsed(started)}: ${d}; RSS ${fmt(nowRssMb())} MB; load average ${load()}`),
      () => undefined,
    );
  }, PROGRESS_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
};
const lagText = async (node: RunningServer): Promise<string> =>
  Object.entries(await node.catalog.projector.lag())
    .filter(([name]) => name === 'sparql' || name === 'search')
    .map(([name, lag]) => `${name} ${fmt(lag)} behind`)
    .join(', ');

try {
  const sources = [];
  for (const [k, served] of servedAll.entries()) sources.push(await a.catalog.harvest.register({ url: served.url, publisher: SNAPSHOT_PUBLISHER, name: `synthetic ${k + 1}` }));
  let progress: HarvestProgress | undefined;
  let harvested = 0;
  let documents = 0;
  let mark = cpuMark();
  let t = performance.now();
  for (const [k, source] of sources.entries()) {
    progress = undefined;
    const run = await withProgress(
      SOURCES > 1 ? `first harvest, source ${k + 1} of ${SOURCES}` : 'first harvest',
      a.catalog.harvest.harvest(source, { onProgress: (p) => (progress = p) }),
      async () => {
        const p = progress;
        const done = p === undefined ? 'starting' : p.phase === 'reading' ? `reading, ${fmt(p.documents)} documents` : `${fmt(p.processed)} of ${fmt(p.records)} records`;
        return `${done}; ${fmt(harvested + (p?.processed ?? 0))} datasets in all (${fmt((harvested + (p?.processed ?? 0)) / ((performance.now() - t) / 1000))}/s overall); ${await lagText(a)}`;
      },
    );
    if (run.state !== 'succeeded') throw new Error(`harvest of source ${k + 1} ${run.state}: ${JSON.stringify(run.error)}`);
    harvested += sizeOf(k);
    documents += run.documents ?? 0;
    if (SOURCES > 1) line(`  source ${k + 1} of ${SOURCES} harvested: ${fmt(harvested)} datasets after ${elapsed(t)}; RSS ${fmt(nowRssMb())} MB; load average ${load()}`);
  }
  const harvestMs = performance.now() - t;
  line(`first harvest into PostgreSQL: ${fmt(harvestMs / 1000, 1)} s (${fmt(N / (harvestMs / 1000))} datasets/s, ${documents} documents${SOURCES > 1 ? `, ${SOURCES} runs` : ''}); ${cpuSince(mark)}; load average ${load()}`);
  line(`  at its end: ${await lagText(a)}`);
  mark = cpuMark();
  t = performance.now();
  const lagAtEnd = await a.catalog.projector.lag();
  const caughtUp = await withProgress(
    'Virtuoso and search catching up',
    CATCH_UP_LIMIT_MS > 0
      ? Promise.race([a.catalog.projector.sync().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), CATCH_UP_LIMIT_MS).unref())])
      : a.catalog.projector.sync().then(() => true),
    () => lagText(a),
  );
  const syncMs = performance.now() - t;
  if (caughtUp) {
    line(`Virtuoso and search caught up ${fmt(syncMs / 1000, 1)} s after it (harvest to all indexes current: ${fmt((harvestMs + syncMs) / 1000, 1)} s, ${fmt(N / ((harvestMs + syncMs) / 1000))} datasets/s); ${cpuSince(mark)}; load average ${load()}`);
  } else {
    const lagNow = await a.catalog.projector.lag();
    const rates = (['sparql', 'search'] as const)
      .map((name) => `${name} ${fmt(lagAtEnd[name] ?? 0)} → ${fmt(lagNow[name] ?? 0)} behind (${fmt(((lagAtEnd[name] ?? 0) - (lagNow[name] ?? 0)) / (syncMs / 1000), 1)} changes/s)`)
      .join(', ');
    line(`NOT caught up within --catch-up-limit ${fmt(CATCH_UP_LIMIT_MS / 1000)} s after the harvest: ${rates}; ${cpuSince(mark)}; load average ${load()}`);
  }
  mark = cpuMark();
  t = performance.now();
  let unchanged = 0;
  let notModified = 0;
  for (const source of sources) {
    const again = await a.catalog.harvest.harvest(source);
    unchanged += again.counts.unchanged;
    if (again.notModified === true) notModified++;
  }
  const againMs = performance.now() - t;
  line(`unchanged re-harvest: ${fmt(againMs / 1000, 2)} s (${fmt(N / (againMs / 1000))} datasets/s; ${notModified} of ${SOURCES} sources answered 304 Not Modified, ${unchanged} records counted unchanged); ${cpuSince(mark)}; load average ${load()}`);

  t = performance.now();
  await a.close();
  line(`node A shut down in ${fmt((performance.now() - t) / 1000, 2)} s`);
  t = performance.now();
  a = await startServer(configA, silentLogger);
  await untilReady(a, t, 'node restart', caughtUp);
  // A new node (an empty data directory) on the same engines: server mode keeps nothing on a node, so it builds nothing.
  t = performance.now();
  const c = await startServer(await configOf(), silentLogger);
  try {
    await untilReady(c, t, 'new node (empty DATA_DIR)', caughtUp);
    if (c.catalog.projector.rebuiltAtStart.size > 0) line(`  the new node rebuilt at start: ${[...c.catalog.projector.rebuiltAtStart].join(', ')}`);
  } finally {
    await c.close();
  }
  line(`peak RSS of this process with node A alone (harvest, catch-up, restart; the synthetic catalog's server included): ${fmt(rssMb())} MB; load average ${load()}`);

  if (!caughtUp && (RUNS > 0 || CHANGES > 0)) {
    // Queries beside a catch-up measure the catch-up, and a change reaches node B only after every change before it.
    line('queries and two-node visibility left out: Virtuoso and search are still catching up (--catch-up-limit)');
  } else if (RUNS > 0 || CHANGES > 0) b = await startServer(await configOf(), silentLogger);
  if (RUNS > 0) {
    const proxy = await startBareProxy(env.TEST_SPARQL_STORE_URL!);
    try {
      await forwardingTable({ ours: `${a.url}/sparql`, server: env.TEST_SPARQL_STORE_URL!, proxy: proxy.url, queries: catalogQueries(generator.datasetIri(sizeOf(0) >> 1)), runs: RUNS, oursLabel: 'our /sparql', line });
    } finally {
      await proxy.close();
    }
    line(`load average after the queries: ${load()}`);
  }

  // The two-node visibility delay: one record changed and harvested through A, until B's /sparql shows it.
  if (CHANGES > 0 && b !== undefined) {
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
  }
  if (b !== undefined) line(`peak RSS of this process (both nodes): ${fmt(rssMb())} MB; load average ${load()}`);
} finally {
  closePoster();
  await a.catalog.sparql!.rebuild((async function* () {})()).catch(() => undefined);
  await a.close();
  await b?.close();
  for (const served of servedAll) await served.close();
  await small.close();
  const client = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

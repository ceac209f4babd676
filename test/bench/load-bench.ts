/**
 * `npm run bench load`: issue 14's load run. The service runs in a process of its own on 127.0.0.1 (its
 * event-loop delay measured inside it); this process serves two synthetic DCAT-AP-NO catalogs over
 * loopback and is the load. Each client connects from an address of its own (127.0.0.2, 127.0.0.3, …, all
 * loopback), as real users come from addresses of their own: the service's per-client turns and limits
 * then see 51 clients, not one. Source A is harvested through the API with nothing else running (the
 * unloaded time); then source B is harvested through the API while 40 search/suggest clients, 10 cheap
 * SPARQL clients and one heavy SPARQL loop run, from the start of the harvest to its end (and the
 * SPARQL index catching up). Before the loaded phase the bench waits until every index holds every change
 * (/readyz's indexLag all 0): an engine may still be applying source A then. Every client is closed-loop (the next request when the last is answered),
 * and connects (GET /health) before the loaded phase; five new clients arrive 20 s into it, their first answer timed.
 *
 *   npm run bench load [-- --datasets 10000 --search-clients 40 --sparql-clients 10 --think-ms 0]
 *                      [--service-cpu-prof <dir>]   (a CPU profile of the service process, written when it stops)
 *                      [--unloaded-only]            (stop after the unloaded harvest: its time, event-loop delay and memory)
 *                      [--service-log <file>]       (the service's log, level info, JSON lines, to this file)
 *                      [--timeline]                 (per 5 s of the loaded phase: cheap SPARQL answers, their p95 and
 *                                                    slowest, and what the heavy loop got; wall-clock times match the log's)
 *                      [--warm-up]                  (one search, suggest and cheap SPARQL query, one after another, before the
 *                                                    loaded phase, their times printed: the first of each after opening pays
 *                                                    for caches a running service has long filled)
 *                      [--sources]                  (run the service from the TypeScript sources through tsx, as tests do;
 *                                                    by default it is built first and runs compiled, as `npm start` runs it:
 *                                                    tsx in every thread costs about 150 MiB and some CPU)
 *
 * Prints: errors and p50/p95 of search, suggest, cheap SPARQL; cheap SPARQL p95 / search p95; heavy
 * SPARQL outcomes; harvest time unloaded and loaded; the service's peak resident memory; the largest
 * event-loop delay under load; the machine's load average before and after (other work on the machine
 * counts against every figure).
 */
import { SNAPSHOT_PUBLISHER } from './support/snapshot-publisher.js';
import { execFileSync, fork } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCatalog, serveCatalog, type SyntheticCatalog } from '../support/synthetic-catalog.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    'search-clients': { type: 'string', default: '40' },
    'sparql-clients': { type: 'string', default: '10' },
    'think-ms': { type: 'string', default: '0' },
    'sparql-workers': { type: 'string' },
    'service-cpu-prof': { type: 'string' },
    'unloaded-only': { type: 'boolean', default: false },
    sources: { type: 'boolean', default: false },
    'service-log': { type: 'string' },
    timeline: { type: 'boolean', default: false },
    'warm-up': { type: 'boolean', default: false },
  },
});
const N = Number(values.datasets);
const SEARCH_CLIENTS = Number(values['search-clients']);
const SPARQL_CLIENTS = Number(values['sparql-clients']);
const THINK_MS = Number(values['think-ms']);
const TOKEN = 'load-bench-token-0123456789';
const line = (s = ''): void => console.log(s);
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(', ');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

if (!values.sources) {
  // What `npm start` runs: the compiled code, no TypeScript loader in the service's threads.
  process.stderr.write('building the service (tsc -p tsconfig.build.json) …\n');
  execFileSync(process.execPath, [path.join(import.meta.dirname, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: path.join(import.meta.dirname, '../..'), stdio: 'inherit' });
}
const loadBefore = load();
const a = generateCatalog({ datasets: N, perPage: 1000, baseUrl: 'http://127.0.0.1', publishers: 12, seed: 1, resourceBase: 'https://a.example.org/' });
const b = generateCatalog({ datasets: N, perPage: 1000, baseUrl: 'http://127.0.0.1', publishers: 12, seed: 2, resourceBase: 'https://b.example.org/' });
// Pages written before anything is measured: this process is also the load, and writing a page of 1 000
// datasets takes it 150-350 ms (loaded), in which no client's answer would be read.
const [servedA, servedB] = await Promise.all([serveCatalog(a, { pagesBuiltAhead: true }), serveCatalog(b, { pagesBuiltAhead: true })]);
const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-load-'));

const child = fork(path.join(import.meta.dirname, 'support/load-service-child.ts'), [], {
  execArgv: ['--import', 'tsx', ...(values['service-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['service-cpu-prof']}`] : [])],
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'false',
    HARVEST_INTERVAL: '0',
    // Forty clients on one address: the per-client rate limits would measure themselves, not the service.
    RATE_LIMIT_SEARCH: '0',
    RATE_LIMIT_SPARQL: '0',
    RATE_LIMIT_RECORDS: '0',
    HARVEST_ALLOWED_HOSTS: '127.0.0.1',
    HARVEST_MAX_PAGES: '100000',
    ADMIN_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
    LOAD_BENCH_COMPILED: values.sources ? '0' : '1',
    ...(values['service-log'] ? { LOAD_BENCH_LOG: path.resolve(values['service-log']) } : {}),
    ...(values['sparql-workers'] ? { SPARQL_WORKERS: values['sparql-workers'] } : {}),
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const replies: ((message: unknown) => void)[] = [];
child.on('message', (message) => replies.shift()?.(message));
const nextMessage = <T>(): Promise<T> => new Promise((resolve) => replies.push(resolve as (m: unknown) => void));
const ask = async <T>(message: string): Promise<T> => {
  const reply = nextMessage<T>();
  child.send(message);
  return reply;
};

interface ChildReport {
  readonly loop: { readonly maxMs: number; readonly p99Ms: number; readonly meanMs: number; readonly utilisation: number; readonly maxGcPauseMs: number };
  readonly peakRssMbSinceReset: number;
  readonly atPeak: { readonly heapMb: number; readonly externalMb: number };
  readonly peakRssMbEver: number;
  /** [second since the epoch, largest resident memory in it (MiB)] since the last reset. */
  readonly rssBySecond: readonly (readonly [number, number])[];
}

try {
  const { url: base } = await nextMessage<{ url: string }>();
  const admin = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
  const register = async (served: { url: string }, generator: SyntheticCatalog, name: string): Promise<string> => {
    const res = await fetch(`${base}/api/sources`, { method: 'POST', headers: admin, body: JSON.stringify({ url: served.url, publisher: SNAPSHOT_PUBLISHER, name }) });
    if (res.status !== 201) throw new Error(`registering ${name}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  /** Harvests a source through the API and waits for its run to end and the SPARQL index to hold its datasets. */
  let pollResets = 0;
  const harvest = async (id: string, generator: SyntheticCatalog): Promise<{ ms: number; state: string; added: number }> => {
    const t = performance.now();
    const started = await fetch(`${base}/api/sources/${id}/harvest`, { method: 'POST', headers: admin });
    if (started.status !== 202) throw new Error(`starting the harvest: ${started.status} ${await started.text()}`);
    const run = (await started.json()) as { id: string };
    let state = 'running';
    let added = 0;
    let lastProgress = performance.now();
    /** A progress line on stderr every 15 s, so a long run shows where it is. */
    const progress = (what: string): void => {
      if (performance.now() - lastProgress < 15_000) return;
      lastProgress = performance.now();
      process.stderr.write(`  … ${fmt((performance.now() - t) / 1000)} s: ${what}\n`);
    };
    while (state === 'running' || state === 'queued') {
      await sleep(500);
      const res = await fetch(`${base}/api/runs/${run.id}`).catch((error: unknown) => error as Error);
      if (res instanceof Error) {
        // A reset here means the service's event loop stalled past its keep-alive timeout: count it, go on.
        pollResets++;
        continue;
      }
      const r = (await res.json()) as { state: string; counts?: { added?: number } };
      state = r.state;
      added = r.counts?.added ?? 0;
      progress(`run ${state}, ${fmt(added)} added`);
    }
    // The last dataset answers in SPARQL: the index has caught up.
    const lastIri = generator.datasetIri(N - 1);
    for (;;) {
      const res = await fetch(`${base}/sparql?query=${encodeURIComponent(`ASK { <${lastIri}> ?p ?o }`)}`, { headers: { Accept: 'application/sparql-results+json' } }).catch(() => undefined);
      if (res?.ok && ((await res.json()) as { boolean: boolean }).boolean) break;
      progress(`run ${state}, ${fmt(added)} added; waiting for the SPARQL index (last answer ${res?.status ?? 'none'})`);
      await sleep(250);
    }
    return { ms: performance.now() - t, state, added };
  };

  // Wait for readiness (the index loads at start).
  while ((await fetch(`${base}/readyz`).catch(() => undefined))?.status !== 200) await sleep(250);

  // 1. Unloaded: source A alone.
  const idA = await register(servedA, a, 'load A');
  await ask('reset');
  const unloaded = await harvest(idA, a);
  line(`# Load run: ${fmt(N)} datasets per source, ${SEARCH_CLIENTS} search/suggest clients, ${SPARQL_CLIENTS} cheap SPARQL clients, 1 heavy SPARQL loop, think time ${THINK_MS} ms; node ${process.version}; service ${values.sources ? 'from the sources (tsx)' : 'compiled'}`);
  line(`load average before: ${loadBefore}`);
  const quiet = await ask<ChildReport>('report');
  line(`unloaded harvest of source A: ${fmt(unloaded.ms / 1000, 1)} s (${unloaded.state}, ${fmt(unloaded.added)} records added) — load average now ${load()}`);
  line(`  service event-loop delay during it: max ${fmt(quiet.loop.maxMs, 1)} ms, p99 ${fmt(quiet.loop.p99Ms, 1)} ms, loop busy ${fmt(100 * quiet.loop.utilisation)} %; peak resident memory ${fmt(quiet.peakRssMbSinceReset)} MiB (main thread's heap ${fmt(quiet.atPeak.heapMb)}, external ${fmt(quiet.atPeak.externalMb)}); connections reset while polling: ${pollResets}`);

  if (values['unloaded-only']) process.exit(await stopService());

  // The harvest's time ends when one engine answers for its last dataset; the other engine may still be
  // applying it (at 10 000 datasets, idle: thousands of graphs behind). The loaded phase starts once every
  // index holds every change, so it measures source B's harvest, not the rest of A's.
  const settleStarted = performance.now();
  for (;;) {
    const ready = (await (await fetch(`${base}/readyz`)).json().catch(() => ({}))) as { indexLag?: Record<string, number> };
    if (ready.indexLag !== undefined && Object.values(ready.indexLag).every((lag) => lag === 0)) break;
    await sleep(250);
  }
  line(`every index held every change ${fmt((performance.now() - settleStarted) / 1000, 1)} s after that (the loaded phase starts then)`);

  // 2. Loaded: source B harvested while the clients run, from its start to its end.
  interface Class {
    readonly ms: number[];
    /** Wall-clock time (ms since the epoch) each answer came, beside ms. */
    readonly at: number[];
    readonly status: string[];
    errors: number;
    readonly statuses: Map<string, number>;
  }
  const classes: Record<'search' | 'suggest' | 'cheap SPARQL' | 'heavy SPARQL', Class> = {
    search: { ms: [], at: [], status: [], errors: 0, statuses: new Map() },
    suggest: { ms: [], at: [], status: [], errors: 0, statuses: new Map() },
    'cheap SPARQL': { ms: [], at: [], status: [], errors: 0, statuses: new Map() },
    'heavy SPARQL': { ms: [], at: [], status: [], errors: 0, statuses: new Map() },
  };
  let running = true;
  /** A GET from the client's own loopback address, its body read to the end: the status, or the error's name. */
  const get = (url: string, agent: http.Agent, headers: Record<string, string>): Promise<string> =>
    new Promise((resolve) => {
      const req = http.get(url, { agent, headers, timeout: 120_000 }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('error', (error) => resolve(error.name));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })));
      req.on('error', (error) => resolve(error.name));
    });
  let clientCount = 0;
  /** A keep-alive agent bound to the next loopback address (127.0.0.2 upwards): one per client. */
  const clientAgent = (): http.Agent => new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${2 + clientCount++}` } as http.AgentOptions);
  const timed = async (kind: keyof typeof classes, url: string, agent: http.Agent, headers: Record<string, string> = {}): Promise<void> => {
    const c = classes[kind];
    const t = performance.now();
    const status = await get(url, agent, headers);
    if (!/^2\d\d$/.test(status)) c.errors++;
    c.ms.push(performance.now() - t);
    c.at.push(Date.now());
    c.status.push(status);
    c.statuses.set(status, (c.statuses.get(status) ?? 0) + 1);
    if (THINK_MS > 0) await sleep(THINK_MS);
  };
  const WORDS = ['befolkning', 'luftkvalitet', 'barnehage', 'skole', 'arbeidsledighet', 'vann', 'kart', 'statistikk', 'helse', 'trafikk', 'klima', 'eiendom'];
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const JSON_RESULTS = { Accept: 'application/sparql-results+json' };
  // Every client connects (one GET /health on its keep-alive connection) before the loaded phase: a busy
  // service takes one new connection per turn of its event loop (libuv ≥ 1.45 accepts one at a time), so 51
  // clients connecting at the start of the loaded phase waited up to 10 s for their first answer, which
  // measured the accept queue, not the service under load. A new client's wait is printed on its own.
  const connect = async (): Promise<http.Agent> => {
    const agent = clientAgent();
    const status = await get(`${base}/health`, agent, {});
    if (status !== '200') throw new Error(`a client could not connect before the loaded phase: ${status}`);
    return agent;
  };
  const searchClient = async (agent: http.Agent, i: number): Promise<void> => {
    for (let k = 0; running; k++) {
      const word = WORDS[(i + k) % WORDS.length]!;
      if (k % 2 === 0) await timed('search', `${base}/api/search?q=${encodeURIComponent(word)}&size=10`, agent);
      else await timed('suggest', `${base}/api/suggest?q=${encodeURIComponent(word.slice(0, 3 + (k % 3)))}`, agent);
    }
    agent.destroy();
  };
  const cheapClient = async (agent: http.Agent): Promise<void> => {
    while (running) {
      const iri = a.datasetIri(random(N));
      const query = `SELECT ?title WHERE { <${iri}> <http://purl.org/dc/terms/title> ?title }`;
      await timed('cheap SPARQL', `${base}/sparql?query=${encodeURIComponent(query)}`, agent, JSON_RESULTS);
    }
    agent.destroy();
  };
  const heavyLoop = async (agent: http.Agent): Promise<void> => {
    for (let i = 0; running; i++) {
      const query = `SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c != "${i}") }`;
      await timed('heavy SPARQL', `${base}/sparql?query=${encodeURIComponent(query)}`, agent, JSON_RESULTS);
    }
    agent.destroy();
  };

  if (values['warm-up']) {
    const agent = clientAgent();
    const first: string[] = [];
    for (const kind of ['search', 'suggest', 'cheap SPARQL'] as const) {
      const t = performance.now();
      const url =
        kind === 'search'
          ? `${base}/api/search?q=${WORDS[0]}&size=10`
          : kind === 'suggest'
            ? `${base}/api/suggest?q=${WORDS[0]!.slice(0, 3)}`
            : `${base}/sparql?query=${encodeURIComponent(`SELECT ?title WHERE { <${a.datasetIri(0)}> <http://purl.org/dc/terms/title> ?title }`)}`;
      const status = await get(url, agent, kind === 'cheap SPARQL' ? JSON_RESULTS : {});
      first.push(`${kind} ${fmt(performance.now() - t)} ms (${status})`);
    }
    agent.destroy();
    line(`warm-up, the first request of each kind after opening: ${first.join(', ')}`);
  }
  const connectStarted = performance.now();
  const agents = await Promise.all(Array.from({ length: SEARCH_CLIENTS + SPARQL_CLIENTS + 1 }, () => connect()));
  line(`${fmt(agents.length)} clients connected (one keep-alive connection each) in ${fmt((performance.now() - connectStarted) / 1000, 1)} s before the loaded phase`);
  const idB = await register(servedB, b, 'load B');
  const waitsBefore = await engineWaits(base);
  await ask('reset');
  const ownLoop = monitorEventLoopDelay({ resolution: 10 });
  ownLoop.enable();
  const loadDuring: string[] = [];
  const loadSampler = setInterval(() => loadDuring.push(load()), 30_000);
  const clients = [
    ...Array.from({ length: SEARCH_CLIENTS }, (_, i) => searchClient(agents[i]!, i)),
    ...Array.from({ length: SPARQL_CLIENTS }, (_, i) => cheapClient(agents[SEARCH_CLIENTS + i]!)),
    heavyLoop(agents[SEARCH_CLIENTS + SPARQL_CLIENTS]!),
  ];
  // 20 s into the loaded phase, five new clients arrive at once: how long each waits for its first answer (connection included).
  const newcomers = sleep(20_000).then(() =>
    Promise.all(
      Array.from({ length: 5 }, async () => {
        const agent = clientAgent();
        const t = performance.now();
        const status = await get(`${base}/health`, agent, {});
        agent.destroy();
        return { ms: performance.now() - t, status };
      }),
    ),
  );
  const loaded = await harvest(idB, b);
  running = false;
  clearInterval(loadSampler);
  const report = await ask<ChildReport>('report');
  const waitsAfter = await engineWaits(base);
  await Promise.race([Promise.all(clients), sleep(5_000)]); // the heavy loop's last query may run to its limit

  const pct = (xs: number[], p: number): number => {
    const sorted = [...xs].sort((x, y) => x - y);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  };
  line(`loaded harvest of source B: ${fmt(loaded.ms / 1000, 1)} s (${loaded.state}, ${fmt(loaded.added)} records added) = ${fmt(loaded.ms / unloaded.ms, 1)}× unloaded (target ≤ 4×)`);
  line();
  line(`${'class'.padEnd(14)} ${'requests'.padStart(9)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  statuses`);
  for (const [name, c] of Object.entries(classes)) {
    const statuses = [...c.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
    line(`${name.padEnd(14)} ${fmt(c.ms.length).padStart(9)} ${fmt(c.errors).padStart(7)} ${fmt(pct(c.ms, 50)).padStart(8)} ${fmt(pct(c.ms, 95)).padStart(8)}  ${statuses}`);
  }
  line();
  line(`cheap SPARQL p95 / search p95: ${fmt(pct(classes['cheap SPARQL'].ms, 95) / pct(classes.search.ms, 95), 2)} (target ≤ 2)`);
  line(`service peak resident memory: ${fmt(report.peakRssMbSinceReset)} MiB under load, ${fmt(report.peakRssMbEver)} MiB over the whole run (target ≤ 1 536)`);
  line(`  at the peak under load, the main thread's heap ${fmt(report.atPeak.heapMb)} MiB and external ${fmt(report.atPeak.externalMb)} MiB; the rest is worker threads (validation, SPARQL replicas), engines and native caches`);
  line(`service event-loop delay under load: max ${fmt(report.loop.maxMs, 1)} ms, p99 ${fmt(report.loop.p99Ms, 1)} ms, mean ${fmt(report.loop.meanMs, 1)} ms (target: max ≤ 100 ms); loop busy ${fmt(100 * report.loop.utilisation)} % of the time (near 100 %: the delay is requests queued behind each other, not one long task); longest garbage-collection pause ${fmt(report.loop.maxGcPauseMs, 1)} ms`);
  line(`load average during (every 30 s): ${loadDuring.join(' | ') || '-'}; after: ${load()}`);
  ownLoop.disable();
  line(`the load generator's own event-loop delay (in every answer time above): max ${fmt(ownLoop.max / 1e6, 1)} ms, p99 ${fmt(ownLoop.percentile(99) / 1e6, 1)} ms, mean ${fmt(ownLoop.mean / 1e6, 1)} ms`);
  const arrived = await Promise.race([newcomers, sleep(0).then(() => undefined)]);
  line(
    arrived === undefined
      ? 'five new clients arriving 20 s into the loaded phase: not all answered before it ended'
      : `five new clients arriving 20 s into the loaded phase, their first answer (GET /health, connection included): ${arrived.map((n) => `${fmt(n.ms)} ms (${n.status})`).join(', ')}`,
  );
  line(`SPARQL queries' wait for an engine under load (datakatalog_sparql_engine_wait_seconds): ${printWaits(waitsBefore, waitsAfter)}`);
  if (values.timeline) printTimeline(classes['cheap SPARQL'], classes['heavy SPARQL'], classes.search, report.rssBySecond, pct);
} finally {
  await stopService();
}

/** The service's engine-wait histogram: cumulative count per cost and upper bound (seconds; Infinity for +Inf). */
async function engineWaits(base: string): Promise<Map<string, Map<number, number>>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const waits = new Map<string, Map<number, number>>();
  for (const m of text.matchAll(/^datakatalog_sparql_engine_wait_seconds_bucket\{le="([^"]+)",cost="([^"]+)"\} (\d+)$/gm)) {
    const byBound = waits.get(m[2]!) ?? new Map<number, number>();
    byBound.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[3]));
    waits.set(m[2]!, byBound);
  }
  return waits;
}

/** Per cost: queries started in the phase, and how many waited more than 0.1, 0.5 and 1 s. */
function printWaits(before: Map<string, Map<number, number>>, after: Map<string, Map<number, number>>): string {
  const parts: string[] = [];
  for (const [cost, byBound] of after) {
    const count = (bound: number): number => (byBound.get(bound) ?? 0) - (before.get(cost)?.get(bound) ?? 0);
    const all = count(Infinity);
    if (all === 0) continue;
    parts.push(`${cost} ${fmt(all)} (over 0.1 s ${fmt(all - count(0.1))}, over 0.5 s ${fmt(all - count(0.5))}, over 1 s ${fmt(all - count(1))})`);
  }
  return parts.join('; ') || 'none';
}

/** Per 5 s window: cheap SPARQL answers, p95 and slowest; search p95; the service's largest resident memory; what the heavy loop got in it (status and duration). */
function printTimeline(
  cheap: { ms: number[]; at: number[] },
  heavy: { ms: number[]; at: number[]; status: string[] },
  search: { ms: number[]; at: number[] },
  rssBySecond: readonly (readonly [number, number])[],
  pct: (xs: number[], p: number) => number,
): void {
  const all = [...cheap.at, ...heavy.at, ...search.at];
  if (all.length === 0) return;
  const start = Math.min(...all);
  const byWindow = (c: { ms: number[]; at: number[] }): Map<number, number[]> => {
    const windows = new Map<number, number[]>();
    c.at.forEach((at, i) => {
      const w = Math.floor((at - start) / 5000);
      if (w < 0) return;
      const list = windows.get(w) ?? [];
      list.push(c.ms[i]!);
      windows.set(w, list);
    });
    return windows;
  };
  const windows = byWindow(cheap);
  const searchWindows = byWindow(search);
  const last = Math.floor((Math.max(...all) - start) / 5000);
  line();
  line(`timeline from ${new Date(start).toISOString()} (answer times):`);
  const rssMax = new Map<number, number>();
  for (const [second, mb] of rssBySecond) {
    const w = Math.floor((second * 1000 - start) / 5000);
    rssMax.set(w, Math.max(rssMax.get(w) ?? 0, mb));
  }
  line(`${'window'.padEnd(10)} ${'cheap'.padStart(6)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'search p95'.padStart(10)} ${'RSS MiB'.padStart(8)}  heavy answers`);
  for (let w = 0; w <= last; w++) {
    const ms = windows.get(w) ?? [];
    const heavyHere = heavy.at.map((at, i) => ({ at, i })).filter(({ at }) => Math.floor((at - start) / 5000) === w).map(({ i }) => `${heavy.status[i]} after ${fmt(heavy.ms[i]! / 1000, 1)} s`);
    line(`${`${w * 5}-${w * 5 + 5} s`.padEnd(10)} ${fmt(ms.length).padStart(6)} ${fmt(pct(ms, 95)).padStart(8)} ${fmt(ms.length ? Math.max(...ms) : NaN).padStart(8)} ${fmt(pct(searchWindows.get(w) ?? [], 95)).padStart(10)} ${fmt(rssMax.get(w) ?? NaN).padStart(8)}  ${heavyHere.join(', ')}`);
  }
}

/** Stops the service (it writes its CPU profile, if asked for, as it exits) and cleans up; the exit code. */
async function stopService(): Promise<number> {
  if (child.exitCode === null) {
    child.send('stop');
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(30_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await Promise.all([servedA.close(), servedB.close()]);
  await rm(dataDir, { recursive: true, force: true });
  return 0;
}

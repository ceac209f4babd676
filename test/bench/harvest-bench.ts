/**
 * Issue 2's figures: first harvest, unchanged re-harvest, the six catalog queries through /sparql and
 * directly on oxigraph, and a restart of the compiled service until SPARQL answers, with its peak RSS.
 * First (issue 6), the harvest of one document against the time n3 takes to parse it in the same run:
 * the first harvest and the content-unchanged re-harvest without validators as ratios (the same bytes, and
 * the same graph in other bytes: subjects reordered, blank nodes relabelled), and the peak
 * RSS of a CLI harvest of one document at a quarter of the size and at full size (KB per dataset), and,
 * from a separate run that collects garbage every 100 ms, the main thread's live heap at both sizes
 * (what the harvest keeps per dataset, apart from garbage V8 has not collected yet).
 *
 *   npm run bench harvest -- --datasets 10000
 *   npm run bench harvest -- --datasets 100000 [--per-page 1000] [--runs 15] [--ratio-datasets 20000|0]
 *   npm run bench harvest -- --ratio-only [--ratio-datasets 20000] [--paged-datasets 5000 --paged-per-page 250|0] [--compiled]
 *     (only the ratios, the peaks and the paged peak; no build needed, except with --compiled: the harvest
 *     children then run dist/ as the installed CLI does, in a plain node, instead of the sources through tsx)
 *
 * The paged section harvests the same catalog served over loopback HTTP once as one page and once
 * Hydra-paged, each in a child process, and prints both peaks: a paged source's peak should not grow
 * with its number of pages.
 *
 * A synthetic DCAT-AP-NO catalog (about 27 quads per dataset, nb/nn/en, several publishers, themes and
 * formats; test/support/synthetic-catalog.ts) is served over loopback HTTP with Hydra paging and
 * harvested through the real pipeline: fetch → parse → split → hash → validate → store → SPARQL index.
 */
import { catalogQueries } from './support/catalog-queries.js';
import { compileChild } from './support/compiled-child.js';
import { rewrittenTurtle } from './support/rewritten-turtle.js';
import { SNAPSHOT_PUBLISHER } from './support/snapshot-publisher.js';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Parser } from 'n3';
import ox from 'oxigraph';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { PROJECT_ROOT, startServer } from '../../src/main.js';
import { recordGraph } from '../../src/projection/sparql-projection.js';
import { qualityMeasurementNTriples } from '../../src/rdf/quality-assessment.js';
import { recordQuality } from '../../src/rdf/record-quality.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { validationWorkerCount } from '../../src/validation/validation-worker-count.js';
import { generateCatalog, serveCatalog } from '../support/synthetic-catalog.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000' },
    'per-page': { type: 'string', default: '1000' },
    runs: { type: 'string', default: '15' },
    'sparql-workers': { type: 'string' },
    /** VALIDATION_WORKERS of the harvests; unset, the configuration's default (auto: 1 on 2 cores, else 2). */
    'validation-workers': { type: 'string' },
    'ratio-datasets': { type: 'string', default: '20000' },
    'ratio-only': { type: 'boolean', default: false },
    /** The ratio and paged children harvest with the compiled code in dist/ (as `datakatalog harvest` runs), not the sources through tsx. */
    compiled: { type: 'boolean', default: false },
    'paged-datasets': { type: 'string', default: '5000' },
    'paged-per-page': { type: 'string', default: '250' },
  },
});
const N = Number(values.datasets);
const validationWorkersEnv = values['validation-workers'] !== undefined ? { VALIDATION_WORKERS: values['validation-workers'] } : {};
const VALIDATION_WORKERS = validationWorkerCount(values['validation-workers'] !== undefined ? Number(values['validation-workers']) : 'auto');
const RUNS = Number(values.runs);

const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (s = ''): void => console.log(s);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

interface ChildLine { label: string; ms: number; cpuMs: number; notModified: boolean; threads: { main: number; others: number[] }; peakRssKb: number; baseRssKb: number; liveHeapPeakKb?: number }

/** --compiled: the compiled code must be at least as new as every source file, or the figures would be another code's. */
function assertBuilt(): void {
  const built = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(built)) throw new Error('--compiled needs the compiled code: npm run build');
  const builtAt = statSync(built).mtimeMs;
  for (const dir of ['src', 'harvesters']) {
    for (const entry of readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts')) continue;
      if (statSync(path.join(PROJECT_ROOT, dir, entry)).mtimeMs > builtAt) throw new Error(`--compiled: ${dir}/${entry} is newer than dist/; run npm run build first`);
    }
  }
}

/** Runs the harvest child (support/harvest-document-child.ts) on a file or a loopback URL, without blocking this process (it may be serving the pages). */
async function harvestInChild(fileOrUrl: string, dataDir: string, liveHeapSampleMs = 0, rewrites: readonly string[] = []): Promise<ChildLine[]> {
  const gcFlag = liveHeapSampleMs > 0 ? ['--expose-gc'] : [];
  // --compiled: the child compiled too, in a plain node (no tsx loader), as the installed CLI runs.
  const entry = compiledChild !== undefined ? [compiledChild] : ['--import', 'tsx', CHILD];
  const child = spawn(process.execPath, [...gcFlag, ...entry, fileOrUrl, SNAPSHOT_PUBLISHER, dataDir], {
    env: { ...process.env, ...validationWorkersEnv, ...(values.compiled ? { HARVEST_COMPILED: path.join(PROJECT_ROOT, 'dist') } : {}), ...(liveHeapSampleMs > 0 ? { LIVE_HEAP_SAMPLE_MS: String(liveHeapSampleMs) } : {}), ...(rewrites.length > 0 ? { HARVEST_REWRITES: rewrites.join(',') } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the harvest child exited with ${code}`);
  return out.trim().split('\n').map((l) => JSON.parse(l) as ChildLine);
}

/** `main 3.1 s + workers 2.9, 2.8 s + other threads 4.4 s`: where the CPU of a child's harvest went. */
function threadsText(t: ChildLine['threads'], workers: number): string {
  const others = t.others.slice(workers).reduce((a, b) => a + b, 0);
  return `main thread ${fmt(t.main / 1000, 1)} s, next ${workers} threads (validation workers) ${t.others.slice(0, workers).map((ms) => fmt(ms / 1000, 1)).join(' + ')} s, other threads (GC, I/O) ${fmt(others / 1000, 1)} s`;
}

if (values.compiled) assertBuilt();
const CHILD = path.join(PROJECT_ROOT, 'test/bench/support/harvest-document-child.ts');
const childDir = values.compiled ? await mkdtemp(path.join(tmpdir(), 'dk-child-')) : undefined;
if (childDir !== undefined) process.on('exit', () => rmSync(childDir, { recursive: true, force: true }));
const compiledChild = childDir !== undefined ? await compileChild(CHILD, [path.join(PROJECT_ROOT, 'test/bench/support/thread-cpu.ts')], childDir) : undefined;
line(`# Harvest benchmark: ${fmt(N)} datasets, ${values['per-page']} per page, node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${VALIDATION_WORKERS} validation worker(s)`);
line(`harvest children run ${values.compiled ? 'the compiled code (dist/) in a plain node, as the installed CLI does' : 'the TypeScript sources through tsx (--compiled: the compiled code, as the installed CLI runs)'}`);

// 0. One document harvested from the CLI path, against n3's parse of the same document in this run.
const RATIO_N = Number(values['ratio-datasets']);
if (RATIO_N > 0) {
  const harvestDocument = async (
    datasets: number,
    withRewrites = false,
  ): Promise<{ parseMs: number; parseCpuMs: number; mb: number; first: ChildLine; unchanged: ChildLine; rewrites: ChildLine[]; liveKb: number }> => {
    const gen = generateCatalog({ datasets, baseUrl: 'http://127.0.0.1', publishers: 12 });
    const text = gen.page(1);
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-ratio-'));
    const file = path.join(dir, 'catalog.ttl');
    writeFileSync(file, text);
    const parses: number[] = [];
    const parseCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      if (new Parser().parse(text).length === 0) throw new Error('the synthetic document parsed to nothing');
      parses.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      parseCpu.push((c.user + c.system) / 1000);
    }
    // Five documents with the same graph in other bytes, harvested after the first two runs: the first finds the same
    // records (so the next keys its payload), the second makes the key, the last three are the same graph again (the
    // figure is their median, as the parse's is).
    const rewrites = withRewrites ? await Promise.all([1, 2, 3, 4, 5].map(async (seed) => {
      const rewritten = path.join(dir, `rewrite-${seed}.ttl`);
      writeFileSync(rewritten, await rewrittenTurtle(text, seed));
      return rewritten;
    })) : [];
    const [first, unchanged, ...rewritten] = await harvestInChild(file, path.join(dir, 'data'), 0, rewrites);
    writeFileSync(file, text);
    // Once more into a fresh data directory, for memory only: what the main thread's heap holds after a full GC every 100 ms.
    const [live] = await harvestInChild(file, path.join(dir, 'live'), 100);
    await rm(dir, { recursive: true, force: true });
    return { parseMs: median(parses), parseCpuMs: median(parseCpu), mb: Buffer.byteLength(text) / 1e6, first: first!, unchanged: unchanged!, rewrites: rewritten, liveKb: live!.liveHeapPeakKb! };
  };
  const small = await harvestDocument(Math.round(RATIO_N / 4));
  const full = await harvestDocument(RATIO_N, true);
  const perDatasetKb = (full.first.peakRssKb - small.first.peakRssKb) / (RATIO_N - Math.round(RATIO_N / 4));
  line(`## One ${fmt(RATIO_N)}-dataset document (${fmt(full.mb, 1)} MB Turtle), CLI path, against n3's parse of it in this run`);
  line(`load average at the start: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} (on a busy machine, compare the CPU-time ratios)`);
  line(`n3 parse: ${fmt(full.parseMs)} ms wall, ${fmt(full.parseCpuMs)} ms CPU (median of 3)`);
  line(
    `first harvest (read, split, hash, validate, store, search index): ${fmt(full.first.ms / 1000, 1)} s = ${fmt(full.first.ms / full.parseMs, 1)}× the parse (target ≤ 15×); ` +
      `CPU of all threads ${fmt(full.first.cpuMs / 1000, 1)} s = ${fmt(full.first.cpuMs / full.parseCpuMs, 1)}× the parse's CPU`,
  );
  line(
    `content-unchanged re-harvest, no ETag/Last-Modified: ${fmt(full.unchanged.ms / 1000, 1)} s = ${fmt(full.unchanged.ms / full.parseMs, 1)}× the parse (target ≤ 2×); ` +
      `CPU ${fmt(full.unchanged.cpuMs / full.parseCpuMs, 1)}× the parse's`,
  );
  const [rewriteFirst, rewriteKeyed, ...rewriteAgain] = full.rewrites;
  const times = (l: ChildLine): string => `${fmt(l.ms / 1000, 1)} s = ${fmt(l.ms / full.parseMs, 1)}×${l.notModified ? '' : ', split'}`;
  const againMs = median(rewriteAgain.map((l) => l.ms));
  const againCpuMs = median(rewriteAgain.map((l) => l.cpuMs));
  const split = rewriteAgain.filter((l) => !l.notModified).length;
  line(
    `content-unchanged re-harvest, other bytes (subjects reordered, blank nodes relabelled, as a server that writes its catalog anew sends it): ` +
      `${fmt(againMs / 1000, 1)} s = ${fmt(againMs / full.parseMs, 1)}× the parse (target ≤ 2×), CPU ${fmt(againCpuMs / full.parseCpuMs, 1)}× the parse's ` +
      `(median of ${rewriteAgain.length}: ${rewriteAgain.map((l) => fmt(l.ms / 1000, 1)).join(', ')} s), ${split === 0 ? 'none split' : `${split} split`}; ` +
      `the two rewrites before them: ${times(rewriteFirst!)} (after the first harvest), ${times(rewriteKeyed!)} (keying the payload)`,
  );
  line(
    `peak RSS of the CLI harvest: ${fmt(small.first.peakRssKb / 1024)} MiB for ${fmt(Math.round(RATIO_N / 4))} datasets, ${fmt(full.first.peakRssKb / 1024)} MiB for ${fmt(RATIO_N)} ` +
      `→ ${fmt(perDatasetKb, 1)} KB per dataset above a base of ${fmt((small.first.peakRssKb - perDatasetKb * Math.round(RATIO_N / 4)) / 1024)} MiB (target ≤ 10 KB); process start ${fmt(full.first.baseRssKb / 1024)} MiB`,
  );
  const liveSmallN = Math.round(RATIO_N / 4);
  line(
    `live main-thread heap (after a full GC every 100 ms, a separate run): peak ${fmt(small.liveKb / 1024)} MiB for ${fmt(liveSmallN)} datasets, ${fmt(full.liveKb / 1024)} MiB for ${fmt(RATIO_N)} ` +
      `→ ${fmt((full.liveKb - small.liveKb) / (RATIO_N - liveSmallN), 1)} KB per dataset kept; the RSS peak grows beyond that with garbage not yet collected in the main and worker heaps`,
  );
  line(`CPU of the first harvest by thread: ${threadsText(full.first.threads, VALIDATION_WORKERS)}`);
  line();
}

// 0b. A Hydra-paged source against the same datasets as one page, both served over loopback HTTP.
const PAGED_N = Number(values['paged-datasets']);
const PER_PAGE = Number(values['paged-per-page']);
if (PAGED_N > 0 && PER_PAGE > 0) {
  const peakOf = async (perPage: number | undefined): Promise<{ line: ChildLine; pages: number }> => {
    const gen = generateCatalog({ datasets: PAGED_N, baseUrl: 'http://127.0.0.1', publishers: 12, ...(perPage !== undefined ? { perPage } : {}) });
    const servedPages = await serveCatalog(gen);
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-paged-'));
    try {
      const [first] = await harvestInChild(servedPages.url, path.join(dir, 'data'));
      return { line: first!, pages: gen.pageCount };
    } finally {
      await servedPages.close();
      await rm(dir, { recursive: true, force: true });
    }
  };
  const one = await peakOf(undefined);
  const paged = await peakOf(PER_PAGE);
  line(`## A Hydra-paged source: the same ${fmt(PAGED_N)} datasets served as 1 page and as ${fmt(paged.pages)} pages of ${fmt(PER_PAGE)}, harvested over loopback HTTP`);
  line(`load average at the start: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  line(
    `peak RSS: 1 page ${fmt(one.line.peakRssKb / 1024)} MiB (${fmt(one.line.ms / 1000, 1)} s), ${fmt(paged.pages)} pages ${fmt(paged.line.peakRssKb / 1024)} MiB (${fmt(paged.line.ms / 1000, 1)} s): ` +
      `paged − one page = ${fmt((paged.line.peakRssKb - one.line.peakRssKb) / 1024)} MiB`,
  );
  line();
}
if (values['ratio-only']) process.exit(0);
const generator = generateCatalog({ datasets: N, perPage: Number(values['per-page']), baseUrl: 'http://127.0.0.1', publishers: 12 });
const served = await serveCatalog(generator);
const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-bench-'));
const env = {
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  DEMO: 'false',
  HARVEST_INTERVAL: '0',
  HARVEST_ALLOWED_HOSTS: '127.0.0.1',
  HARVEST_MAX_PAGES: '100000',
  ...validationWorkersEnv,
  LOG_LEVEL: 'warn',
  // Query e answers a row per dataset (and f pages through them): past the default cap of 50 000 at 100 000 datasets.
  SPARQL_MAX_ROWS: String(Math.max(50_000, N * 2)),
  ...(values['sparql-workers'] ? { SPARQL_WORKERS: values['sparql-workers'] } : {}),
};
const config = loadConfig(env);
const server = await startServer(config, silentLogger);
const { catalog } = server;
const source = await catalog.harvest.register({ url: served.url, publisher: SNAPSHOT_PUBLISHER, name: 'synthetic' });

// 1. First harvest: until the run is over and the SPARQL index holds every record.
let t = performance.now();
const first = await catalog.harvest.harvest(source);
const harvestMs = performance.now() - t;
await catalog.projector.sync();
const firstMs = performance.now() - t;
if (first.state !== 'succeeded') throw new Error(`first harvest ${first.state}: ${first.error}`);
const quads = await catalog.sparql!.size();
line(`first harvest: ${fmt(first.counts.added)} records (${fmt(first.counts.invalid)} with violations) in ${fmt(firstMs / 1000, 1)} s → ${fmt(N / (firstMs / 1000))} datasets/s (pipeline ${fmt(harvestMs / 1000, 1)} s, index catch-up ${fmt((firstMs - harvestMs) / 1000, 1)} s); ${fmt(quads)} quads indexed; bench process RSS ${fmt(process.memoryUsage().rss / 2 ** 20)} MiB`);

// 2. Unchanged re-harvest.
const before = served.requests;
t = performance.now();
const again = await catalog.harvest.harvest(source);
await catalog.projector.sync();
const againMs = performance.now() - t;
line(`unchanged re-harvest: ${again.notModified ? 'not modified' : 'read again'}, ${fmt(again.counts.unchanged)} unchanged in ${fmt(againMs, 0)} ms → ${fmt(N / (againMs / 1000))} datasets/s (${served.requests - before} requests, all 304: ${served.notModified >= served.requests - before})`);

// 2b. Re-harvest with 1 % of the datasets changed.
served.replace(generator.withVariant(1, 0.01));
t = performance.now();
const changed = await catalog.harvest.harvest(source);
await catalog.projector.sync();
const changedMs = performance.now() - t;
line(`re-harvest, 1 % changed: ${fmt(changed.counts.changed)} changed, ${fmt(changed.counts.unchanged)} unchanged in ${fmt(changedMs / 1000, 1)} s → ${fmt(N / (changedMs / 1000))} datasets/s`);

await server.close();

// 3. Restart of the compiled service (`npm start`) on the harvested data directory until SPARQL answers.
const cli = path.join(PROJECT_ROOT, 'dist', 'src', 'cli.js');
if (!existsSync(cli)) throw new Error('Build first: npm run build');
const port = await freePort();
t = performance.now();
const child = spawn(process.execPath, [cli, 'serve'], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
const endpoint = `http://127.0.0.1:${port}/sparql`;
const JSON_RESULTS = 'application/sparql-results+json';
let answered = false;
while (!answered) {
  if (child.exitCode !== null) throw new Error(`the restarted service exited with ${child.exitCode}`);
  try {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: JSON_RESULTS }, body: `ASK { <${generator.datasetIri(N - 1)}> ?p ?o }` });
    answered = res.status === 200 && ((await res.json()) as { boolean: boolean }).boolean === true;
  } catch {
    /* not listening yet */
  }
  if (!answered) await new Promise((r) => setTimeout(r, 100));
}
const restartMs = performance.now() - t;
const rssAtReady = peakRssMb(child.pid!);
line(`restart (compiled service) until SPARQL answers: ${fmt(restartMs / 1000, 1)} s; peak RSS so far ${fmt(rssAtReady)} MiB`);

// 4. The six catalog queries: through the restarted service's /sparql (HTTP from this process, JSON results)
//    and directly on an oxigraph store in this process holding the same graphs.
const direct = new ox.Store();
const reader = SqliteStore.open({ dataDir });
let graphQuads = 0;
let qualityQuads = 0;
let datasetRecords = 0;
let scoringMs = 0;
for await (const page of reader.publishedRecords()) {
  // What the quality score costs the first harvest: the MQA measurement, score, fixes and DQV of each dataset, as the SPARQL projection makes them.
  const s0 = performance.now();
  for (const r of page) {
    const q = recordQuality(r);
    if (q !== undefined) qualityMeasurementNTriples(q.scores, `${r.iri}#quality`);
  }
  scoringMs += performance.now() - s0;
  const text = page
    .map((r) => {
      const g = recordGraph(r, config.baseUrl);
      const lines = g.ntriples!.split('\n').filter((l) => l !== '');
      graphQuads += lines.length;
      if (r.kind === 'dataset') datasetRecords++;
      // The quality score's compact DQV: the link from the dataset and the measurement node's triples.
      qualityQuads += lines.filter((l) => l.startsWith(`<${g.graph}#quality>`) || l.includes('<http://www.w3.org/ns/dqv#hasQualityMeasurement>')).length;
      return lines.map((l) => `${l.slice(0, -1)}<${g.graph}> .`).join('\n');
    })
    .join('\n');
  direct.load(text, { format: 'application/n-quads', lenient: true, no_transaction: true });
}
line(`quality scoring (measure, score, fixes, DQV) of the ${fmt(datasetRecords)} datasets: ${fmt(scoringMs / 1000, 1)} s in one thread = ${fmt((100 * scoringMs) / firstMs, 1)} % of the first harvest's ${fmt(firstMs / 1000, 1)} s`);
line(`quality score as DQV: ${fmt(qualityQuads)} of ${fmt(graphQuads)} quads in the record graphs, ${fmt(qualityQuads / Math.max(1, datasetRecords), 1)} per dataset, ${fmt((100 * qualityQuads) / Math.max(1, graphQuads - qualityQuads), 1)} % of the records' own quads`);
await reader.close();
const QUERIES = catalogQueries(generator.datasetIri(N >> 1));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function post(query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      endpoint,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/sparql-query', Accept: JSON_RESULTS, 'Content-Length': Buffer.byteLength(query) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(query);
  });
}
line();
line('| query | rows | direct oxigraph (ms, median) | /sparql over HTTP (ms, median) | ratio |');
line('|---|---:|---:|---:|---:|');
for (const [label, q] of QUERIES) {
  const directTimes: number[] = [];
  const httpTimes: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    let s = performance.now();
    const out = direct.query(q, { use_default_graph_as_union: true, results_format: JSON_RESULTS }) as string;
    const d = performance.now() - s;
    s = performance.now();
    const res = await post(q);
    const h = performance.now() - s;
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    if (i >= 3) {
      directTimes.push(d);
      httpTimes.push(h);
    }
    rows = (JSON.parse(out) as { results: { bindings: unknown[] } }).results.bindings.length;
    const httpRows = (JSON.parse(res.body) as { results: { bindings: unknown[] } }).results.bindings.length;
    if (httpRows !== rows) throw new Error(`${label}: /sparql gave ${httpRows} rows, oxigraph ${rows}`);
  }
  const dm = median(directTimes);
  const hm = median(httpTimes);
  line(`| ${label} | ${fmt(rows)} | ${fmt(dm, 2)} | ${fmt(hm, 2)} | ${fmt(hm / dm, 2)} |`);
}
agent.destroy();
line();

// 5. A query stopped at its time limit, then how soon the endpoint answers again.
const crossJoin = 'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
t = performance.now();
const stopped = await fetch(`${endpoint}?timeout=1s&query=${encodeURIComponent(crossJoin)}`, { headers: { Accept: JSON_RESULTS } });
const stoppedMs = performance.now() - t;
const problem = (await stopped.json()) as { title?: string };
t = performance.now();
const after = await fetch(`${endpoint}?query=${encodeURIComponent(QUERIES[0]![1])}`, { headers: { Accept: JSON_RESULTS } });
await after.text();
line(`a query past its time limit (1 s): HTTP ${stopped.status} "${problem.title}" after ${fmt(stoppedMs)} ms; the endpoint answered again ${fmt(performance.now() - t)} ms later (HTTP ${after.status})`);
line(`restarted service peak RSS after the queries: ${fmt(peakRssMb(child.pid!))} MiB`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await served.close();
await rm(dataDir, { recursive: true, force: true });

/**
 * Issue 12's query figures: the six catalog queries through our /sparql in server mode (the published
 * graph on a SPARQL server, queries forwarded) against the same server answering them directly, as a
 * ratio; the harvest into the server beside them. Needs a server: `eval "$(.ci/start-virtuoso)"` first.
 *
 *   npm run bench sparql-server -- --datasets 10000 [--runs 15]
 *
 * A synthetic DCAT-AP-NO catalog (about 27 quads per dataset) is served over loopback and harvested
 * through the real pipeline into a service whose SPARQL index is the server (Graph Store Protocol).
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startServer } from '../../src/main.js';
import { generateCatalog, serveCatalog } from '../support/synthetic-catalog.js';
import { SNAPSHOT_PUBLISHER } from './support/snapshot-publisher.js';

const { values } = parseArgs({ options: { datasets: { type: 'string', default: '10000' }, runs: { type: 'string', default: '15' } } });
const N = Number(values.datasets);
const RUNS = Number(values.runs);
const env = process.env;
if (!env.TEST_SPARQL_STORE_URL) {
  console.error('TEST_SPARQL_STORE_URL is not set: run `eval "$(.ci/start-virtuoso)"` first (a private Virtuoso on loopback).');
  process.exit(2);
}
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const line = (s = ''): void => console.log(s);
const JSON_RESULTS = 'application/sparql-results+json';

line(`# SPARQL server benchmark: ${fmt(N)} datasets, ${RUNS} runs per query, node ${process.version}, load average ${load()}`);

const generator = generateCatalog({ datasets: N, baseUrl: 'http://127.0.0.1', publishers: 12 });
const served = await serveCatalog(generator);
const dataDir = await mkdtemp(path.join(tmpdir(), 'dk-bench-sparql-server-'));
const baseUrl = `https://bench-${randomUUID()}.example.no`;
const config = loadConfig({
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  BASE_URL: baseUrl,
  DEMO: 'false',
  HARVEST_INTERVAL: '0',
  LOG_LEVEL: 'silent',
  HARVEST_ALLOWED_HOSTS: new URL(served.url).host,
  SPARQL_STORE_URL: env.TEST_SPARQL_STORE_URL,
  ...(env.TEST_SPARQL_STORE_GSP_URL ? { SPARQL_STORE_GSP_URL: env.TEST_SPARQL_STORE_GSP_URL } : {}),
  ...(env.TEST_SPARQL_STORE_UPDATE_URL ? { SPARQL_STORE_UPDATE_URL: env.TEST_SPARQL_STORE_UPDATE_URL } : {}),
  ...(env.TEST_SPARQL_STORE_USER ? { SPARQL_STORE_USER: env.TEST_SPARQL_STORE_USER, SPARQL_STORE_PASSWORD: env.TEST_SPARQL_STORE_PASSWORD ?? '' } : {}),
});
const service = await startServer(config, silentLogger);
const { catalog } = service;
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
  line(`harvest into the store: ${fmt(harvestMs / 1000, 1)} s (${fmt(N / (harvestMs / 1000))} datasets/s); the SPARQL server caught up ${fmt(syncMs / 1000, 1)} s after it; ${fmt(quads)} quads on the server; load average ${load()}`);

  const P = 'PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> ';
  const QUERIES: [string, string][] = [
    ['a. all triples of one dataset', `SELECT ?p ?o { <${generator.datasetIri(N >> 1)}> ?p ?o }`],
    ['b. datasets per publisher', `${P}SELECT ?pub (COUNT(?d) AS ?n) { ?d a dcat:Dataset ; dct:publisher ?pub } GROUP BY ?pub ORDER BY DESC(?n)`],
    ['c. theme + format, LIMIT 20', `${P}SELECT ?d { ?d a dcat:Dataset ; dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ; dcat:distribution ?x . ?x dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> } LIMIT 20`],
    ['d. CONTAINS on title', `${P}SELECT ?d ?t { ?d a dcat:Dataset ; dct:title ?t FILTER(CONTAINS(LCASE(?t), "luftkvalitet")) }`],
    ['e. datasets × distributions × media type', `${P}SELECT ?d ?x ?m { ?d a dcat:Dataset ; dcat:distribution ?x . ?x dcat:mediaType ?m }`],
    ['f. SELECT * LIMIT 100', 'SELECT * { ?s ?p ?o } LIMIT 100'],
  ];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (url: string, body: string, contentType: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': contentType, Accept: JSON_RESULTS, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const ours = (q: string) => post(`${service.url}/sparql`, q, 'application/sparql-query');
  const theirs = (q: string) => post(env.TEST_SPARQL_STORE_URL!, new URLSearchParams({ query: q }).toString(), 'application/x-www-form-urlencoded');
  const rowsOf = (body: string): number => (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;

  line();
  line(`| query | rows | Virtuoso directly (ms, median) | our /sparql forwarding (ms, median) | ratio |`);
  line('|---|---:|---:|---:|---:|');
  for (const [label, q] of QUERIES) {
    const direct: number[] = [];
    const forwarded: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      let s = performance.now();
      const d = await theirs(q);
      const dMs = performance.now() - s;
      s = performance.now();
      const f = await ours(q);
      const fMs = performance.now() - s;
      if (d.status !== 200 || f.status !== 200) throw new Error(`${label}: Virtuoso HTTP ${d.status}, /sparql HTTP ${f.status} ${f.body.slice(0, 300)}`);
      rows = rowsOf(d.body);
      if (rowsOf(f.body) !== rows) throw new Error(`${label}: /sparql gave ${rowsOf(f.body)} rows, Virtuoso ${rows}`);
      if (i >= 3) {
        direct.push(dMs);
        forwarded.push(fMs);
      }
    }
    line(`| ${label} | ${fmt(rows)} | ${fmt(median(direct), 2)} | ${fmt(median(forwarded), 2)} | ${fmt(median(forwarded) / median(direct), 2)} |`);
  }
  agent.destroy();
  line();
  line(`load average after the queries: ${load()}`);
} finally {
  // Leave the shared server as found: this run's graphs are those under its base.
  await catalog.sparql!.rebuild((async function* () {})());
  await service.close();
  await served.close();
  await rm(dataDir, { recursive: true, force: true });
}

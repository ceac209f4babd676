// Measures the embedded SPARQL index: node --import tsx bench/sparql/oxigraph-index-bench.ts [datasets] [replicas]
// - load rate and the memory one replica takes (process RSS before and after; worker memory is in it);
// - the six catalog queries of the architecture brief (warm median);
// - how soon the index answers again after a query is stopped at its time limit.
// Synthetic DCAT-AP-NO datasets, 27 quads each, one named graph per dataset.
import type { GraphReplacement, SparqlQueryRequest } from '../../src/core/ports/sparql-index.js';
import { QueryTimeoutError } from '../../src/core/errors.js';
import { OxigraphSparqlIndex } from '../../src/sparql/oxigraph/oxigraph-sparql-index.js';
import { datasetIri, syntheticDatasetGraph } from './support/synthetic-datasets.js';

const datasets = Number(process.argv[2] ?? 10_000);
const replicas = Number(process.argv[3] ?? 1);
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function* loadAll(): AsyncIterable<readonly GraphReplacement[]> {
  for (let i = 0; i < datasets; i += 500) {
    const batch: GraphReplacement[] = [];
    for (let k = i; k < Math.min(i + 500, datasets); k++) batch.push({ graph: `http://localhost:8080/datasets/${k}`, ntriples: syntheticDatasetGraph(k) });
    yield batch;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const request = (query: string, timeoutMs = 60_000): SparqlQueryRequest => ({ query, form: 'SELECT', mediaType: 'application/sparql-results+json', timeoutMs });

const PREFIXES = 'PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> ';
const QUERIES: Record<string, string> = {
  'a. all triples of one dataset': `SELECT ?p ?o { <${datasetIri(4242 % datasets)}> ?p ?o }`,
  'b. datasets per publisher': `${PREFIXES} SELECT ?pub (COUNT(?d) AS ?n) { ?d a dcat:Dataset ; dct:publisher ?pub } GROUP BY ?pub ORDER BY DESC(?n)`,
  'c. theme + format, LIMIT 20': `${PREFIXES} SELECT ?d { ?d dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ; dcat:distribution ?x . ?x dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> } LIMIT 20`,
  'd. CONTAINS on title': `${PREFIXES} SELECT ?d { ?d a dcat:Dataset ; dct:title ?t FILTER(CONTAINS(LCASE(?t), "skole")) }`,
  'e. datasets x distributions x media type': `${PREFIXES} SELECT ?d ?x ?m { ?d a dcat:Dataset ; dcat:distribution ?x . ?x dcat:mediaType ?m }`,
  'f. SELECT * LIMIT 100': 'SELECT * { ?s ?p ?o } LIMIT 100',
};
const CROSS_JOIN = `${PREFIXES} SELECT (COUNT(*) AS ?n) { ?a dct:title ?t . ?b dct:title ?u . ?c dct:title ?v }`;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
gc();
const before = process.memoryUsage().rss;
const index = OxigraphSparqlIndex.start({ replicas, loadAll });
await index.ready();
gc();
const after = process.memoryUsage().rss;
const load = index.lastLoad!;
console.log(`${datasets} datasets, ${load.quads} quads, ${replicas} replica(s): loaded in ${load.ms} ms (${load.quadsPerSecond} quads/s)`);
console.log(`RSS ${mb(before)} -> ${mb(after)}: ${mb((after - before) / replicas)} per replica (${((after - before) / replicas / load.quads).toFixed(0)} B/quad)`);

for (const [name, query] of Object.entries(QUERIES)) {
  const times: number[] = [];
  let rows = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    const result = await index.query(request(query));
    times.push(performance.now() - t);
    rows = (JSON.parse(result.body) as { results: { bindings: unknown[] } }).results.bindings.length;
  }
  times.sort((x, y) => x - y);
  console.log(`  ${name}: median ${times[2]!.toFixed(1)} ms (${rows} rows)`);
}

const t = performance.now();
const error = await index.query(request(CROSS_JOIN, 1000)).catch((e: unknown) => e);
console.log(`cross join stopped after ${(performance.now() - t).toFixed(0)} ms: ${error instanceof QueryTimeoutError ? (error as Error).message : String(error)}`);
const t2 = performance.now();
await index.query(request(QUERIES['a. all triples of one dataset']!));
console.log(`answered again ${(performance.now() - t2).toFixed(0)} ms after the stop (${replicas} replica(s))`);
await index.close();

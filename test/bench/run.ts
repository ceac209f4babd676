/**
 * `npm run bench <name> [options]`: the project's benchmarks. They print figures; they are not tests.
 *
 *   npm run bench harvest -- --datasets 10000
 *   npm run bench harvest -- --datasets 100000
 *   npm run bench search
 *   npm run bench store | sparql | validation | split | portal
 *   npm run bench abuse
 *   npm run bench relations
 *   npm run bench load [-- --datasets 10000]
 *   npm run bench concepts
 *   npm run bench openapi -- --services 10000
 *   npm run bench sparql-server -- --datasets 10000   (after eval "$(.ci/start-virtuoso)")
 *   npm run bench scale -- --datasets 10000 [--changes 100]   (after eval "$(.ci/start-postgres)"; eval "$(.ci/start-virtuoso)")
 *   npm run bench quality [-- --records 3000]
 */
const BENCHES: Record<string, string> = {
  harvest: './harvest-bench.ts', // issue 2: the whole pipeline, the six queries, restart
  search: './search-bench.ts', // issue 3: index build, incremental update, query latency vs a brute-force oracle
  store: './store-bench.ts', // SQLite store writes and reads
  sparql: './sparql-index-bench.ts', // oxigraph replicas: load, queries, recovery after a stopped query
  validation: './validation-bench.ts', // SHACL records per second
  split: './split-bench.ts', // the DCAT-AP-NO harvester's split throughput
  abuse: './abuse-bench.ts', // issue 14: the abuse cases against a running service, with memory and /health figures
  load: './load-bench.ts', // issue 14: search, cheap and heavy SPARQL clients while a 10 000-dataset source is harvested through the API
  portal: './portal-bench.ts', // issue 10: the search page's server time and weight at 100 000 datasets
  concepts: './concepts-bench.ts', // issue 8: concept harvest throughput, concept search and term lookup at 100 000 concepts
  relations: './relations-bench.ts', // issue 9: model harvest throughput, relations index rebuild and query latency at 220 000 records
  scale: './scale-bench.ts', // issue 12: server mode on PostgreSQL + Virtuoso with two nodes: harvest rates, restart, RSS, the six queries ÷ Virtuoso, visibility delay
  'sparql-server': './sparql-server-bench.ts', // issue 12: the six queries through /sparql forwarding to a SPARQL server ÷ the server directly
  quality: './quality-bench.ts', // issue 13: validation per DCAT-AP-NO 3.0 rule set beside 2.0, MQA scoring overhead
  openapi: './openapi-bench.ts', // issue 7: a 5 MB document to searchable, the 102 corpus documents as sources, operation-text search at 10 000 services
};

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !(name in BENCHES)) {
  console.error(`Usage: npm run bench <${Object.keys(BENCHES).join('|')}> [-- options]`);
  process.exit(2);
}
process.argv = [process.argv[0]!, BENCHES[name]!, ...rest];
await import(BENCHES[name]!);

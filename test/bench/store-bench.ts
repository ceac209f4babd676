// Measures the embedded store at catalog scale: node --import tsx bench/store/sqlite-store-bench.ts [records]
// Synthetic DCAT datasets of 27 triples (~3.8 KB of canonical N-Triples) each. Prints wall time and
// this process's CPU time: on a shared machine the CPU time is the steadier figure.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordWrite } from '../../src/core/catalog-record.js';
import { graphHash } from '../../src/rdf/ntriples.js';
import { uuidV3 } from '../../src/rdf/uuid-v3.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { datasetIri, syntheticDatasetGraph } from './support/synthetic-datasets.js';

const total = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(path.join(tmpdir(), 'dk-store-bench-'));

function recordWrite(i: number, sourceId: string, stamp: string): RecordWrite {
  const iri = datasetIri(i);
  const graph = syntheticDatasetGraph(i);
  return {
    id: uuidV3(iri),
    iri,
    kind: 'dataset',
    sourceId,
    catalogId: uuidV3('https://data.example.no/catalog'),
    hash: graphHash(graph),
    status: 'published',
    issued: stamp,
    modified: stamp,
    graph,
    validation: { profile: 'dcat-ap-no-2', conforms: true, counts: { violation: 0, warning: 0, info: 0 }, results: [] },
  };
}

async function measure<T>(label: (result: T) => string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  console.log(`${label(result)}: ${(performance.now() - t).toFixed(0)} ms (cpu ${((used.user + used.system) / 1000).toFixed(0)} ms)`);
  return result;
}

try {
  const stamp = new Date().toISOString();
  const writes = Array.from({ length: total }, (_, i) => recordWrite(i, 'only', stamp));
  console.log(`${total} records, ${(writes.reduce((n, w) => n + w.graph.length, 0) / total).toFixed(0)} B of N-Triples each`);

  const store = SqliteStore.open({ dataDir: dir });
  await measure(
    () => `writeRecords, ${total} new records in calls of 1000`,
    async () => {
      for (let i = 0; i < total; i += 1000) await store.writeRecords(writes.slice(i, i + 1000));
    },
  );
  await measure(
    () => 'writeRecords, 10000 changed records in one call',
    () => store.writeRecords(writes.slice(0, 10_000).map((w) => ({ ...w, modified: new Date().toISOString() }))),
  );

  // A fresh connection, as a new harvest run of another process would have.
  const reader = SqliteStore.open({ dataDir: dir });
  for (let k = 0; k < 3; k++) await measure((m) => `recordStatesOfSource, one source of ${m.size} records`, () => reader.recordStatesOfSource('only'));
  await measure((m) => `recordStatesByIri, ${m.size} IRIs`, () => reader.recordStatesByIri(writes.map((w) => w.iri)));
  await measure(
    (n) => `publishedRecords, ${n} records in pages of 500`,
    async () => {
      let n = 0;
      for await (const page of reader.publishedRecords(500)) n += page.length;
      return n;
    },
  );
  await measure((c) => `changesSince, ${c.length} changes`, () => reader.changesSince(0, 1_000_000));

  const wal = statSync(path.join(dir, 'catalog.db-wal'), { throwIfNoEntry: false })?.size ?? 0;
  console.log(`file ${(statSync(path.join(dir, 'catalog.db')).size / 1e6).toFixed(0)} MB + WAL ${(wal / 1e6).toFixed(0)} MB, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  await reader.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

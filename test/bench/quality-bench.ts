// Issue 13's figures, on synthetic 27-triple DCAT-AP-NO dataset records:
//   npm run bench quality [-- --records 3000]
// 1. Validation, in the calling thread (one worker's share): datasets per CPU-second for DCAT-AP-NO 2.0
//    and for DCAT-AP-NO 3.0 with core, core + ranges and all three rule sets.
// 2. The MQA score a dataset's SPARQL graph carries (measure, score, fixes, DQV triples): CPU time per
//    record, beside the CPU time of the rest of the record's way from canonical graph to published
//    graph in this process (validation with the default profile and the catalog-record triples). The
//    ratio is an upper bound of the overhead on a first harvest, which also fetches, parses, splits and
//    stores every record.
import { loadavg } from 'node:os';
import { recordGraph } from '../../src/projection/sparql-projection.js';
import type { StoredRecord } from '../../src/core/catalog-record.js';
import { qualityMeasurementNTriples } from '../../src/rdf/quality-assessment.js';
import { recordQuality } from '../../src/rdf/record-quality.js';
import { EngineRegistry } from '../../src/validation/engine-registry.js';
import { validateRecordNTriples } from '../../src/validation/record-validation.js';
import { datasetIri, syntheticDatasetGraph } from './support/synthetic-datasets.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('records', 3000);
const graphs = Array.from({ length: total }, (_, i) => syntheticDatasetGraph(i));
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`quality bench: ${total} synthetic dataset records; load average at start ${load()}`);

const cpuSeconds = (t0: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
};

// 1. Validation per profile.
const registry = new EngineRegistry();
const reports = new Map<string, Awaited<ReturnType<typeof validateRecordNTriples>>[]>();
for (const profile of ['dcat-ap-no-2', 'dcat-ap-no-3-core', 'dcat-ap-no-3-core-ranges', 'dcat-ap-no-3']) {
  for (let i = 0; i < 200; i++) await validateRecordNTriples(registry, graphs[i % total]!, profile); // compile + warm up
  const t0 = process.cpuUsage();
  const wall0 = performance.now();
  const out = [];
  for (const g of graphs) out.push(await validateRecordNTriples(registry, g, profile));
  const cpu = cpuSeconds(t0);
  reports.set(profile, out);
  console.log(`validation ${profile.padEnd(24)} ${Math.round(total / cpu)} datasets per CPU-second (one worker), ${Math.round(total / ((performance.now() - wall0) / 1000))}/s wall; first report ${JSON.stringify(out[0]!.counts)}`);
}

// 2. Scoring beside the rest of a record's way to its published graph.
const records: StoredRecord[] = graphs.map((graph, i) => ({
  id: `00000000-0000-3000-8000-${String(i).padStart(12, '0')}`,
  iri: datasetIri(i),
  kind: 'dataset',
  sourceId: 'bench',
  catalogId: null,
  hash: String(i),
  status: 'published',
  issued: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  removedAt: null,
  graph,
  validation: reports.get('dcat-ap-no-2')![i]!,
}));
for (let i = 0; i < 200; i++) recordQuality(records[i % total]!); // warm up
let t0 = process.cpuUsage();
let points = 0;
let dqvBytes = 0;
for (const r of records) {
  const q = recordQuality(r)!;
  points += q.score;
  dqvBytes += qualityMeasurementNTriples(q.scores, `${r.iri}#quality`).length;
}
const scoring = cpuSeconds(t0);
t0 = process.cpuUsage();
for (const g of graphs) await validateRecordNTriples(registry, g, 'dcat-ap-no-2');
const validation = cpuSeconds(t0);
t0 = process.cpuUsage();
for (const r of records) recordGraph({ ...r, kind: 'data-service' }, 'https://bench.example.no');
const graphsOut = cpuSeconds(t0);
const rest = validation + graphsOut;
console.log(`scoring: ${((scoring / total) * 1e6).toFixed(0)} µs CPU per dataset (average score ${(points / total).toFixed(1)} of 435, ${Math.round(dqvBytes / total)} bytes of DQV N-Triples per graph)`);
console.log(`rest of the way (validation dcat-ap-no-2 + record graph): ${((rest / total) * 1e6).toFixed(0)} µs CPU per dataset`);
console.log(`scoring adds at most ${((scoring / rest) * 100).toFixed(1)} % of that CPU time; load average at end ${load()}`);

// Reading and splitting one DCAT-AP-NO document as the harvest does: the synthetic catalog of the harvest
// bench (test/support/synthetic-catalog.ts: about 28 triples, 1.6 KB of Turtle per dataset, nb/nn/en with
// æøå, a blank contact point and period each) parsed by the harvest's reader into its subject index, then
// cut into records. Not a test. Run:
//   npm run bench split -- [datasets=10000] [rounds=3]
//
// Prints the CPU time of reading and of splitting per round, and what the main thread's heap holds per
// dataset after a full garbage collection at each stage: the parsed graph, the graph with every record,
// the records alone (what the pipeline holds once the split returns). Heap after a full GC is what is
// kept, not garbage V8 has not collected yet, so these figures barely move with the machine's load
// (unlike a peak RSS); run it at two sizes to see what is per dataset and what is fixed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dcatApNoHarvester } from '../../harvesters/dcat-ap-no/index.js';
import type { DocumentFetcher, SplitResult } from '../../src/core/ports/harvester.js';
import { rdfSourceReader } from '../../src/rdf/reading/rdf-source-reader.js';
import type { SubjectIndex } from '../../src/rdf/subject-index.js';
import { offlineDocuments } from '../support/offline-documents.js';
import { generateCatalog } from '../support/synthetic-catalog.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const datasets = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const body = Buffer.from(generateCatalog({ datasets, baseUrl: 'http://127.0.0.1', publishers: 12 }).page(1));
const documents: DocumentFetcher = {
  entryUrl: '/catalog.ttl',
  local: true,
  fetch: () => Promise.resolve({ kind: 'document', url: '/catalog.ttl', finalUrl: 'https://agency.example.no/catalog.ttl', body, contentType: 'text/turtle' }),
  remember: () => undefined,
  samePayload: () => Promise.resolve(false),
};
const context = { sourceId: 'bench', sourceName: 'https://agency.example.no/catalog.ttl', publisher: '974760673', baseUrl: 'http://localhost:8080', documents: offlineDocuments, followEndpointDescriptions: false };

const write = (s: string): void => void process.stdout.write(`${s}\n`);
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const heldKb = (base: number): number => {
  collect();
  collect();
  return (process.memoryUsage().heapUsed - base) / 1024 / datasets;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function read(): Promise<SubjectIndex> {
  const outcome = await rdfSourceReader.read(documents);
  if (outcome.kind !== 'read') throw new Error('the synthetic document was not read');
  return outcome.payload;
}

write(`# Read and split one document: ${datasets} datasets, ${(body.length / 1e6).toFixed(1)} MB of Turtle (${((body.length / 1024) / datasets).toFixed(2)} KB per dataset), node ${process.version}`);
// Memory first, on a fresh heap: heap after a full GC, per dataset, beyond what was held before reading.
collect();
collect();
const base = process.memoryUsage().heapUsed;
let graph: SubjectIndex | undefined = await read();
const parsed = heldKb(base);
let result: SplitResult | undefined = await dcatApNoHarvester.split(graph, context);
const both = heldKb(base);
graph = undefined;
const records = heldKb(base);
write(`heap held per dataset (after a full GC): parsed graph ${parsed.toFixed(2)} KB, graph and records ${both.toFixed(2)} KB, records alone ${records.toFixed(2)} KB (${result.records.length} records)`);
result = undefined;

const readCpu: number[] = [];
const splitCpu: number[] = [];
let last: { records: number; problems: number; quads: number } | undefined;
for (let r = 1; r <= rounds; r++) {
  let c = cpuMs();
  const graph = await read();
  readCpu.push(cpuMs() - c);
  c = cpuMs();
  const result: SplitResult = await dcatApNoHarvester.split(graph, context);
  splitCpu.push(cpuMs() - c);
  last = { records: result.records.length, problems: result.problems.length, quads: graph.size };
}
write(`${last!.quads} quads (${(last!.quads / datasets).toFixed(1)} per dataset) → ${last!.records} records, ${last!.problems} problems`);
write(`CPU, median of ${rounds}: read (parse into the subject index) ${median(readCpu).toFixed(0)} ms, split ${median(splitCpu).toFixed(0)} ms = ${Math.round(datasets / (median(splitCpu) / 1000))} datasets/s`);


// Validation throughput on synthetic 27-triple DCAT-AP-NO dataset records:
//   node --import tsx bench/validation/validation-bench.ts [records] [profile]
// 1. in the calling thread (N-Triples parsing + SHACL + report mapping), CPU time and wall time;
// 2. through the worker pool with 1 and 2 workers (what the harvest pipeline calls), wall time.
// On a shared machine the in-thread CPU figure is the steadier one: it is datasets/s per core.
import { syntheticDatasetGraph } from './support/synthetic-datasets.js';
import { EngineRegistry } from '../../src/validation/engine-registry.js';
import { validateRecordNTriples } from '../../src/validation/record-validation.js';
import { ShaclValidator } from '../../src/validation/shacl-validator.js';

const total = Number(process.argv[2] ?? 3000);
const profile = process.argv[3] ?? 'dcat-ap-no-2';
const records = Array.from({ length: total }, (_, i) => syntheticDatasetGraph(i));

const registry = new EngineRegistry();
const first = await validateRecordNTriples(registry, records[0]!, profile);
console.log(`profile ${profile}; a record has ${records[0]!.trim().split('\n').length} triples; its report: ${JSON.stringify(first.counts)}`);
for (let i = 0; i < 300; i++) await validateRecordNTriples(registry, records[i % total]!, profile); // warm up

const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (const r of records) await validateRecordNTriples(registry, r, profile);
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - wall0) / 1000;
console.log(`in-thread: ${total} records, ${Math.round(total / ((cpu.user + cpu.system) / 1e6))} datasets per CPU-second, ${Math.round(total / wall)} datasets/s wall`);

for (const workers of [1, 2]) {
  const validator = new ShaclValidator({ workers });
  await Promise.all(Array.from({ length: 200 }, (_, i) => validator.validate({ ntriples: records[i]!, profile }))); // start + warm up
  const t0 = performance.now();
  const window = 64;
  let next = 0;
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < total) await validator.validate({ ntriples: records[next++]!, profile });
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  console.log(`pool of ${workers}: ${Math.round(total / seconds)} datasets/s wall`);
  await validator.close();
}

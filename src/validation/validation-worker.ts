// Worker thread of the validation pool: compiles the profiles once, then validates the batches of records it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { DataDirectories } from './data-directories.js';
import { EngineRegistry } from './engine-registry.js';
import { validateRecordBatch } from './record-validation.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const { dirs, profiles } = workerData as { dirs: DataDirectories; profiles: readonly string[] };
const registry = new EngineRegistry(dirs);
let failure: string | null = null;
try {
  for (const p of profiles) registry.engine(p);
} catch (error) {
  failure = (error as Error).message;
}
parentPort!.postMessage((failure === null ? { kind: 'ready' } : { kind: 'failed', error: failure }) satisfies WorkerReply);

parentPort!.on('message', (request: WorkerRequest) => {
  validateRecordBatch(registry, request.records, request.profile).then(
    (outcomes) => parentPort!.postMessage({ kind: 'outcomes', batch: request.batch, outcomes } satisfies WorkerReply),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      parentPort!.postMessage({ kind: 'outcomes', batch: request.batch, outcomes: request.records.map(() => ({ error: message })) } satisfies WorkerReply);
    },
  );
});

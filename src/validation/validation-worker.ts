// Worker thread of the validation pool: compiles the profiles once, then validates records it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { DataDirectories } from './data-directories.js';
import { EngineRegistry } from './engine-registry.js';
import { validateRecordNTriples } from './record-validation.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const { dirs, profiles } = workerData as { dirs: DataDirectories; profiles: readonly string[] };
const registry = new EngineRegistry(dirs);
let ready: string | null = null;
try {
  for (const p of profiles) registry.engine(p);
} catch (error) {
  ready = (error as Error).message;
}
parentPort!.postMessage({ id: -1, ...(ready === null ? { ready: true } : { error: ready }) } satisfies WorkerReply);

parentPort!.on('message', (request: WorkerRequest) => {
  validateRecordNTriples(registry, request.ntriples, request.profile).then(
    (report) => parentPort!.postMessage({ id: request.id, report } satisfies WorkerReply),
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});

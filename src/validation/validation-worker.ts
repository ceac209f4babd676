// Worker thread of the validation pool: compiles the profiles once, then validates the batches of records it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { answerPort } from '../core/prompt-answers.js';
import { EngineRegistry } from './engine-registry.js';
import { validateRecordBatch } from './record-validation.js';
import type { WorkerReply, WorkerRequest, WorkerStart } from './worker-protocol.js';

/** Where replies go: the channel the pool takes promptly (prompt-answers.ts). */
const replies = answerPort();

const { dirs, profiles, harvested } = workerData as WorkerStart;
const registry = new EngineRegistry(dirs);
let failure: string | null = null;
try {
  registry.useHarvested(harvested);
  for (const p of profiles) registry.engine(p);
} catch (error) {
  failure = (error as Error).message;
}
replies.postMessage((failure === null ? { kind: 'ready' } : { kind: 'failed', error: failure }) satisfies WorkerReply);

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.kind === 'vocabulary') {
    // A failure keeps the background as it was, and is logged by the pool.
    try {
      registry.useHarvested(request.concepts);
    } catch (error) {
      replies.postMessage({ kind: 'vocabulary-failed', error: (error as Error).message } satisfies WorkerReply);
    }
    return;
  }
  validateRecordBatch(registry, request.records, request.profile).then(
    (outcomes) => replies.postMessage({ kind: 'outcomes', batch: request.batch, outcomes } satisfies WorkerReply),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      replies.postMessage({ kind: 'outcomes', batch: request.batch, outcomes: request.records.map(() => ({ error: message })) } satisfies WorkerReply);
    },
  );
});

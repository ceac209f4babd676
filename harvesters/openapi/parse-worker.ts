// Worker thread of the OpenAPI parser: reads, dereferences and checks the documents it is sent, one at
// a time. `$ref`s to other documents are read by the host (the pipeline's guarded fetcher) on request.
import { parentPort } from 'node:worker_threads';
import { parseOpenApi } from './parse-openapi.js';
import type { FromWorker, ToWorker } from './parse-protocol.js';

const port = parentPort!;
const waiting = new Map<number, { resolve: (value: { body: Uint8Array; contentType?: string }) => void; reject: (error: Error) => void }>();
let nextRequest = 0;

port.on('message', (message: ToWorker) => {
  if (message.type === 'parse') {
    const { job, input } = message;
    const readReference = (url: string): Promise<{ body: Uint8Array; contentType?: string }> =>
      new Promise((resolve, reject) => {
        const request = nextRequest++;
        waiting.set(request, { resolve, reject });
        port.postMessage({ type: 'read-reference', job, request, url } satisfies FromWorker);
      });
    parseOpenApi(input, readReference).then(
      (outcome) => port.postMessage({ type: 'parsed', job, outcome } satisfies FromWorker),
      (error: unknown) => port.postMessage({ type: 'crashed', job, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies FromWorker),
    );
    return;
  }
  const pending = waiting.get(message.request);
  if (pending === undefined) return;
  waiting.delete(message.request);
  if (message.type === 'referenced') pending.resolve({ body: message.body, ...(message.contentType !== undefined ? { contentType: message.contentType } : {}) });
  else pending.reject(new Error(message.message));
});

// The host starts a document's clock only now, so a slow thread start never counts against a document.
port.postMessage({ type: 'ready', job: -1 } satisfies FromWorker);

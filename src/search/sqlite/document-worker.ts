import { parentPort, workerData } from 'node:worker_threads';
import type { SearchRecordInput } from '../../core/ports/search-index.js';
import { vocabularyFromTurtle } from '../vocabulary/search-vocabulary.js';
import { prepareDocument, type PreparedDocument } from './prepared-document.js';

/**
 * Worker thread of the embedded search index: builds search documents (parse the record graph,
 * analyse the text) while the main thread writes the previous batch to SQLite.
 */
export interface DocumentWorkerRequest {
  readonly id: number;
  readonly items: readonly { readonly input: SearchRecordInput; readonly fingerprint: string | null }[];
}
export type DocumentWorkerReply = { readonly id: number; readonly documents: PreparedDocument[] } | { readonly id: number; readonly error: string };

const vocabulary = vocabularyFromTurtle(...(workerData as { vocabulary: string[] }).vocabulary);

parentPort!.on('message', (request: DocumentWorkerRequest) => {
  try {
    const documents = request.items.map((item) => prepareDocument(item.input, vocabulary, item.fingerprint));
    parentPort!.postMessage({ id: request.id, documents } satisfies DocumentWorkerReply);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies DocumentWorkerReply);
  }
});

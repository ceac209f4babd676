import { parentPort, workerData } from 'node:worker_threads';
import { answerPort } from '../../core/prompt-answers.js';
import type { LangMap } from '../../core/lang-map.js';
import type { SearchRecordInput } from '../../core/ports/search-index.js';
import { TermLabels } from '../../core/term-labels.js';
import { vocabularyFromTurtle } from '../vocabulary/search-vocabulary.js';
import { prepareDocument, type PreparedDocument } from './prepared-document.js';

/**
 * Worker thread of the embedded search index: builds search documents (parse the record graph,
 * analyse the text) while the main thread writes the previous batch to SQLite.
 */
export interface DocumentWorkerRequest {
  readonly id: number;
  readonly items: readonly { readonly input: SearchRecordInput; readonly fingerprint: string | null }[];
  /** The current labels of vocabulary terms, when they changed since the last request (always on the first). */
  readonly labels?: { readonly entries: readonly (readonly [string, LangMap])[]; readonly fingerprint: string };
}
export type DocumentWorkerReply = { readonly id: number; readonly documents: PreparedDocument[] } | { readonly id: number; readonly error: string };

/** Where replies go: the channel the builder takes promptly (prompt-answers.ts). */
const replies = answerPort();
const texts = (workerData as { vocabulary: string[] }).vocabulary;
const bundled = vocabularyFromTurtle(...texts);
let vocabulary = bundled;

parentPort!.on('message', (request: DocumentWorkerRequest) => {
  try {
    if (request.labels !== undefined) {
      vocabulary = bundled.withLabels(TermLabels.snapshot(request.labels.entries, request.labels.fingerprint));
    }
    const documents = request.items.map((item) => prepareDocument(item.input, vocabulary, item.fingerprint));
    replies.postMessage({ id: request.id, documents } satisfies DocumentWorkerReply);
  } catch (error) {
    replies.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies DocumentWorkerReply);
  }
});

import { parentPort, workerData } from 'node:worker_threads';
import { answerPort } from '../../core/prompt-answers.js';
import type { LangMap } from '../../core/lang-map.js';
import type { StoredRecord } from '../../core/catalog-record.js';
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
  /**
   * The items, each without its catalog's record (`input.catalog`): that is named by `catalogId` and sent once in
   * `catalogs` (a catalog's record lists every dataset: about 11 MB for one of 100 000, which went with every
   * chunk of 100 items before).
   */
  readonly items: readonly { readonly input: SearchRecordInput; readonly fingerprint: string | null; readonly catalogId?: string }[];
  /** Catalog records the worker does not hold yet, or holds in another version: kept, one version per catalog, for the items that name them. */
  readonly catalogs?: readonly StoredRecord[];
  /** The current labels of vocabulary terms, when they changed since the last request (always on the first). */
  readonly labels?: { readonly entries: readonly (readonly [string, LangMap])[]; readonly fingerprint: string };
}
export type DocumentWorkerReply = { readonly id: number; readonly documents: PreparedDocument[] } | { readonly id: number; readonly error: string };

/** Where replies go: the channel the builder takes promptly (prompt-answers.ts). */
const replies = answerPort();
const texts = (workerData as { vocabulary: string[] }).vocabulary;
const bundled = vocabularyFromTurtle(...texts);
let vocabulary = bundled;
/** The catalogs' records, by id: the version the builder sent last (it sends a catalog again when its hash changed). */
const catalogs = new Map<string, StoredRecord>();

parentPort!.on('message', (request: DocumentWorkerRequest) => {
  try {
    if (request.labels !== undefined) {
      vocabulary = bundled.withLabels(TermLabels.snapshot(request.labels.entries, request.labels.fingerprint));
    }
    for (const catalog of request.catalogs ?? []) catalogs.set(catalog.id, catalog);
    const documents = request.items.map((item) => {
      const catalog = item.catalogId === undefined ? undefined : catalogs.get(item.catalogId);
      if (item.catalogId !== undefined && catalog === undefined) throw new Error(`The record of catalog ${item.catalogId} was not sent.`);
      return prepareDocument(catalog === undefined ? item.input : { ...item.input, catalog }, vocabulary, item.fingerprint);
    });
    replies.postMessage({ id: request.id, documents } satisfies DocumentWorkerReply);
  } catch (error) {
    replies.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies DocumentWorkerReply);
  }
});

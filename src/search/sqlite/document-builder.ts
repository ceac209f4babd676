import type { Worker } from 'node:worker_threads';
import type { StoredRecord } from '../../core/catalog-record.js';
import type { SearchRecordInput } from '../../core/ports/search-index.js';
import { startAnsweringWorker, type AnswerChannel } from '../../core/prompt-answers.js';
import type { SearchVocabulary } from '../vocabulary/search-vocabulary.js';
import type { DocumentWorkerReply, DocumentWorkerRequest } from './document-worker.js';
import { prepareDocument, type PreparedDocument } from './prepared-document.js';

export type BuildItem = { readonly input: SearchRecordInput; readonly fingerprint: string | null };

/**
 * Builds prepared documents on a worker thread, so that a large upsert (a rebuild from the store)
 * analyses the next batch while the main thread writes the current one. Started on first use,
 * unreferenced (it never keeps the process alive), stopped by close().
 */
export class DocumentBuilder {
  #worker: Worker | undefined;
  #answers: AnswerChannel | undefined;
  /** The labels fingerprint the worker has (null: none sent yet). */
  #workerLabels: string | null = null;
  /** The hash of each catalog's record the worker holds, by catalog id. */
  #workerCatalogs = new Map<string, string>();
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (d: PreparedDocument[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly vocabulary: SearchVocabulary) {}

  /** Builds on the calling thread (small batches). */
  buildHere(items: readonly BuildItem[]): PreparedDocument[] {
    return items.map((item) => prepareDocument(item.input, this.vocabulary, item.fingerprint));
  }

  /** Builds on the worker thread. */
  buildAway(items: readonly BuildItem[]): Promise<PreparedDocument[]> {
    const worker = this.#start();
    const id = this.#next++;
    const terms = this.vocabulary.labels;
    const labels = this.#workerLabels === terms.fingerprint ? undefined : { entries: [...terms.entries()], fingerprint: terms.fingerprint };
    this.#workerLabels = terms.fingerprint;
    // Each catalog's record goes once (again when it changed), not with every item of it.
    const catalogs: StoredRecord[] = [];
    const sent = items.map((item): DocumentWorkerRequest['items'][number] => {
      const catalog = item.input.catalog;
      if (catalog === undefined) return item;
      if (this.#workerCatalogs.get(catalog.id) !== catalog.hash) {
        this.#workerCatalogs.set(catalog.id, catalog.hash);
        catalogs.push(catalog);
      }
      const { catalog: _sentApart, ...input } = item.input;
      return { input, fingerprint: item.fingerprint, catalogId: catalog.id };
    });
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#answers?.awaiting(true);
      worker.postMessage({ id, items: sent, ...(catalogs.length > 0 ? { catalogs } : {}), ...(labels !== undefined ? { labels } : {}) } satisfies DocumentWorkerRequest);
    });
  }

  #start(): Worker {
    if (this.#worker === undefined) {
      // Replies come on a channel taken at the start of each request (prompt-answers.ts), not behind them.
      const { worker, answers } = startAnsweringWorker(
        import.meta.url,
        './document-worker',
        (answer) => {
          const reply = answer as DocumentWorkerReply;
          const waiting = this.#waiting.get(reply.id);
          this.#waiting.delete(reply.id);
          if (this.#waiting.size === 0) answers.awaiting(false);
          if ('error' in reply) waiting?.reject(new Error(`Building search documents failed: ${reply.error}`));
          else waiting?.resolve(reply.documents);
        },
        { workerData: { vocabulary: this.vocabulary.sources }, keepsProcessAlive: false },
      );
      this.#workerLabels = null;
      this.#workerCatalogs = new Map();
      worker.unref();
      worker.on('error', (error) => this.#fail(error));
      worker.on('exit', (code) => this.#fail(new Error(`The search document worker stopped (exit code ${code}).`)));
      this.#answers = answers;
      this.#worker = worker;
    }
    return this.#worker;
  }

  #fail(error: Error): void {
    this.#worker = undefined;
    for (const w of this.#waiting.values()) w.reject(error);
    this.#waiting.clear();
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) {
      worker.removeAllListeners('exit');
      await worker.terminate();
      this.#answers?.close();
    }
  }
}

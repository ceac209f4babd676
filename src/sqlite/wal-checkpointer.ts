import type { Worker } from 'node:worker_threads';
import type { Database as Db } from 'better-sqlite3';
import { silentLogger, type Logger } from '../core/ports/logger.js';
import { startWorker } from '../core/worker-module.js';
import type { CheckpointReply, CheckpointRequest } from './checkpoint-worker.js';

/** How often the worker checkpoints the watched files, by default (ms). */
export const CHECKPOINT_INTERVAL_MS = 500;
/**
 * The write-ahead log (in pages) at which a watched connection still checkpoints on its own, at a
 * commit: only when the worker has fallen behind. SQLite's default is 1 000 pages.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;

/** The option of an adapter on a SQLite file whose write-ahead log a WalCheckpointer may take over. */
export interface CheckpointedFileOptions {
  /** Checkpoints the file's write-ahead log from a worker thread (src/sqlite/wal-checkpointer.ts), not at this connection's commits. */
  readonly checkpointer?: WalCheckpointer;
}

/**
 * Checkpoints the write-ahead logs of SQLite files (the store, search and relations indexes) from a
 * worker thread instead of at the commits of the event loop's thread.
 *
 * SQLite in WAL mode copies the log into the database file (a checkpoint: reading the log back,
 * writing the pages and two fsyncs) at the first commit after the log passes 1 000 pages, on the
 * connection that commits: here the main thread, in the middle of a harvest's writes, every 4 MB (a
 * first harvest of 20 000 datasets: 1.3 GB of writes and 150 000 reads of the logs for 210 MB of
 * files, a third of them checkpoints).
 *
 * A watched connection checkpoints on its own only past FALLBACK_CHECKPOINT_PAGES; the worker copies
 * the logs every CHECKPOINT_INTERVAL_MS through connections of its own (PASSIVE: no reader or writer
 * waits for it). That work is no less (the log is copied about as often), but it is off the thread
 * that serves requests and runs the harvest. Durability is unchanged: a commit is in the log, as
 * before, whenever it is copied.
 */
export class WalCheckpointer {
  readonly #intervalMs: number;
  readonly #logger: Logger;
  #worker: Worker | undefined;
  #closed = false;
  #unwatches = 0;
  readonly #pendingUnwatch = new Map<number, () => void>();

  constructor(options: { readonly intervalMs?: number; readonly logger?: Logger } = {}) {
    this.#intervalMs = options.intervalMs ?? CHECKPOINT_INTERVAL_MS;
    if (!(this.#intervalMs > 0)) throw new RangeError(`The checkpoint interval must be more than 0 ms, not ${this.#intervalMs}.`);
    this.#logger = options.logger ?? silentLogger;
  }

  /**
   * Checkpoints the file of an open WAL connection from now on; the connection checkpoints on its own
   * only past FALLBACK_CHECKPOINT_PAGES. An in-memory database (or one not in WAL mode) is left alone.
   */
  watch(db: Db): void {
    if (this.#closed) throw new Error('The WAL checkpointer is closed.');
    if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return;
    db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    this.#send({ watch: db.name });
  }

  /** Stops checkpointing a file (before its connection closes): resolves once the worker's own connection to it is closed. */
  async unwatch(db: Db): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined || this.#closed) return;
    const id = ++this.#unwatches;
    // An answer awaited keeps the process alive (the idle worker does not): the process could end before it.
    worker.ref();
    try {
      await new Promise<void>((resolve) => {
        this.#pendingUnwatch.set(id, resolve);
        worker.postMessage({ unwatch: db.name, id } satisfies CheckpointRequest);
      });
    } finally {
      if (this.#pendingUnwatch.size === 0) worker.unref();
    }
  }

  /** Stops the worker and closes its connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.#worker;
    if (worker === undefined) return;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true } satisfies CheckpointRequest);
    await exited;
  }

  #send(request: CheckpointRequest): void {
    this.#worker ??= this.#start();
    this.#worker.postMessage(request);
  }

  #start(): Worker {
    const worker = startWorker(import.meta.url, './checkpoint-worker', { workerData: { intervalMs: this.#intervalMs } });
    // The worker never keeps the process alive: the connections it checkpoints do their own at close.
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => {
      if ('unwatched' in reply) {
        this.#pendingUnwatch.get(reply.unwatched)?.();
        this.#pendingUnwatch.delete(reply.unwatched);
      } else {
        this.#logger.warn({ file: reply.file, err: reply.error }, 'a background checkpoint of the write-ahead log failed; the connection checkpoints on its own past its limit');
      }
    });
    worker.on('error', (error) => this.#logger.warn({ err: error }, 'the WAL checkpoint worker stopped; connections checkpoint on their own past their limit'));
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const resolve of this.#pendingUnwatch.values()) resolve();
      this.#pendingUnwatch.clear();
    });
    return worker;
  }
}

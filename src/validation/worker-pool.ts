import type { Worker } from 'node:worker_threads';
import type { Logger } from '../core/ports/logger.js';
import type { ValidationReport } from '../core/validation-report.js';
import { startWorker } from '../core/worker-module.js';
import type { DataDirectories } from './data-directories.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

interface Pending {
  readonly resolve: (report: ValidationReport) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started: boolean;
  readonly pending: Map<number, Pending>;
}

/**
 * Validation worker threads. Each worker compiles the profiles once at start and validates the
 * records it is sent; a record goes to the worker with the fewest records in flight. A worker that
 * dies is replaced, and the records it held fail with the reason.
 */
export class ValidationWorkerPool {
  readonly #slots: Slot[] = [];
  #nextId = 0;
  #closed = false;

  constructor(
    size: number,
    private readonly dirs: DataDirectories,
    private readonly profiles: readonly string[],
    private readonly logger: Logger,
  ) {
    for (let i = 0; i < size; i++) this.#slots.push(this.#start(i));
  }

  #start(index: number): Slot {
    const worker = startWorker(import.meta.url, './validation-worker', { workerData: { dirs: this.dirs, profiles: this.profiles } });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve(), started: false, pending: new Map() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if (reply.id === -1) {
          if (reply.ready) {
            slot.started = true;
            resolve();
          }
          else reject(new Error(`The validation worker could not load the shapes: ${reply.error}`));
          return;
        }
        const pending = slot.pending.get(reply.id);
        if (pending === undefined) return;
        slot.pending.delete(reply.id);
        if (reply.report) pending.resolve(reply.report);
        else pending.reject(new Error(reply.error ?? 'The validation worker gave no report.'));
      });
      worker.on('error', (error) => {
        reject(error);
        this.#fail(slot, `The validation worker failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        reject(new Error(`The validation worker stopped (exit code ${code}) before it was ready.`));
        this.#fail(slot, `The validation worker stopped (exit code ${code}).`);
        // Only a worker that had started is replaced: one that could not load the shapes would fail again.
        if (!this.#closed && slot.started) {
          this.logger.warn({ worker: index, code }, 'validation worker exited; starting a new one');
          this.#slots[index] = this.#start(index);
        }
      });
    });
    // A failed start is reported to the callers that wait for this worker; keep it from being unhandled.
    slot.ready.catch(() => undefined);
    return slot;
  }

  #fail(slot: Slot, reason: string): void {
    for (const p of slot.pending.values()) p.reject(new Error(reason));
    slot.pending.clear();
  }

  async validate(ntriples: string, profile: string): Promise<ValidationReport> {
    if (this.#closed) throw new Error('The validator is closed.');
    let slot = this.#slots[0]!;
    for (const s of this.#slots) if (s.pending.size < slot.pending.size) slot = s;
    await slot.ready;
    const id = this.#nextId++;
    return new Promise<ValidationReport>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, ntriples, profile } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      this.#slots.map(async (slot) => {
        this.#fail(slot, 'The validator was closed.');
        await slot.worker.terminate();
      }),
    );
  }
}

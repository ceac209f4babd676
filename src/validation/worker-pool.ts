import type { Worker } from 'node:worker_threads';
import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import type { Logger } from '../core/ports/logger.js';
import type { ValidationReport } from '../core/validation-report.js';
import { startAnsweringWorker, type AnswerChannel } from '../core/prompt-answers.js';
import type { DataDirectories } from './data-directories.js';
import { GROUP_SIZE } from './record-validation.js';
import type { WorkerReply, WorkerRequest, WorkerStart } from './worker-protocol.js';

interface Pending {
  readonly ntriples: string;
  readonly resolve: (report: ValidationReport) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started: boolean;
  /** Batches in flight, by number. */
  readonly pending: Map<number, readonly Pending[]>;
  /** Records in flight. */
  load: number;
  /** Its replies (prompt-answers.ts): awaited while batches are in flight, so the process runs until they come. */
  readonly answers: AnswerChannel;
}

/**
 * The young generation of a validation worker, in MB (two semi-spaces and the new large-object space;
 * V8's default here is 48). A validation makes many short-lived objects (terms, match lists, the
 * engine's nodes): with twice the room, more of them are dead before a scavenge copies them, and the
 * scavenges took about half the time (5 012 records validated in one thread, load 9: 4.4 s of
 * scavenge pauses against 7.8 s with 32 MB semi-spaces; a CLI harvest of 5 000 datasets, load 13:
 * the two workers' CPU 3.6 + 3.3 s against 4.2 + 3.9 s, peak RSS 742 against 744 MB). It costs at
 * most 48 MB more per worker, a fixed amount.
 *
 * The old generation is left at V8's default on purpose: a worker capped by `maxOldGenerationSizeMb`
 * that makes one large allocation past the cap (a record with a 64 MB literal against a 48 MB cap,
 * tried here) aborts the whole process with "Reached heap limit" instead of ending the worker with
 * ERR_WORKER_OUT_OF_MEMORY (nodejs/node#47224), so a hostile record could stop the service.
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

/**
 * Validation worker threads. Each worker compiles the profiles once at start and validates the
 * records it is sent. Records asked for in the same turn of the event loop are sent together, up to
 * GROUP_SIZE per batch and profile, so that a worker can validate them in groups (record-validation.ts);
 * a batch goes to the worker with the fewest records in flight. A worker that dies is replaced, and
 * the records it held fail with the reason. Harvested reference data (`useHarvestedConcepts`) goes to
 * every worker at once, and to a replacement at its start.
 */
export class ValidationWorkerPool {
  readonly #slots: Slot[] = [];
  readonly #waiting = new Map<string, Pending[]>();
  #flushing = false;
  #nextBatch = 0;
  #closed = false;
  #harvested: readonly HarvestedConcept[] = [];

  constructor(
    size: number,
    private readonly dirs: DataDirectories,
    private readonly profiles: readonly string[],
    private readonly logger: Logger,
  ) {
    for (let i = 0; i < size; i++) this.#slots.push(this.#start(i));
  }

  #start(index: number): Slot {
    // Replies come on a channel taken at the start of each request (prompt-answers.ts): under load, a
    // harvest's validated records are not left waiting behind every request the service has read.
    let onReply: (reply: WorkerReply) => void = () => {};
    const { worker, answers } = startAnsweringWorker(import.meta.url, './validation-worker', (reply) => onReply(reply as WorkerReply), {
      workerData: { dirs: this.dirs, profiles: this.profiles, harvested: this.#harvested } satisfies Omit<WorkerStart, 'answers'>,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      keepsProcessAlive: false,
    });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve(), started: false, pending: new Map(), load: 0, answers };
    slot.ready = new Promise<void>((resolve, reject) => {
      onReply = (reply: WorkerReply) => {
        if (reply.kind === 'ready') {
          slot.started = true;
          resolve();
          return;
        }
        if (reply.kind === 'failed') {
          reject(new Error(`The validation worker could not load the shapes: ${reply.error}`));
          return;
        }
        if (reply.kind === 'vocabulary-failed') {
          this.logger.warn({ worker: index, error: reply.error }, 'a validation worker could not take the harvested reference data; it validates with what it had');
          return;
        }
        const batch = slot.pending.get(reply.batch);
        if (batch === undefined) return;
        slot.pending.delete(reply.batch);
        slot.load -= batch.length;
        if (slot.pending.size === 0) answers.awaiting(false);
        batch.forEach((pending, i) => {
          const outcome = reply.outcomes[i];
          if (outcome !== undefined && 'report' in outcome) pending.resolve(outcome.report);
          else pending.reject(new Error(outcome?.error ?? 'The validation worker gave no report.'));
        });
      };
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
    for (const batch of slot.pending.values()) for (const p of batch) p.reject(new Error(reason));
    slot.pending.clear();
    slot.load = 0;
    slot.answers.awaiting(false);
  }

  /**
   * The harvested reference data, whole: every worker validates with it from its next batch (a batch
   * sent before validates with what its worker had), and a worker started later starts with it.
   */
  useHarvestedConcepts(concepts: readonly HarvestedConcept[]): void {
    this.#harvested = concepts;
    if (this.#closed) return;
    for (const slot of this.#slots) slot.worker.postMessage({ kind: 'vocabulary', concepts } satisfies WorkerRequest);
  }

  validate(ntriples: string, profile: string): Promise<ValidationReport> {
    if (this.#closed) return Promise.reject(new Error('The validator is closed.'));
    return new Promise<ValidationReport>((resolve, reject) => {
      let waiting = this.#waiting.get(profile);
      if (waiting === undefined) this.#waiting.set(profile, (waiting = []));
      waiting.push({ ntriples, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Sends what was asked for in this turn, in batches, each to the worker with the fewest records in flight. */
  #flush(): void {
    this.#flushing = false;
    for (const [profile, waiting] of this.#waiting) {
      for (let i = 0; i < waiting.length; i += GROUP_SIZE) this.#send(profile, waiting.slice(i, i + GROUP_SIZE));
    }
    this.#waiting.clear();
  }

  #send(profile: string, batch: readonly Pending[]): void {
    if (this.#closed) {
      for (const p of batch) p.reject(new Error('The validator is closed.'));
      return;
    }
    let slot = this.#slots[0]!;
    for (const s of this.#slots) if (s.load < slot.load) slot = s;
    slot.load += batch.length;
    const number = this.#nextBatch++;
    slot.pending.set(number, batch);
    slot.answers.awaiting(true);
    slot.ready.then(
      () => {
        if (slot.pending.has(number)) slot.worker.postMessage({ kind: 'validate', batch: number, profile, records: batch.map((p) => p.ntriples) } satisfies WorkerRequest);
      },
      (error: Error) => {
        if (!slot.pending.delete(number)) return;
        slot.load -= batch.length;
        if (slot.pending.size === 0) slot.answers.awaiting(false);
        for (const p of batch) p.reject(error);
      },
    );
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

import type { Worker } from 'node:worker_threads';
import { BadRequestError, PayloadTooLargeError, ServiceUnavailableError } from '../core/errors.js';
import type { HarvestedConcept, HarvestedVocabularySink } from '../core/ports/harvested-vocabulary.js';
import type { Logger } from '../core/ports/logger.js';
import type { DocumentValidation, DocumentValidationRequest, DocumentValidator, ValidationProfile } from '../core/ports/validator.js';
import { startWorker } from '../core/worker-module.js';
import type { RdfSyntax } from '../rdf/syntax.js';
import type { DataDirectories } from './data-directories.js';
import type { DocumentReply, DocumentRequest, DocumentVocabulary, DocumentWorkerReady } from './document-protocol.js';
import { PROFILES, profileById } from './profiles.js';

export interface DocumentValidationPoolOptions {
  /** Worker threads, each validating one document at a time. */
  readonly workers: number;
  /** Documents that may wait for a worker; past it, 503 with Retry-After. */
  readonly queue: number;
  /** Time limit per document, from its arrival; past it the worker is stopped and replaced. */
  readonly timeoutMs: number;
  /** Triples per document; past it the document is refused unvalidated. */
  readonly maxTriples: number;
  /** Heap of each worker, MB: a document that needs more ends its worker, not the process. */
  readonly memoryMb: number;
  /**
   * A worker with nothing to do for this long is stopped, ms; the next document starts one again (its
   * start, about 1-3 s, counts against that document's time limit). An idle worker holds about 80 MB.
   */
  readonly idleMs: number;
  readonly dirs: DataDirectories;
  readonly logger: Logger;
}

interface Job {
  readonly request: DocumentValidationRequest;
  readonly resolve: (value: DocumentValidation) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
  settled: boolean;
  slot?: Slot;
  cleanup?: () => void;
}

interface Slot {
  readonly index: number;
  /** None until a document needs it, and again after it was idle for `idleMs` or was stopped. */
  worker: Worker | undefined;
  ready: boolean;
  job: Job | null;
  /** Bumped when the worker is stopped or replaced: answers of the old one are dropped. */
  generation: number;
  /** Stops the worker once it has been idle for `idleMs`. */
  idleTimer?: NodeJS.Timeout;
}

/**
 * The worker threads of POST /api/validate, apart from the harvest's validator so a harvest never
 * waits behind an anonymous document. A document is parsed and validated in a worker (never on the
 * thread that serves requests), refused past the triple cap, and stopped (its worker terminated and
 * replaced) past the time limit or when its client goes away. A worker whose heap runs out ends alone.
 * Workers start when documents arrive and stop when idle: a service nobody validates with holds none.
 * Harvested reference data (`useHarvestedConcepts`) reaches every worker, and a new one at its start.
 */
export class DocumentValidationPool implements DocumentValidator, HarvestedVocabularySink {
  readonly profiles: readonly ValidationProfile[] = PROFILES.map(({ id, label, description, recordKinds }) => ({ id, label, description, recordKinds }));
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  #harvested: readonly HarvestedConcept[] = [];

  constructor(private readonly options: DocumentValidationPoolOptions) {
    for (let index = 0; index < options.workers; index++) this.#slots.push({ index, worker: undefined, ready: false, job: null, generation: 0 });
  }

  /** Validates from the next document on with these harvested reference concepts (every reference source's, whole). */
  useHarvestedConcepts(concepts: readonly HarvestedConcept[]): void {
    this.#harvested = concepts;
    if (this.#closed) return;
    // A worker started later gets them in its workerData.
    for (const slot of this.#slots) slot.worker?.postMessage({ vocabulary: concepts } satisfies DocumentVocabulary);
  }

  validateDocument(request: DocumentValidationRequest): Promise<DocumentValidation> {
    if (this.#closed) return Promise.reject(new ServiceUnavailableError('The validator is shut down.'));
    profileById(request.profile);
    if (request.signal?.aborted) return Promise.reject(request.signal.reason);
    const busy = this.#slots.filter((s) => s.job !== null).length;
    if (busy + this.#queue.length >= this.#slots.length + this.options.queue) {
      return Promise.reject(
        new ServiceUnavailableError(`${this.#queue.length + this.#slots.length} documents are being validated or waiting, as many as this service takes at once; try again shortly.`, {
          retryAfter: Math.max(1, Math.ceil(this.options.timeoutMs / 1000 / 4)),
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const job: Job = {
        request,
        resolve,
        reject,
        settled: false,
        timer: setTimeout(
          () =>
            this.#stop(
              job,
              new ServiceUnavailableError(
                `Validating the document took longer than the time limit of ${this.options.timeoutMs} ms and was stopped; no partial report is given. Validate a smaller part of it.`,
                { timeoutMs: this.options.timeoutMs },
              ),
            ),
          this.options.timeoutMs,
        ),
      };
      const signal = request.signal;
      if (signal !== undefined) {
        const onAbort = (): void => this.#stop(job, signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) this.#settle(job, { error: new ServiceUnavailableError('The validator was shut down.') });
    await Promise.all(
      this.#slots.map(async (slot) => {
        if (slot.job) this.#settle(slot.job, { error: new ServiceUnavailableError('The validator was shut down.') });
        slot.generation++;
        clearTimeout(slot.idleTimer);
        await slot.worker?.terminate();
      }),
    );
  }

  /** Workers busy, started and ready, and documents waiting, for tests and health. */
  load(): { busy: number; queued: number; started: number; ready: number } {
    return {
      busy: this.#slots.filter((s) => s.job !== null).length,
      queued: this.#queue.length,
      started: this.#slots.filter((s) => s.worker !== undefined).length,
      ready: this.#slots.filter((s) => s.ready).length,
    };
  }

  /** Starts a worker in an empty slot. */
  #start(slot: Slot): void {
    const generation = slot.generation;
    const index = slot.index;
    const worker = startWorker(import.meta.url, './document-validation-worker', {
      workerData: { dirs: this.options.dirs, profiles: PROFILES.map((p) => p.id), harvested: this.#harvested },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
    });
    worker.unref();
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (message: DocumentReply | DocumentWorkerReady) => {
      if (slot.generation !== generation) return;
      if ('ready' in message) {
        if (message.error !== undefined) this.options.logger.error({ worker: index, error: message.error }, 'A document-validation worker could not compile the profiles.');
        slot.ready = true;
        this.#dispatch();
        return;
      }
      const job = slot.job;
      if (job === null) return;
      slot.job = null;
      this.#settle(job, message.ok ? { value: { triples: message.triples, report: message.report } } : { error: replyError(message, this.options.maxTriples) });
      this.#dispatch();
    });
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (slot.generation !== generation || this.#closed) return;
      const outOfMemory = (failure as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.options.logger.warn({ worker: index, code, err: failure }, 'A document-validation worker ended; starting a new one.');
      const job = slot.job;
      this.#empty(slot);
      if (job !== null) {
        this.#settle(job, {
          error: outOfMemory
            ? new PayloadTooLargeError(`Validating the document needed more than the ${this.options.memoryMb} MB a validation may use; validate a smaller part of it.`, {
                memoryMb: this.options.memoryMb,
              })
            : new ServiceUnavailableError('The validation worker ended while validating the document; try again.'),
        });
      }
      this.#dispatch();
    });
  }

  /** Stops a slot's worker (its answers from now on are dropped); the next document that needs it starts another. */
  #empty(slot: Slot): void {
    slot.generation++;
    slot.job = null;
    slot.ready = false;
    clearTimeout(slot.idleTimer);
    void slot.worker?.terminate();
    slot.worker = undefined;
  }

  #dispatch(): void {
    if (this.#closed) return;
    for (;;) {
      const slot = this.#slots.find((s) => s.ready && s.job === null);
      if (slot?.worker === undefined || this.#queue.length === 0) break;
      const job = this.#queue.shift()!;
      clearTimeout(slot.idleTimer);
      slot.job = job;
      job.slot = slot;
      const body = new Uint8Array(job.request.body); // a copy of its own, transferred to the worker
      slot.worker.postMessage(
        { id: this.#nextId++, body, syntax: job.request.syntax as RdfSyntax, profile: job.request.profile, maxTriples: this.options.maxTriples } satisfies DocumentRequest,
        [body.buffer],
      );
    }
    // Documents still waiting start workers, one per document, as far as there are empty slots.
    const starting = this.#slots.filter((s) => s.worker !== undefined && !s.ready).length;
    for (let more = this.#queue.length - starting; more > 0; more--) {
      const empty = this.#slots.find((s) => s.worker === undefined);
      if (empty === undefined) break;
      this.#start(empty);
    }
    for (const slot of this.#slots) if (slot.ready && slot.job === null) this.#idle(slot);
  }

  /** An idle worker is stopped after `idleMs` with nothing to do. */
  #idle(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    const generation = slot.generation;
    slot.idleTimer = setTimeout(() => {
      if (slot.generation === generation && slot.job === null && !this.#closed) this.#empty(slot);
    }, this.options.idleMs);
    slot.idleTimer.unref();
  }

  /** Stops a job past its time limit or whose client left: a running one takes its worker down with it. */
  #stop(job: Job, error: unknown): void {
    if (job.settled) return;
    this.#settle(job, { error });
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = job.slot;
    if (slot !== undefined && slot.job === job) {
      this.#empty(slot);
      this.#dispatch();
    }
  }

  #settle(job: Job, outcome: { value: DocumentValidation } | { error: unknown }): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    job.cleanup?.();
    if ('error' in outcome) job.reject(outcome.error);
    else job.resolve(outcome.value);
  }
}

function replyError(reply: Extract<DocumentReply, { ok: false }>, maxTriples: number): Error {
  switch (reply.kind) {
    case 'unreadable':
      return new BadRequestError(`The document is not valid: ${reply.message}`, { ...(reply.line !== undefined ? { line: reply.line } : {}) });
    case 'too-many-triples':
      return new PayloadTooLargeError(`The document has more than ${maxTriples} triples, more than this service validates at once; validate it in parts.`, { maxTriples });
    case 'failed':
      return new Error(`Validating the document failed: ${reply.message}`);
  }
}

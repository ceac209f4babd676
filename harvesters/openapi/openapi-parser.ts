import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../src/core/worker-module.js';
import type { ParseInput, ParseOutcome, ReferenceReader } from './parse-openapi.js';
import type { FromWorker, ToWorker } from './parse-protocol.js';

export interface OpenApiParserOptions {
  /** Time one document may take, `$ref`s included (default 30 s). */
  readonly timeoutMs: number;
  /** Heap of a parse worker, in MB (default 512). */
  readonly maxMemoryMb: number;
  /** Documents parsed at once, one worker each (default 1). */
  readonly workers: number;
  /** The most documents one document's `$ref`s may bring in, and their bytes together. */
  readonly maxReferencedDocuments: number;
  readonly maxReferencedBytes: number;
  /** The largest document read (default 20 MB; the largest real descriptions are a few MB). */
  readonly maxDocumentBytes: number;
}

export const DEFAULT_PARSER_OPTIONS: OpenApiParserOptions = {
  timeoutMs: 30_000,
  maxMemoryMb: 512,
  workers: 1,
  maxReferencedDocuments: 50,
  maxReferencedBytes: 25 * 1024 * 1024,
  maxDocumentBytes: 20 * 1024 * 1024,
};

export interface ParseRequest {
  readonly body: Uint8Array;
  /** The document's URL, or the absolute path of a local file (CLI only). */
  readonly location: string;
  readonly contentType?: string;
  /** For a local file: the folder its references must stay in (default: its own folder). */
  readonly localRoot?: string;
}

interface Job {
  readonly id: number;
  readonly request: ParseRequest;
  readonly readReference: ReferenceReader;
  readonly resolve: (outcome: ParseOutcome) => void;
}

interface Slot {
  worker: Worker | undefined;
  /** The worker has loaded its modules; a job's clock starts when both it and the job are there. */
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Parses OpenAPI documents off the main thread. Each document runs in a worker thread with a heap
 * limit (`resourceLimits`) and a time limit; a document that passes either ends as a problem naming
 * the cause, its worker is stopped and a fresh one takes the next document. The service keeps
 * answering meanwhile: nothing of a document's parsing runs on the calling thread. Workers are kept
 * between documents (starting one costs more than most documents).
 */
export class OpenApiParser {
  readonly #options: OpenApiParserOptions;
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  #nextJob = 0;
  #closed = false;

  constructor(options: Partial<OpenApiParserOptions> = {}) {
    this.#options = { ...DEFAULT_PARSER_OPTIONS, ...options };
    const { timeoutMs, maxMemoryMb, workers } = this.#options;
    if (!(timeoutMs > 0) || !(maxMemoryMb >= 16) || !Number.isInteger(workers) || workers < 1) {
      throw new RangeError(`The OpenAPI parser needs a positive time limit, at least 16 MB and at least one worker (got ${timeoutMs} ms, ${maxMemoryMb} MB, ${workers}).`);
    }
    this.#slots = Array.from({ length: workers }, () => ({ worker: undefined, ready: false, job: undefined, timer: undefined }));
  }

  /** Never rejects: every failure is an outcome with a message. */
  parse(request: ParseRequest, readReference: ReferenceReader): Promise<ParseOutcome> {
    if (this.#closed) return Promise.resolve({ ok: false, message: 'The OpenAPI parser is closed.' });
    if (request.body.length > this.#options.maxDocumentBytes) {
      return Promise.resolve({ ok: false, message: `The document is ${formatMegabytes(request.body.length)}, larger than the ${formatMegabytes(this.#options.maxDocumentBytes)} an OpenAPI description may be here.` });
    }
    return new Promise<ParseOutcome>((resolve) => {
      this.#queue.push({ id: this.#nextJob++, request, readReference, resolve });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.resolve({ ok: false, message: 'The OpenAPI parser was closed.' });
    await Promise.all(this.#slots.map((slot) => this.#stop(slot, 'The OpenAPI parser was closed.')));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.job !== undefined) continue;
      const job = this.#queue.shift();
      if (job === undefined) return;
      this.#run(slot, job);
    }
  }

  #run(slot: Slot, job: Job): void {
    const worker = (slot.worker ??= this.#start(slot));
    worker.ref();
    slot.job = job;
    if (slot.ready) this.#send(slot, worker, job);
  }

  #send(slot: Slot, worker: Worker, job: Job): void {
    slot.timer = setTimeout(() => {
      void this.#stop(slot, `Reading the document took longer than ${formatSeconds(this.#options.timeoutMs)} (a deep or endless $ref chain, or a pathological document); it was stopped.`);
    }, this.#options.timeoutMs);
    const input: ParseInput = {
      body: job.request.body,
      location: job.request.location,
      ...(job.request.contentType !== undefined ? { contentType: job.request.contentType } : {}),
      ...(job.request.localRoot !== undefined ? { localRoot: job.request.localRoot } : {}),
      maxReferencedDocuments: this.#options.maxReferencedDocuments,
      maxReferencedBytes: this.#options.maxReferencedBytes,
    };
    worker.postMessage({ type: 'parse', job: job.id, input } satisfies ToWorker);
  }

  #start(slot: Slot): Worker {
    slot.ready = false;
    const worker = startWorker(import.meta.url, './parse-worker', {
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.#options.maxMemoryMb / 8)) },
    });
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        if (slot.worker !== worker) return;
        slot.ready = true;
        if (slot.job !== undefined) this.#send(slot, worker, slot.job);
        return;
      }
      const job = slot.job;
      if (job === undefined || message.job !== job.id || slot.worker !== worker) return;
      if (message.type === 'read-reference') {
        job.readReference(message.url).then(
          ({ body, contentType }) => {
            if (slot.worker === worker && slot.job === job) worker.postMessage({ type: 'referenced', request: message.request, body, ...(contentType !== undefined ? { contentType } : {}) } satisfies ToWorker);
          },
          (error: unknown) => {
            if (slot.worker === worker && slot.job === job) worker.postMessage({ type: 'reference-failed', request: message.request, message: error instanceof Error ? error.message : String(error) } satisfies ToWorker);
          },
        );
        return;
      }
      this.#finish(slot, message.type === 'parsed' ? message.outcome : { ok: false, message: `The OpenAPI reader failed on this document: ${message.message}` });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const message =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Reading the document needed more than ${this.#options.maxMemoryMb} MB of memory (a huge or pathological document); it was stopped.`
          : `The OpenAPI reader failed on this document: ${error.message}`;
      this.#finish(slot, { ok: false, message });
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      this.#finish(slot, { ok: false, message: `The OpenAPI reader stopped (exit code ${code}) while reading this document.` });
    });
    return worker;
  }

  #finish(slot: Slot, outcome: ParseOutcome): void {
    const job = slot.job;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.worker?.unref();
    job?.resolve(outcome);
    if (!this.#closed) this.#dispatch();
  }

  async #stop(slot: Slot, reason: string): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    this.#finish(slot, { ok: false, message: reason });
    await worker?.terminate();
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

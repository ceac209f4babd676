import type { Worker } from 'node:worker_threads';
import { startAnsweringWorker } from '../../core/prompt-answers.js';
import type { ApplyOutcome, ReplicaConsole, ReplicaFailure, ReplicaReady, ReplicaReply, ReplicaRequest } from './replica-protocol.js';

/** The engine refused a query (syntax, unsupported feature or result format). */
export class EngineRefusal extends Error {
  override readonly name = 'EngineRefusal';
  constructor(
    message: string,
    /** Line, column and expected tokens when the query is not valid SPARQL. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** The result is past the row or size cap. */
export class ResultTooLarge extends Error {
  override readonly name = 'ResultTooLarge';
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The replica's thread is gone (stopped, crashed, or failed fatally) before it answered. */
export class ReplicaGone extends Error {
  override readonly name = 'ReplicaGone';
}

/** Where a replica worker module is: `startWorker(callerUrl, relative)`. */
export interface WorkerModule {
  readonly callerUrl: string;
  readonly relative: string;
}

const DEFAULT_MODULE: WorkerModule = { callerUrl: import.meta.url, relative: './replica-worker' };

type Request = ReplicaRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type ValueOf<R extends Request> = R['op'] extends 'query'
  ? string
  : R['op'] extends 'size'
    ? number
    : R['op'] extends 'dump-graphs'
      ? Uint8Array
      : R['op'] extends 'graph-names'
        ? readonly string[]
        : ApplyOutcome;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The main thread's handle on one replica worker: numbered requests, answers matched to them, and
 * every open request rejected with ReplicaGone when the thread ends.
 */
export class ReplicaThread {
  /** Resolves when the worker has its store; rejects if it dies first. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  private gone = false;

  /**
   * `onLost` is called once if the thread ends without terminate() being asked for. `module` is the
   * worker module (default: ./replica-worker next to this file). `onConsole` gets what the engine
   * writes to the console (a panic's message and trace), one call per write.
   */
  constructor(onLost: (cause: Error) => void, module: WorkerModule = DEFAULT_MODULE, onConsole: (write: ReplicaConsole) => void = () => {}) {
    let becameReady = (): void => {};
    // Its answers come on a channel taken at the start of each request as well as on their own event (prompt-answers.ts).
    const onAnswer = (answer: unknown): void => {
      const message = answer as ReplicaReply | ReplicaReady | ReplicaConsole;
      if ('ready' in message) {
        becameReady();
        return;
      }
      if ('console' in message) {
        onConsole(message);
        return;
      }
      if (!('id' in message)) return;
      const p = this.pending.get(message.id);
      if (p === undefined) return;
      this.pending.delete(message.id);
      if (message.ok) p.resolve(message.value);
      else p.reject(failureError(message.failure));
    };
    this.worker = startAnsweringWorker(module.callerUrl, module.relative, onAnswer).worker;
    this.ready = new Promise<void>((resolve, reject) => {
      becameReady = resolve;
      this.worker.once('exit', (code) => reject(new ReplicaGone(`The SPARQL engine thread ended (exit code ${code}) before it was ready.`)));
    });
    this.ready.catch(() => {}); // the exit handler reports it
    let lastError: Error | undefined;
    this.worker.on('error', (error) => (lastError = error));
    this.worker.on('exit', (code) => {
      this.gone = true;
      const cause = lastError ?? new ReplicaGone(`The SPARQL engine thread ended with exit code ${code}.`);
      for (const p of this.pending.values()) p.reject(new ReplicaGone(`The SPARQL engine thread ended before answering: ${cause.message}`));
      this.pending.clear();
      if (!this.stopping) onLost(cause);
    });
  }

  request<R extends Request>(request: R): Promise<ValueOf<R>> {
    if (this.gone || this.stopping) return Promise.reject(new ReplicaGone('The SPARQL engine thread is stopped.'));
    const id = this.nextId++;
    return new Promise<ValueOf<R>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // A dump's bytes move to the thread that loads them rather than being copied.
      this.worker.postMessage({ ...request, id }, request.op === 'load-dump' ? [request.nquads.buffer as ArrayBuffer] : []);
    });
  }

  /** Stops the thread at once, even in the middle of a query (terminate() interrupts running WASM). */
  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}

function failureError(failure: ReplicaFailure): Error {
  switch (failure.kind) {
    case 'refused':
      return new EngineRefusal(failure.message, failure.details);
    case 'too-large':
      return new ResultTooLarge(failure.message, failure.details);
    case 'fatal':
      return new ReplicaGone(`The SPARQL engine failed: ${failure.message}`);
  }
}

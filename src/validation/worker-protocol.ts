import type { MessagePort } from 'node:worker_threads';
import type { HarvestedConcept } from '../core/ports/harvested-vocabulary.js';
import type { DataDirectories } from './data-directories.js';
import type { RecordOutcome } from './record-validation.js';

/**
 * To a validation worker: records to validate together, all against one profile; or the harvested
 * reference data, whole, to validate with from the next batch on (messages are handled in order).
 */
export type WorkerRequest =
  | { readonly kind: 'validate'; readonly batch: number; readonly profile: string; readonly records: readonly string[] }
  | { readonly kind: 'vocabulary'; readonly concepts: readonly HarvestedConcept[] };

/** What a validation worker is started with. */
export interface WorkerStart {
  readonly dirs: DataDirectories;
  readonly profiles: readonly string[];
  readonly harvested: readonly HarvestedConcept[];
  /** Where the worker's replies go (prompt-answers.ts). */
  readonly answers: MessagePort;
}

/** A worker's answer: readiness (or why it could not start), or the outcome of each record of a batch, in order. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'vocabulary-failed'; readonly error: string }
  | { readonly kind: 'outcomes'; readonly batch: number; readonly outcomes: readonly RecordOutcome[] };

import type { RecordOutcome } from './record-validation.js';

/** Records sent to a validation worker together, all against one profile. */
export interface WorkerRequest {
  readonly batch: number;
  readonly profile: string;
  readonly records: readonly string[];
}

/** A worker's answer: readiness (or why it could not start), or the outcome of each record of a batch, in order. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'outcomes'; readonly batch: number; readonly outcomes: readonly RecordOutcome[] };

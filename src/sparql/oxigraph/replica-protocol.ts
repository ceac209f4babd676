import type { GraphReplacement } from '../../core/ports/sparql-index.js';

// Messages between the pool (main thread) and one replica worker. Each request carries an id; the
// worker answers every request, in the order it got them.

export type ReplicaRequest =
  | { readonly op: 'apply'; readonly id: number; readonly changes: readonly GraphReplacement[] }
  /** Like apply, for a fresh replica: graphs are added without dropping them first. */
  | { readonly op: 'load'; readonly id: number; readonly changes: readonly GraphReplacement[] }
  | {
      readonly op: 'query';
      readonly id: number;
      readonly query: string;
      readonly baseIri?: string;
      readonly resultsFormat: string;
      readonly defaultGraphUris?: readonly string[];
      readonly namedGraphUris?: readonly string[];
    }
  | { readonly op: 'size'; readonly id: number };

/** A graph whose N-Triples could not be loaded (it is left out of the replica). */
export interface GraphLoadError {
  readonly graph: string;
  readonly message: string;
}

export interface ApplyOutcome {
  readonly graphs: number;
  readonly errors: readonly GraphLoadError[];
}

/**
 * `refused`: the engine rejected the query (syntax, unsupported feature or format) — the caller's
 * fault. `fatal`: the engine failed (WASM trap, out of memory); the replica must be replaced.
 */
export type ReplicaFailure = {
  readonly kind: 'refused' | 'fatal';
  readonly message: string;
  /** For a refused query that is not valid SPARQL: where and what (line, column, expected). */
  readonly details?: Readonly<Record<string, unknown>>;
};

export type ReplicaReply =
  | { readonly id: number; readonly ok: true; readonly value: string | number | ApplyOutcome }
  | { readonly id: number; readonly ok: false; readonly failure: ReplicaFailure };

/** Sent once when the worker has its (empty) store. */
export interface ReplicaReady {
  readonly ready: true;
}

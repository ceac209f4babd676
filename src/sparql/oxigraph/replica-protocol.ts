import type { GraphReplacement } from '../../core/ports/sparql-index.js';
import type { SerializeOptions } from '../../rdf/serialize.js';

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
      /** What oxigraph serialises: a SPARQL results format, or N-Triples for graphs. */
      readonly resultsFormat: string;
      /** For graphs: the syntax to write the N-Triples in (with the project's serialiser), if not N-Triples. */
      readonly graphFormat?: GraphFormat;
      readonly defaultGraphUris?: readonly string[];
      readonly namedGraphUris?: readonly string[];
      /** Solutions (SELECT) or triples (graphs) beyond which the query fails with `too-large`. */
      readonly maxRows: number;
      /** Characters of the serialised result beyond which the query fails with `too-large`. */
      readonly maxChars: number;
    }
  | { readonly op: 'size'; readonly id: number }
  /** The names of the store's named graphs: to fill a restarted replica from this one, part by part. */
  | { readonly op: 'graph-names'; readonly id: number }
  /** These graphs as N-Quads (UTF-8), its buffer transferred (a graph the store no longer has is left out). */
  | { readonly op: 'dump-graphs'; readonly id: number; readonly graphs: readonly string[] }
  /** Loads a part of another replica's dump into this fresh one (the buffer is transferred to it). */
  | { readonly op: 'load-dump'; readonly id: number; readonly nquads: Uint8Array };

/** A graph whose N-Triples could not be loaded (it is left out of the replica). */
export interface GraphLoadError {
  readonly graph: string;
  readonly message: string;
}

export interface ApplyOutcome {
  readonly graphs: number;
  readonly errors: readonly GraphLoadError[];
}

/** A graph result's syntax, as the project's serialiser names it. */
export interface GraphFormat {
  readonly format: 'turtle' | 'json-ld' | 'rdf-xml';
  readonly jsonLdForm?: SerializeOptions['jsonLdForm'];
}

/**
 * `refused`: the engine rejected the query (syntax, unsupported feature or format) — the caller's
 * fault. `too-large`: the result is past the row or size cap (details say which); nothing is sent.
 * `fatal`: the engine failed (WASM trap, out of memory); the replica must be replaced.
 */
export type ReplicaFailure = {
  readonly kind: 'refused' | 'too-large' | 'fatal';
  readonly message: string;
  /** For a refused query that is not valid SPARQL: where and what (line, column, expected). */
  readonly details?: Readonly<Record<string, unknown>>;
};

export type ReplicaReply =
  | { readonly id: number; readonly ok: true; readonly value: string | number | ApplyOutcome | Uint8Array | readonly string[] }
  | { readonly id: number; readonly ok: false; readonly failure: ReplicaFailure };

/** Sent once when the worker has its (empty) store. */
export interface ReplicaReady {
  readonly ready: true;
}

/** What the engine wrote to the console (a Rust panic's message and trace), sent as one message to be logged as one line. */
export interface ReplicaConsole {
  readonly console: 'error' | 'warn' | 'log';
  readonly text: string;
}

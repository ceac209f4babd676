/**
 * The SPARQL index: a projection of the published records, one named graph per record (the record
 * URI), queried with the default graph as the union of all of them. Rebuildable from the store.
 * Adapters: embedded oxigraph in worker threads (src/sparql/oxigraph); a SPARQL 1.1 server (src/sparql/remote).
 */
export interface GraphReplacement {
  /** Named graph IRI: the record URI. */
  readonly graph: string;
  /** The graph's full content as N-Triples; null drops the graph. */
  readonly ntriples: string | null;
}

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface SparqlQueryRequest {
  readonly query: string;
  readonly form: QueryForm;
  /** Base IRI for relative IRIs in the query (a BASE in the query still wins). */
  readonly baseIri?: string;
  /**
   * Media type to serialise the result in; must suit the query form (checked by the caller): a SPARQL
   * results format for SELECT and ASK, an RDF syntax (text/turtle, application/n-triples,
   * application/ld+json, application/rdf+xml) for CONSTRUCT and DESCRIBE.
   */
  readonly mediaType: string;
  /** For JSON-LD graphs: the document form. Default compacted. */
  readonly jsonLdForm?: 'compacted' | 'expanded' | 'flattened';
  /** Protocol `default-graph-uri` / `named-graph-uri`; absent means the union default graph and all named graphs. */
  readonly defaultGraphUris?: readonly string[];
  readonly namedGraphUris?: readonly string[];
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Who asks (the client's address): an adapter may bound the heavy queries waiting per client. */
  readonly client?: string;
}

/** What a readiness check reports of the index, without waiting for an engine. */
export interface SparqlIndexStatus {
  /**
   * `ready`: a query starts now; `busy`: every engine is running a query (queries wait their turn);
   * `loading`: no engine is loaded yet; `degraded`: engines failed and are restarting.
   */
  readonly state: 'ready' | 'busy' | 'loading' | 'degraded';
  /** Quads in the index at its last load or change, null before the first load. */
  readonly quads: number | null;
  readonly engines: { readonly ready: number; readonly loading: number; readonly busy: number };
  readonly queued: number;
}

export interface SparqlQueryResult {
  readonly mediaType: string;
  readonly body: string;
}

export interface SparqlIndex {
  /**
   * True when the index keeps its content across restarts (a SPARQL server): its projection then keeps
   * a cursor in the store and catches up, instead of rebuilding at every start.
   */
  readonly persistent?: boolean;
  /**
   * Replaces or drops named graphs. Resolves when every replica has applied the batch. A server-backed
   * index sends no further write once `signal` aborts (the writer lease was lost) and rejects with its reason.
   * With `fence` (the writer's claim, see claimWrites) a server that can check it refuses the write whole when
   * another writer has claimed the index since: the promise rejects with WritesFencedError.
   */
  apply(changes: readonly GraphReplacement[], options?: { readonly signal?: AbortSignal; readonly fence?: string }): Promise<void>;
  /**
   * A shared index (a SPARQL server): records `fence` in the index as its current writer's claim, so that writes
   * carrying another (an earlier holder of the writer lease, still sending) are refused from then on. Absent on
   * an index only one node writes.
   */
  claimWrites?(fence: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
  /** Empties the index and loads the given batches (a full rebuild). */
  rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void>;
  /**
   * Runs a read-only query. Rejects with QueryTimeoutError when the time limit passes (the query is
   * really stopped), with BadRequestError when the engine refuses the query, with ResultTooLargeError
   * when the result is past the adapter's caps (never a cut-off result), and with TooManyRequestsError
   * or ServiceUnavailableError (with `retryAfter`) when too many queries wait.
   */
  query(request: SparqlQueryRequest): Promise<SparqlQueryResult>;
  /** Number of quads, for statistics (asks an engine: may wait behind queries). */
  size(): Promise<number>;
  /** The index's state for readiness checks, at once, without asking an engine. */
  status(): SparqlIndexStatus;
  close(): Promise<void>;
}

/** A write refused by the index because another writer has claimed it since (its fence is not the writer's). */
export class WritesFencedError extends Error {
  constructor(
    message: string,
    /** The claim the index holds now, as far as the server told it. */
    readonly holder?: string,
  ) {
    super(message);
    this.name = 'WritesFencedError';
  }
}

/**
 * The SPARQL index: a projection of the published records, one named graph per record (the record
 * URI), queried with the default graph as the union of all of them. Rebuildable from the store.
 * Adapters: embedded oxigraph in worker threads (src/sparql/oxigraph); a SPARQL 1.1 server later.
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
  /** Media type to serialise the result in; must suit the query form (checked by the caller). */
  readonly mediaType: string;
  /** Protocol `default-graph-uri` / `named-graph-uri`; absent means the union default graph and all named graphs. */
  readonly defaultGraphUris?: readonly string[];
  readonly namedGraphUris?: readonly string[];
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface SparqlQueryResult {
  readonly mediaType: string;
  readonly body: string;
}

export interface SparqlIndex {
  /** Replaces or drops named graphs. Resolves when every replica has applied the batch. */
  apply(changes: readonly GraphReplacement[]): Promise<void>;
  /** Empties the index and loads the given batches (a full rebuild). */
  rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void>;
  /**
   * Runs a read-only query. Rejects with QueryTimeoutError when the time limit passes (the query is
   * really stopped) and with BadRequestError when the engine refuses the query.
   */
  query(request: SparqlQueryRequest): Promise<SparqlQueryResult>;
  /** Number of quads, for health and statistics. */
  size(): Promise<number>;
  close(): Promise<void>;
}

import oxigraph from 'oxigraph';
import sparqljs from 'sparqljs';
import { BadRequestError } from '../../../src/core/errors.js';
import type { GraphReplacement, SparqlIndex, SparqlQueryRequest, SparqlQueryResult } from '../../../src/core/ports/sparql-index.js';

/**
 * A SparqlIndex for HTTP tests: one in-process oxigraph store, one named graph per record, the
 * union default graph unless the protocol or the query (FROM) names a dataset. It implements the
 * port honestly except for time limits: oxigraph's query() is synchronous here, so a query cannot be
 * stopped (the worker-thread adapter in src/sparql/oxigraph can; time-limit tests use that or the
 * `StalledSparqlIndex`).
 */
export class InProcessSparqlIndex implements SparqlIndex {
  #store = new oxigraph.Store();
  readonly queries: SparqlQueryRequest[] = [];

  async apply(changes: readonly GraphReplacement[]): Promise<void> {
    for (const change of changes) {
      const graph = oxigraph.namedNode(change.graph);
      for (const q of this.#store.match(null, null, null, graph)) this.#store.delete(q);
      if (change.ntriples !== null) this.#store.load(change.ntriples, { format: 'application/n-triples', to_graph_name: graph });
    }
  }

  async rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    this.#store = new oxigraph.Store();
    for await (const batch of batches) await this.apply(batch);
  }

  async query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    this.queries.push(request);
    request.signal?.throwIfAborted();
    const protocolDataset = request.defaultGraphUris !== undefined || request.namedGraphUris !== undefined;
    const parsed = new sparqljs.Parser({ sparqlStar: true }).parse(request.query);
    const queryDataset = parsed.type === 'query' && parsed.from !== undefined && (parsed.from.default.length > 0 || parsed.from.named.length > 0);
    const options = protocolDataset
      ? {
          default_graph: (request.defaultGraphUris ?? []).map((g) => oxigraph.namedNode(g)),
          named_graphs: (request.namedGraphUris ?? []).map((g) => oxigraph.namedNode(g)),
        }
      : queryDataset
        ? {}
        : { use_default_graph_as_union: true };
    let body: unknown;
    try {
      body = this.#store.query(request.query, { ...options, results_format: request.mediaType });
    } catch (error) {
      throw new BadRequestError(`The query could not be evaluated: ${(error as Error).message}`);
    }
    return { mediaType: request.mediaType, body: String(body) };
  }

  async size(): Promise<number> {
    return this.#store.size;
  }

  async close(): Promise<void> {}
}

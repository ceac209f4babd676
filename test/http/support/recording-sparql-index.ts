import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryRequest, SparqlQueryResult } from '../../../src/core/ports/sparql-index.js';

/** Passes everything to a real index and keeps the query requests, to check what the endpoint asked for. */
export class RecordingSparqlIndex implements SparqlIndex {
  readonly queries: SparqlQueryRequest[] = [];
  constructor(private readonly inner: SparqlIndex) {}
  apply(changes: readonly GraphReplacement[]): Promise<void> {
    return this.inner.apply(changes);
  }
  rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    return this.inner.rebuild(batches);
  }
  query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    this.queries.push(request);
    return this.inner.query(request);
  }
  size(): Promise<number> {
    return this.inner.size();
  }
  status(): SparqlIndexStatus {
    return this.inner.status();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

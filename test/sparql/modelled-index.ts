import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryRequest, SparqlQueryResult } from '../../src/core/ports/sparql-index.js';
import { OxigraphSparqlIndex, type OxigraphSparqlIndexOptions } from '../../src/sparql/oxigraph/oxigraph-sparql-index.js';

/**
 * An OxigraphSparqlIndex whose `loadAll` reads a model of its content, kept the way main keeps the
 * store: every change is recorded in the model first, then applied to the index.
 */
export class ModelledIndex implements SparqlIndex {
  readonly model = new Map<string, string>();
  readonly index: OxigraphSparqlIndex;
  /** How many times the index read its whole content through loadAll. */
  loads = 0;

  /** `loadDelayMs`: each read of the whole content waits this long first (a large catalog's load from the store). */
  constructor(
    options: Omit<OxigraphSparqlIndexOptions, 'loadAll'> = {},
    initial: readonly GraphReplacement[] = [],
    private readonly loadDelayMs = 0,
  ) {
    this.record(initial);
    this.index = OxigraphSparqlIndex.start({
      ...options,
      loadAll: () => {
        this.loads++;
        return this.batches();
      },
    });
  }

  async *batches(size = 50): AsyncIterable<readonly GraphReplacement[]> {
    if (this.loadDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.loadDelayMs));
    const all = [...this.model].map(([graph, ntriples]) => ({ graph, ntriples }));
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
  }

  record(changes: readonly GraphReplacement[]): void {
    for (const c of changes) {
      if (c.ntriples === null) this.model.delete(c.graph);
      else this.model.set(c.graph, c.ntriples);
    }
  }

  apply(changes: readonly GraphReplacement[]): Promise<void> {
    this.record(changes);
    return this.index.apply(changes);
  }

  rebuild(batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {
    this.model.clear();
    const record = (batch: readonly GraphReplacement[]): void => this.record(batch);
    return this.index.rebuild(
      (async function* () {
        for await (const batch of batches) {
          record(batch);
          yield batch;
        }
      })(),
    );
  }

  query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    return this.index.query(request);
  }

  size(): Promise<number> {
    return this.index.size();
  }

  status(): SparqlIndexStatus {
    return this.index.status();
  }

  close(): Promise<void> {
    return this.index.close();
  }
}

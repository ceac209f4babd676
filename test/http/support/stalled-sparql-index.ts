import { QueryTimeoutError } from '../../../src/core/errors.js';
import type { GraphReplacement, SparqlIndex, SparqlIndexStatus, SparqlQueryRequest, SparqlQueryResult } from '../../../src/core/ports/sparql-index.js';

/**
 * A SparqlIndex whose queries never finish by themselves: each one ends as the port promises for a
 * query that runs too long — rejected with QueryTimeoutError when its time limit passes, or rejected
 * when its AbortSignal fires. It records what happened to each query, for tests of the HTTP layer's
 * time limit and cancellation.
 */
export class StalledSparqlIndex implements SparqlIndex {
  readonly outcomes: { request: SparqlQueryRequest; outcome: 'timed-out' | 'aborted'; afterMs: number }[] = [];

  async apply(_changes: readonly GraphReplacement[]): Promise<void> {}
  async rebuild(_batches: AsyncIterable<readonly GraphReplacement[]>): Promise<void> {}

  query(request: SparqlQueryRequest): Promise<SparqlQueryResult> {
    const started = performance.now();
    return new Promise((_resolve, reject) => {
      const timer = setTimeout(() => {
        this.outcomes.push({ request, outcome: 'timed-out', afterMs: performance.now() - started });
        reject(new QueryTimeoutError(`stopped after ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      request.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        this.outcomes.push({ request, outcome: 'aborted', afterMs: performance.now() - started });
        reject(request.signal!.reason as Error);
      });
    });
  }

  async size(): Promise<number> {
    return 0;
  }
  status(): SparqlIndexStatus {
    return { state: 'busy', quads: 0, engines: { ready: 1, loading: 0, busy: 1 }, queued: 0 };
  }
  async close(): Promise<void> {}
}

import type { RunState } from '../harvest-run.js';

/** How a SPARQL request ended, as the metrics count it. */
export type SparqlOutcome = 'ok' | 'timeout' | 'cancelled' | 'refused' | 'error';

/** What the SPARQL engines knew of a query's cost when it arrived: known short, never run, known long. */
export type SparqlCostKnown = 'short' | 'unseen' | 'long';

/**
 * What the service counts for its operators (Prometheus at /metrics; src/metrics). Figures read from
 * the store or the indexes (records by kind and status, index lag) are read when scraped.
 */
export interface Metrics {
  /** A request answered: its route pattern (never the raw path: ids would make a series each), method, status, seconds. */
  httpRequest(route: string, method: string, status: number, seconds: number): void;
  /** A harvest run reached its final state. */
  harvestRun(state: RunState): void;
  sparqlQuery(outcome: SparqlOutcome): void;
  /** A SPARQL query started on an engine after waiting this long for one (seconds), by what was known of its cost when it arrived. */
  sparqlEngineWait(cost: SparqlCostKnown, seconds: number): void;
  /** A request refused by a rate limit (`sparql`, `search`). */
  rateLimited(limit: string): void;
  /** The exposition: the text format and its content type. */
  exposition(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/** Counts nothing: for tests and library use. */
export const noMetrics: Metrics = {
  httpRequest() {},
  harvestRun() {},
  sparqlQuery() {},
  sparqlEngineWait() {},
  rateLimited() {},
  exposition: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' }),
};

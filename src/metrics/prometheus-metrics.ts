import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunState } from '../core/harvest-run.js';
import type { Metrics, SparqlCostKnown, SparqlOutcome } from '../core/ports/metrics.js';

/** What the gauges read when Prometheus scrapes. */
export interface MetricsSources {
  /** Records per kind and status. */
  recordCounts(): Promise<readonly { readonly kind: string; readonly status: string; readonly n: number }[]>;
  /** Changes each projection (search, sparql, relations, …) is behind the store's change log. */
  indexLag(): Promise<Readonly<Record<string, number>>>;
  /** Harvests running in this process. */
  runningHarvests(): number;
}

/**
 * Metrics in Prometheus's text format through prom-client (its own registry, so two services in one
 * process, as in tests, never share series), with the process's default metrics (CPU, memory, event
 * loop lag, GC) under the `datakatalog_` prefix.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #requests: Histogram<'route' | 'method' | 'status'>;
  readonly #runs: Counter<'state'>;
  readonly #sparql: Counter<'outcome'>;
  readonly #limited: Counter<'limit'>;
  readonly #engineWait: Histogram<'cost'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'datakatalog_' });
    this.#requests = new Histogram({
      name: 'datakatalog_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#runs = new Counter({ name: 'datakatalog_harvest_runs_total', help: 'Harvest runs that reached a final state in this process, by state.', labelNames: ['state'], registers });
    this.#sparql = new Counter({
      name: 'datakatalog_sparql_queries_total',
      help: 'SPARQL queries by outcome: ok, timeout (stopped at its time limit), cancelled (the client left), refused (limits, bad queries), error.',
      labelNames: ['outcome'],
      registers,
    });
    this.#engineWait = new Histogram({
      name: 'datakatalog_sparql_engine_wait_seconds',
      help: 'Time a SPARQL query waited for an engine before it started, by what was known of its cost when it arrived: short (known short or a lookup of named subjects), unseen (never run), long (known long-running).',
      labelNames: ['cost'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#limited = new Counter({ name: 'datakatalog_rate_limited_requests_total', help: 'Requests refused with 429 by a per-client rate limit, by limit.', labelNames: ['limit'], registers });
    new Gauge({
      name: 'datakatalog_records',
      help: 'Records in the store by kind and status (published, quarantined, removed).',
      labelNames: ['kind', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const r of await sources.recordCounts()) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'datakatalog_index_lag_changes',
      help: "Changes of the store's change log an index (projection) has not applied yet.",
      labelNames: ['index'],
      registers,
      async collect() {
        this.reset();
        for (const [index, lag] of Object.entries(await sources.indexLag())) this.set({ index }, lag);
      },
    });
    new Gauge({
      name: 'datakatalog_harvests_running',
      help: 'Harvests running in this process.',
      registers,
      collect() {
        this.set(sources.runningHarvests());
      },
    });
    // Every state starts at 0, so rates and alerts see the series before the first failure.
    for (const state of ['succeeded', 'failed', 'interrupted'] satisfies RunState[]) this.#runs.inc({ state }, 0);
    for (const outcome of ['ok', 'timeout', 'cancelled', 'refused', 'error'] satisfies SparqlOutcome[]) this.#sparql.inc({ outcome }, 0);
  }

  httpRequest(route: string, method: string, status: number, seconds: number): void {
    this.#requests.observe({ route, method, status: String(status) }, seconds);
  }

  harvestRun(state: RunState): void {
    this.#runs.inc({ state });
  }

  sparqlQuery(outcome: SparqlOutcome): void {
    this.#sparql.inc({ outcome });
  }

  sparqlEngineWait(cost: SparqlCostKnown, seconds: number): void {
    this.#engineWait.observe({ cost }, seconds);
  }

  rateLimited(limit: string): void {
    this.#limited.inc({ limit });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

import express, { type Router } from 'express';
import { RECORD_STATUSES } from '../../core/catalog-record.js';
import type { Logger } from '../../core/ports/logger.js';
import { noMetrics, type Metrics } from '../../core/ports/metrics.js';
import type { SparqlIndex } from '../../core/ports/sparql-index.js';
import type { Store } from '../../core/ports/store.js';

export interface HealthRouteOptions {
  readonly store: Store;
  readonly sparql: SparqlIndex;
  readonly logger: Logger;
  /** How long a check waits for the store's figures before reporting them unknown. Default 500 ms. */
  readonly probeTimeoutMs?: number;
  /** Changes each index (projection) is behind the store; readiness fails past `maxIndexLag`. */
  readonly indexLag?: () => Promise<Readonly<Record<string, number>>>;
  /** The most changes an index may lag while the service counts as ready. Default 10 000. */
  readonly maxIndexLag?: number;
  /**
   * The indexes every node shares (server mode: the SPARQL server, search and relations in PostgreSQL): their lag is
   * reported, but does not make this node unready. Every node is as far behind on them, so taking this one out of a
   * load balancer helps nobody, and after a large harvest it would take them all out at once (a million datasets
   * keep a SPARQL server catching up for hours).
   */
  readonly sharedIndexes?: () => ReadonlySet<string>;
  /** Served at /metrics (Prometheus text format). */
  readonly metrics?: Metrics;
  /** Whether this node holds the scheduler lease (schedules the harvests of every node sharing the store). */
  readonly isScheduler?: () => boolean;
  /** Whether this node writes the indexes shared by every node (holds the projection writer lease). */
  readonly isProjectionWriter?: () => boolean;
}

/** A figure, or the reason it did not come within the probe time (or failed). */
async function probe<T>(what: () => Promise<T>, timeoutMs: number): Promise<{ value: T } | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([what().then((value) => ({ value })), late]);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness. Neither waits for a SPARQL engine: the index reports its state at once.
 *
 *   GET /health, /healthz   liveness: 200 while the process serves requests, whatever the engines do:
 *                           `{ status: "ok", quads, records, sparql, scheduler }` (figures null when
 *                           unknown; `scheduler`: this node holds the scheduler lease;
 *                           `projectionWriter`: it writes the shared indexes)
 *   GET /readyz             readiness: 200 `{ status: "ready" }` when the store answers, a SPARQL
 *                           engine is loaded (running queries or not: `sparql.state` says busy) and
 *                           no index of this node's own is more than `maxIndexLag` changes behind the
 *                           store (`indexLag` lists every index; `sharedIndexes`, those every node
 *                           shares, whose lag is no reason to take one node out);
 *                           503 `{ status: "not-ready", problems }` while the engines load or restart
 *                           after failures, when an index falls behind, or the store does not answer
 *   GET /metrics            Prometheus text format (src/metrics)
 */
export function healthRouter(options: HealthRouteOptions): Router {
  const router = express.Router();
  const timeoutMs = options.probeTimeoutMs ?? 500;
  const figures = async () => {
    const records = await probe(() => options.store.countRecords(), timeoutMs);
    const sparql = options.sparql.status();
    return {
      records: 'value' in records ? { ...Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])), ...records.value } : null,
      recordsError: 'error' in records ? records.error : undefined,
      sparql,
    };
  };

  const live: express.RequestHandler = async (_req, res) => {
    const { records, sparql } = await figures();
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({
      status: 'ok',
      quads: sparql.quads,
      records,
      sparql: { state: sparql.state, engines: sparql.engines, queued: sparql.queued },
      ...(options.isScheduler !== undefined ? { scheduler: options.isScheduler() } : {}),
      ...(options.isProjectionWriter !== undefined ? { projectionWriter: options.isProjectionWriter() } : {}),
    });
  };
  router.get('/health', live);
  router.get('/healthz', live);

  router.get('/readyz', async (_req, res) => {
    const { records, recordsError, sparql } = await figures();
    const lag = options.indexLag === undefined ? undefined : await probe(options.indexLag, timeoutMs);
    const maxLag = options.maxIndexLag ?? 10_000;
    const problems: string[] = [];
    if (recordsError !== undefined) problems.push(`store: ${recordsError}`);
    if (lag !== undefined && 'error' in lag) problems.push(`index lag: ${lag.error}`);
    if (lag !== undefined && 'value' in lag) {
      const shared = options.sharedIndexes?.() ?? new Set<string>();
      for (const [index, behind] of Object.entries(lag.value)) {
        if (behind > maxLag && !shared.has(index)) problems.push(`${index} index: ${behind} changes behind the store (at most ${maxLag} while ready)`);
      }
    }
    if (sparql.state === 'loading') problems.push('SPARQL index: loading, no engine ready yet');
    if (sparql.state === 'degraded') problems.push('SPARQL index: degraded, its engines failed and are restarting');
    if (problems.length > 0) options.logger.warn({ problems }, 'readiness check: not ready');
    res.setHeader('Cache-Control', 'no-store');
    res.status(problems.length === 0 ? 200 : 503).json({
      status: problems.length === 0 ? 'ready' : 'not-ready',
      quads: sparql.quads,
      records,
      sparql: { state: sparql.state, engines: sparql.engines, queued: sparql.queued },
      ...(lag !== undefined && 'value' in lag ? { indexLag: lag.value } : {}),
      ...(options.sharedIndexes !== undefined ? { sharedIndexes: [...options.sharedIndexes()].sort() } : {}),
      ...(options.isScheduler !== undefined ? { scheduler: options.isScheduler() } : {}),
      ...(options.isProjectionWriter !== undefined ? { projectionWriter: options.isProjectionWriter() } : {}),
      ...(problems.length > 0 ? { problems } : {}),
    });
  });

  const metrics = options.metrics ?? noMetrics;
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', contentType);
    res.send(body);
  });
  return router;
}

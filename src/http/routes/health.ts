import express, { type Router } from 'express';
import { RECORD_STATUSES } from '../../core/catalog-record.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SparqlIndex } from '../../core/ports/sparql-index.js';
import type { Store } from '../../core/ports/store.js';

export interface HealthRouteOptions {
  readonly store: Store;
  readonly sparql: SparqlIndex;
  readonly logger: Logger;
  /** How long the health check waits for each figure before reporting it unknown. Default 2 s. */
  readonly probeTimeoutMs?: number;
}

/** A figure, or null when it did not come within the probe time (or failed). */
async function probe<T>(what: Promise<T>, timeoutMs: number): Promise<{ value: T } | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([what.then((value) => ({ value })), late]);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /health: `{ status, quads, records: { published, quarantined, removed } }`.
 * 200 with status "ok" when the store and the SPARQL index both answer; 503 with status "degraded"
 * and the reason when one does not (a figure that does not come within the probe time counts).
 */
export function healthRouter(options: HealthRouteOptions): Router {
  const router = express.Router();
  const timeoutMs = options.probeTimeoutMs ?? 2000;
  router.get('/health', async (_req, res) => {
    const [quads, records] = await Promise.all([probe(options.sparql.size(), timeoutMs), probe(options.store.countRecords(), timeoutMs)]);
    const problems: string[] = [];
    if ('error' in quads) problems.push(`SPARQL index: ${quads.error}`);
    if ('error' in records) problems.push(`store: ${records.error}`);
    if (problems.length > 0) options.logger.warn({ problems }, 'health check degraded');
    res.setHeader('Cache-Control', 'no-store');
    res.status(problems.length === 0 ? 200 : 503).json({
      status: problems.length === 0 ? 'ok' : 'degraded',
      quads: 'value' in quads ? quads.value : null,
      records: 'value' in records ? { ...Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])), ...records.value } : null,
      ...(problems.length > 0 ? { problems } : {}),
    });
  });
  return router;
}

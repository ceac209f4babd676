import type { EnvReader } from './env-reader.js';

/** Running the service: rate limits, readiness, history retention and the LDES page size. */
export interface OperationsSettings {
  /** Per-client rate limits (requests per window from one address); 0 turns a limit off. */
  readonly rateLimits: {
    readonly sparql: number;
    readonly search: number;
    /** Record URIs (every representation, the portal's record pages, versions), the LDES and the change log. */
    readonly records: number;
    readonly windowMs: number;
  };
  /** /readyz fails while an index is more changes than this behind the store. */
  readonly readyMaxIndexLag: number;
  /** How long published versions are kept in the history (and the change log, feeds of changes, LDES); 0 keeps everything. */
  readonly historyRetentionMs: number;
  /** Members per page of the LDES (/ldes). */
  readonly ldesPageSize: number;
  /**
   * PROJECTION_LEASE_TTL: with several nodes on one PostgreSQL, one node at a time writes the shared
   * indexes (the SPARQL server, search in PostgreSQL); its lease lasts this long unless renewed.
   */
  readonly projectionLeaseTtlMs: number;
  /**
   * HEAP_GROWTH_PERCENT: how far each heap of the process may grow beyond what its last full garbage
   * collection kept before it collects again (src/heap-growth.ts); 0 leaves it to V8 (up to 300 %).
   */
  readonly heapGrowthPercent: number;
}

/** The default HEAP_GROWTH_PERCENT (see README.md, Configuration, for the measurements). */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

export function readOperationsSettings(r: EnvReader): OperationsSettings {
  const settings: OperationsSettings = {
    rateLimits: {
      sparql: r.int('RATE_LIMIT_SPARQL', 300, 0, 1_000_000),
      search: r.int('RATE_LIMIT_SEARCH', 1200, 0, 1_000_000),
      records: r.int('RATE_LIMIT_RECORDS', 1200, 0, 1_000_000),
      windowMs: r.duration('RATE_LIMIT_WINDOW', 60_000),
    },
    readyMaxIndexLag: r.int('READY_MAX_INDEX_LAG', 10_000, 0, 100_000_000),
    historyRetentionMs: r.duration('HISTORY_RETENTION', 0),
    ldesPageSize: r.int('LDES_PAGE_SIZE', 250, 1, 10_000),
    projectionLeaseTtlMs: r.duration('PROJECTION_LEASE_TTL', 30_000),
    heapGrowthPercent: r.int('HEAP_GROWTH_PERCENT', DEFAULT_HEAP_GROWTH_PERCENT, 0, 1000),
  };
  if (settings.heapGrowthPercent > 0 && settings.heapGrowthPercent < 10) r.problems.push(`HEAP_GROWTH_PERCENT (${settings.heapGrowthPercent}) is below 10: every heap would be collected in full almost all the time; 0 leaves it to V8.`);
  if (settings.projectionLeaseTtlMs < 1000) r.problems.push(`PROJECTION_LEASE_TTL (${settings.projectionLeaseTtlMs} ms) is below 1 s.`);
  if (settings.rateLimits.windowMs < 1000) r.problems.push(`RATE_LIMIT_WINDOW (${settings.rateLimits.windowMs} ms) is below 1 s.`);
  if (settings.historyRetentionMs > 0 && settings.historyRetentionMs < 3600e3) r.problems.push(`HISTORY_RETENTION (${settings.historyRetentionMs} ms) is below one hour; 0 keeps everything.`);
  return settings;
}

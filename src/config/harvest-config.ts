import type { EnvReader } from './env-reader.js';

/** How sources are fetched (the guard's caps) and when they are harvested again. */
export interface HarvestConfig {
  /** Hosts (`host` or `host:port`) that may be fetched even when they resolve to private addresses. */
  readonly allowedHosts: readonly string[];
  readonly maxBytes: number;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxRedirects: number;
  readonly maxPages: number;
  /** Re-harvest every registered source at this interval (a source may set its own); 0 turns the scheduler off. */
  readonly intervalMs: number;
  /** Each due time is spread by up to this fraction of the interval, so sources registered together do not all run at once. */
  readonly jitter: number;
  /** Scheduled harvests running at once in this process. */
  readonly concurrency: number;
  /** After a failed run, wait this long before the next try, doubling per failure in a row up to the source's interval. */
  readonly backoffMs: number;
  /** SCHEDULER_LEASE_TTL: how long the scheduler lease (one scheduling node at a time) lasts unless its holder renews it. */
  readonly schedulerLeaseTtlMs: number;
  readonly userAgent: string;
}

export function readHarvestConfig(r: EnvReader): HarvestConfig {
  return {
    allowedHosts: r.list('HARVEST_ALLOWED_HOSTS'),
    maxBytes: r.bytes('HARVEST_MAX_BYTES', 100e6),
    connectTimeoutMs: r.duration('HARVEST_CONNECT_TIMEOUT', 10_000),
    idleTimeoutMs: r.duration('HARVEST_IDLE_TIMEOUT', 30_000),
    totalTimeoutMs: r.duration('HARVEST_TIMEOUT', 120_000),
    maxRedirects: r.int('HARVEST_MAX_REDIRECTS', 5, 0, 20),
    maxPages: r.int('HARVEST_MAX_PAGES', 10_000, 1, 1_000_000),
    intervalMs: r.duration('HARVEST_INTERVAL', 24 * 3600e3),
    userAgent: r.str('HARVEST_USER_AGENT', 'datakatalog-harvester/0.1 (+https://github.com/datakatalog)'),
    jitter: r.int('HARVEST_JITTER_PERCENT', 10, 0, 50) / 100,
    concurrency: r.int('HARVEST_CONCURRENCY', 2, 1, 64),
    backoffMs: r.duration('HARVEST_BACKOFF', 5 * 60_000),
    schedulerLeaseTtlMs: r.duration('SCHEDULER_LEASE_TTL', 60_000),
  };
}

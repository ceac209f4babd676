import type { EnvReader } from './env-reader.js';

/** The URL checker of distributions' access and download URLs (src/quality), through the harvest's guard. */
export interface UrlCheckConfig {
  /** Time between two rounds over the published datasets; 0: no URL checks. */
  readonly intervalMs: number;
  /** How long a result counts before the URL is checked again. */
  readonly ttlMs: number;
  /** The least time between two requests to one host. */
  readonly hostIntervalMs: number;
  readonly timeoutMs: number;
  /** A host's longer Retry-After is not waited for: its URLs wait for the next round. */
  readonly maxRetryAfterMs: number;
  readonly hostsAtOnce: number;
}

export function readUrlCheckConfig(r: EnvReader): UrlCheckConfig {
  return {
    intervalMs: r.duration('URL_CHECK_INTERVAL', 3_600_000),
    ttlMs: r.duration('URL_CHECK_TTL', 7 * 86_400_000),
    hostIntervalMs: r.duration('URL_CHECK_HOST_INTERVAL', 1_000),
    timeoutMs: r.duration('URL_CHECK_TIMEOUT', 10_000),
    maxRetryAfterMs: r.duration('URL_CHECK_MAX_RETRY_AFTER', 60_000),
    hostsAtOnce: r.int('URL_CHECK_HOSTS_AT_ONCE', 4, 1, 64),
  };
}

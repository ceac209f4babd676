import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { TooManyRequestsError } from '../core/errors.js';
import { noMetrics, type Metrics } from '../core/ports/metrics.js';

export interface RateLimit {
  /** Requests one client (address) may make in each window; 0 turns the limit off. */
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * A per-client rate limit (express-rate-limit, in memory, per process): past `limit` requests in a
 * window the client gets 429 `too-many-requests` with `Retry-After` (seconds to the window's end) and
 * the `RateLimit` headers of the IETF draft; the problem is rendered in the one place problems are.
 */
export function perClientRateLimit(name: string, options: RateLimit, metrics: Metrics = noMetrics): RequestHandler {
  if (options.limit <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, _res, next) => {
      metrics.rateLimited(name);
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000));
      next(
        new TooManyRequestsError(`Too many ${name} requests from this client: at most ${options.limit} per ${Math.round(options.windowMs / 1000)} s. Try again in ${retryAfter} s.`, {
          retryAfter,
          limit: options.limit,
          windowSeconds: Math.round(options.windowMs / 1000),
        }),
      );
    },
  });
}

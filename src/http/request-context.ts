import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { logContext } from '../core/log-context.js';
import type { Logger } from '../core/ports/logger.js';
import { noMetrics, type Metrics } from '../core/ports/metrics.js';

/** A client-supplied request id is kept when it is short and plain; otherwise a new one is made. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of the response (set by `requestContext`). */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The route pattern a request was answered by (`/datasets/:id`, never the path with its id), for
 * metrics: one series per route, not per record. `unmatched` when no route took it (404s, 405s).
 */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

/**
 * Gives every request an id (`X-Request-Id`, echoed in the response and in problem documents), runs
 * the rest of its handling inside the log context so every log line written for it carries the id,
 * logs each request at debug level when its response is finished (method, path, status, duration) and
 * counts its duration by route for the metrics.
 */
export function requestContext(logger: Logger, metrics: Metrics = noMetrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('X-Request-Id');
    const requestId = incoming !== undefined && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.httpRequest(routeOf(req), req.method, res.statusCode, ms / 1000);
      logger.debug(
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, completed: res.writableFinished },
        'request',
      );
    });
    logContext.run({ requestId }, next);
  };
}

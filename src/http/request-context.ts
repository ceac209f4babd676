import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../core/ports/logger.js';

/** A client-supplied request id is kept when it is short and plain; otherwise a new one is made. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of the response (set by `requestContext`). */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Gives every request an id (`X-Request-Id`, echoed in the response and in problem documents) and
 * logs each request at debug level when its response is finished: method, path, status, duration.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('X-Request-Id');
    const requestId = incoming !== undefined && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug(
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, completed: res.writableFinished },
        'request',
      );
    });
    next();
  };
}

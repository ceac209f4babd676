import type { ErrorRequestHandler, Request } from 'express';
import { h } from 'preact';
import { AppError, GoneError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import { requestIdOf } from '../request-context.js';
import { sendPage } from './html/send-html.js';
import { ErrorPage } from './pages/error-page.js';
import { GonePage } from './pages/gone-page.js';
import { portalContext } from './portal-context.js';

/**
 * Whether the client wants a page rather than a problem document: it prefers text/html (a browser)
 * and did not ask an API path. curl, fetch and RDF clients keep getting application/problem+json.
 */
export function wantsPage(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return false;
  if (req.path.startsWith('/api/') || req.path === '/health') return false;
  return req.accepts(['application/problem+json', 'application/json', 'text/html']) === 'text/html';
}

/**
 * Error pages for browsers (404, 410, 400-range, 500) in the user's language, before the one problem
 * renderer; every other client's error passes on to it untouched.
 */
export function errorPages(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent || !wantsPage(req)) {
      next(error);
      return;
    }
    const ctx = portalContext(req);
    if (error instanceof GoneError) {
      const removedAt = typeof error.extra.removedAt === 'string' ? error.extra.removedAt : '';
      const iri = typeof error.extra.iri === 'string' ? error.extra.iri : undefined;
      sendPage(req, res, h(GonePage, { ctx, removedAt, ...(iri !== undefined ? { iri } : {}) }), { status: 410 });
      return;
    }
    const requestId = requestIdOf(res);
    const libraryStatus = (error as { status?: unknown } | null)?.status;
    if (!(error instanceof AppError) && typeof libraryStatus === 'number' && libraryStatus < 500) {
      // A body parser's client error: the problem renderer knows how to word it.
      next(error);
      return;
    }
    if (error instanceof AppError && error.status < 500) {
      if (error.status === 405 || error.status === 406 || error.status === 401 || error.status === 403) {
        next(error);
        return;
      }
      sendPage(req, res, h(ErrorPage, { ctx, status: error.status, detail: error.message }), { status: error.status });
      return;
    }
    if (error instanceof AppError) {
      logger.warn({ requestId, url: req.originalUrl, status: error.status, detail: error.message }, error.title);
    } else {
      logger.error({ err: error, requestId, url: req.originalUrl, method: req.method }, 'Unexpected error while answering a page');
    }
    const status = error instanceof AppError ? error.status : 500;
    sendPage(req, res, h(ErrorPage, { ctx, status, ...(requestId !== undefined ? { requestId } : {}) }), { status });
  };
}

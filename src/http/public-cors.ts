import type { Request, RequestHandler, Response, Router } from 'express';

/** Response headers a browser script may read on a cross-origin answer. */
const EXPOSED = ['ETag', 'Last-Modified', 'Location', 'Link', 'Vary', 'X-Request-Id', 'Warning'].join(', ');

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, HEAD, POST',
  'Access-Control-Allow-Headers': 'Accept, Content-Type, If-None-Match, If-Modified-Since, X-Request-Id',
  'Access-Control-Max-Age': '86400',
} as const;

const isPreflight = (req: Request): boolean => req.method === 'OPTIONS' && req.get('Access-Control-Request-Method') !== undefined;

/** Sets the CORS headers of a public read endpoint (and of a preflight answer); says whether it is a preflight. */
function setCorsHeaders(req: Request, res: Response): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  const preflight = isPreflight(req);
  if (preflight) for (const [name, value] of Object.entries(PREFLIGHT_HEADERS)) res.setHeader(name, value);
  return preflight;
}

function removeCorsHeaders(res: Response): void {
  for (const name of ['Access-Control-Allow-Origin', 'Access-Control-Expose-Headers', ...Object.keys(PREFLIGHT_HEADERS)]) res.removeHeader(name);
}

/**
 * CORS for the public read endpoints (SPARQL, record URIs, search): any origin may read them, without
 * credentials. Preflights (e.g. a POST with `application/sparql-query` or JSON) are answered here with
 * 204; the methods allowed are the read methods and POST (SPARQL queries and searches are POSTed).
 * `Authorization` is not an allowed header: nothing that needs a token is open to other origins.
 */
export function publicCors(): RequestHandler {
  return (req, res, next) => {
    if (setCorsHeaders(req, res)) {
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * The same CORS, for a router that may share its mount path with others (e.g. mounted at `/`): the
 * headers stay only on requests the router answers (errors included); a request it passes on leaves
 * without them. A preflight is answered by the router's automatic OPTIONS answer for its paths.
 */
export function withPublicCors(router: Router): RequestHandler {
  const handler: RequestHandler = (req, res, next) => {
    setCorsHeaders(req, res);
    router(req, res, (error?: unknown) => {
      if (error === undefined || error === 'route' || error === 'router') removeCorsHeaders(res);
      next(error);
    });
  };
  // The wrapped router's routes stay readable where the app's routes are listed (the /openapi.json completeness test).
  return Object.assign(handler, { stack: router.stack });
}

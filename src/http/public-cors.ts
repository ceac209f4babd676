import type { RequestHandler } from 'express';

/** Response headers a browser script may read on a cross-origin answer. */
const EXPOSED = ['ETag', 'Last-Modified', 'Location', 'Link', 'Vary', 'X-Request-Id', 'Warning'].join(', ');

/**
 * CORS for the public read endpoints (SPARQL, record URIs, search): any origin may read them, without
 * credentials. Preflights (e.g. a POST with `application/sparql-query` or JSON) are answered here with
 * 204; the methods allowed are the read methods and POST (SPARQL queries and searches are POSTed).
 */
export function publicCors(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED);
    if (req.method === 'OPTIONS' && req.get('Access-Control-Request-Method') !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Accept, Content-Type, If-None-Match, If-Modified-Since, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '86400');
      res.status(204).end();
      return;
    }
    next();
  };
}

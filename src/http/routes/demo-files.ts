import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the demo catalog's payload files read-only at /demo/<file>, so the demo is harvested over
 * HTTP through the real pipeline (fetch, content negotiation, paging) like any agency's catalog.
 */
export function createDemoFilesRouter(demoDir: string): Router {
  const router = express.Router();
  const types: Record<string, string> = { '.ttl': 'text/turtle', '.rdf': 'application/rdf+xml', '.jsonld': 'application/ld+json', '.nt': 'application/n-triples', '.yaml': 'application/yaml', '.json': 'application/json' };
  router.use(
    '/demo',
    express.static(demoDir, {
      index: false,
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders: (res, file) => {
        const type = types[path.extname(file)];
        if (type) res.setHeader('Content-Type', `${type}; charset=utf-8`);
      },
    }),
  );
  return router;
}

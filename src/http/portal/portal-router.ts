import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { h } from 'preact';
import type { Logger } from '../../core/ports/logger.js';
import type { SearchIndex } from '../../core/ports/search-index.js';
import type { Store } from '../../core/ports/store.js';
import type { Validator } from '../../core/ports/validator.js';
import { queryParameters } from '../routes/search-request.js';
import { portalAssets } from './assets/asset-bundle.js';
import { errorPages } from './error-pages.js';
import { sendPage } from './html/send-html.js';
import { localPath } from './html/safe-url.js';
import { isPortalLanguage, LANGUAGE_COOKIE } from './i18n/portal-language.js';
import { HomePage } from './pages/home-page.js';
import { SearchPage } from './pages/search-page.js';
import { linkOf, portalContext } from './portal-context.js';
import { countsBySegment, kindCountsFor } from './search/kind-counts.js';
import { searchQueryOf, searchStateOf } from './search/search-state.js';

export interface PortalDeps {
  readonly store: Store;
  readonly search: SearchIndex;
  readonly validator: Validator;
  readonly logger: Logger;
  /** Public base URL (no trailing slash) of record URIs. */
  readonly baseUrl: string;
  /** Clock (tests set it). */
  readonly now?: () => number;
}

/** One year, the language cookie's lifetime. */
const COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/**
 * The portal's pages (mount at the app root, before the record URIs): static assets, the language
 * switch, the home page and search. Record pages, sources, publishers, the validator and the SPARQL
 * page live beside this router.
 */
export function portalRouter(deps: PortalDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;

  router.get('/assets/:file', (req: Request, res: Response, next) => {
    const asset = portalAssets().find(req.path);
    if (asset === undefined) {
      next();
      return;
    }
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', asset.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.get('If-None-Match') === asset.etag) {
      res.status(304).end();
      return;
    }
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.send(asset.gzipped);
    } else {
      res.send(asset.body);
    }
  });

  // The visible language switch: remember the choice and go back to the same page in that language.
  router.get('/language', (req, res) => {
    const params = queryParameters(req.originalUrl);
    const to = params.get('to')?.[0];
    const back = localPath(params.get('back')?.[0]);
    if (!isPortalLanguage(to)) {
      res.redirect(303, back);
      return;
    }
    res.cookie(LANGUAGE_COOKIE, to, { maxAge: COOKIE_MAX_AGE_S * 1000, sameSite: 'lax', httpOnly: true, path: '/' });
    const url = new URL(back, 'http://portal.invalid');
    url.searchParams.delete('lang');
    const rest = Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)]));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, linkOf(to, url.pathname, rest));
  });

  router.get('/', async (req, res) => {
    const ctx = portalContext(req);
    const overview = await deps.search.search({ q: '', filters: {}, sort: { field: 'modified', direction: 'desc' }, page: 0, size: 8, lang: ctx.lang, facetSize: 12 });
    sendPage(req, res, h(HomePage, { ctx, overview, kindCounts: countsBySegment(overview) }));
  });

  router.get('/search', async (req, res) => {
    const ctx = portalContext(req);
    const state = searchStateOf(queryParameters(req.originalUrl), deps.search.facets);
    const query = searchQueryOf(state, ctx.lang, deps.search.facets);
    const response = await deps.search.search(query);
    const kindCounts = await kindCountsFor(deps.search, query, response);
    const today = new Date(now()).toISOString().slice(0, 10);
    sendPage(req, res, h(SearchPage, { ctx, state, response, kindCounts, today }));
  });

  return router;
}

/** The portal as the app mounts it: its pages, and its error pages for browsers. */
export function createPortal(deps: PortalDeps): { readonly router: Router; readonly errorPages: ErrorRequestHandler } {
  return { router: portalRouter(deps), errorPages: errorPages(deps.logger) };
}

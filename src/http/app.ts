import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from '../core/ports/logger.js';
import { takeWaitingAnswers } from '../core/prompt-answers.js';
import { noMetrics, type Metrics } from '../core/ports/metrics.js';
import type { RelationsIndex } from '../core/ports/relations-index.js';
import type { SparqlIndex } from '../core/ports/sparql-index.js';
import type { Store } from '../core/ports/store.js';
import { RECORD_SEGMENTS } from '../core/resource-kind.js';
import { methodNotAllowedHandler, type RouterMount } from './method-not-allowed.js';
import { notFoundHandler, problemRenderer } from './problem-renderer.js';
import { publicCors, withPublicCors } from './public-cors.js';
import { perClientRateLimit, type RateLimit } from './rate-limits.js';
import { requestContext } from './request-context.js';
import { changesRouter } from './routes/changes.js';
import { publisherQualityRouter } from './routes/publisher-quality.js';
import type { PublisherQuality } from '../core/ports/publisher-quality.js';
import { healthRouter } from './routes/health.js';
import { ldesRouter } from './routes/ldes.js';
import { openApiRouter } from './routes/openapi.js';
import { recordHistoryRouter } from './routes/record-history.js';
import { relationsRouter } from './routes/relations.js';
import { resourcesRouter } from './routes/resources.js';
import { dataServiceApiRouter } from './routes/data-service-api.js';
import { sparqlRouter } from './routes/sparql.js';
import { securityHeaders } from './security-headers.js';
import type { TermLabels } from '../core/term-labels.js';

/** A router the app mounts at `path`, after its own routes and before the 404 and error handlers. */
export interface MountedRouter {
  readonly path: string;
  readonly router: Router;
  /**
   * Parse `application/json` bodies (up to the app's jsonLimit) before this router. Default false.
   * The parser sees every request under `path`, also those the router passes on: mounted at `/`, it
   * would take the JSON bodies meant for later routers (e.g. a JSON-LD document POSTed to a raw-body
   * route). A router mounted at `/` should parse its own bodies instead.
   */
  readonly json?: boolean;
  /** A public read endpoint: CORS for any origin, on the requests this router answers. Default false. */
  readonly cors?: boolean;
}

export interface AppDeps {
  readonly logger: Logger;
  /** Public base URL (no trailing slash): record URIs are `{baseUrl}/datasets/{id}`. */
  readonly baseUrl: string;
  readonly store: Store;
  readonly sparql: SparqlIndex;
  /** The relations index: `/{segment}/{id}/relations` and relation counts in record JSON views. */
  readonly relations?: RelationsIndex;
  /** Labels of vocabulary terms: record JSON views label the terms a record uses (themes, formats, licences, …). */
  readonly labels?: TermLabels;
  /** Time limit of a SPARQL query, ms (a request may lower it with `timeout`). */
  readonly sparqlTimeoutMs: number;
  /** The longest SPARQL query accepted, in characters. */
  readonly maxQueryLength: number;
  /** The lowest time limit the SPARQL `timeout` parameter may set, ms. Default 0. */
  readonly sparqlMinTimeoutMs?: number;
  /** Largest JSON body for routers mounted with `json: true`. Default 1 MB. */
  readonly jsonLimit?: number | string;
  /** More routers (search, harvest sources, demo files, …). */
  readonly routers?: readonly MountedRouter[];
  /**
   * The web portal: its pages are mounted before the record URIs (a browser asking a record URI for
   * text/html gets the record's page), its error pages before the problem renderer (browsers get
   * 404/410/500 pages; every other client keeps getting problem documents).
   */
  readonly portal?: { readonly router: Router; readonly errorPages: ErrorRequestHandler };
  /** Request durations, SPARQL outcomes and rate-limit refusals are counted here; /metrics serves it. */
  readonly metrics?: Metrics;
  /**
   * Per-client limits of `/sparql`, of search (the search API, suggestions, the search page, the feeds) and of
   * records (RECORD_PATHS). Default: none.
   */
  readonly rateLimits?: { readonly sparql: RateLimit; readonly search: RateLimit; readonly records?: RateLimit };
  /** Changes each index is behind the store, for /readyz (ready while none is past `maxIndexLag`). */
  readonly indexLag?: () => Promise<Readonly<Record<string, number>>>;
  readonly maxIndexLag?: number;
  /** The indexes every node shares (server mode): listed by /readyz, their lag no reason for this node to be unready. */
  readonly sharedIndexes?: () => ReadonlySet<string>;
  /** Whether this node schedules the harvests (holds the scheduler lease): /health and /readyz say so. */
  readonly isScheduler?: () => boolean;
  /** Whether this node writes the shared indexes (holds the projection writer lease): /health and /readyz say so. */
  readonly isProjectionWriter?: () => boolean;
  /** HISTORY_RETENTION (ms; 0 keeps everything): the LDES states it as its retention policy. */
  readonly historyRetentionMs?: number;
  /** Members per LDES page. Default 250. */
  readonly ldesPageSize?: number;
  /** Publishers' quality reports: `/api/publishers/{orgnr}/quality` is served when given. */
  readonly publisherQuality?: PublisherQuality;
}

/** The paths the search rate limit covers. */
export const SEARCH_PATHS: readonly string[] = ['/api/search', '/api/suggest', '/search', '/feed.rss', '/feed.atom'];

/**
 * The paths the records rate limit covers: record URIs in every representation (the portal's record pages,
 * JSON views, past versions, relations), the LDES and the change log. A record page reads its record's
 * whole graph (up to 50 000 triples: 0.1–0.7 s), so one client asking for large records as fast as it can
 * would hold the thread that serves everyone.
 */
export const RECORD_PATHS: readonly string[] = ['/resources', ...RECORD_SEGMENTS.map((s) => `/${s}`), '/ldes', '/api/changes', '/api/concepts'];

/** Paths of the public read endpoints (CORS for any origin): SPARQL, record URIs, the search API. */
export const PUBLIC_READ_PATHS: readonly string[] = [
  '/sparql',
  '/resources',
  ...RECORD_SEGMENTS.map((s) => `/${s}`),
  '/search',
  '/api/search',
  '/api/suggest',
  '/api/concepts',
  '/api/changes',
  '/api/publishers',
  '/feed.rss',
  '/feed.atom',
  '/ldes',
  '/openapi.json',
];

/**
 * The HTTP application: security headers, request ids and debug request logging, CORS on the public
 * read endpoints, `GET /health`, the SPARQL endpoint, the record URIs, the given routers, then the
 * 404 handler and the one problem renderer (application/problem+json for every error).
 * Paths are relative to the app root; `baseUrl` is what clients see (a proxy may add a path prefix).
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Representations set their own validators (record URIs); hashing every SPARQL result is waste.
  app.set('etag', false);
  // Parameters are read from the raw query string (repeated parameters matter to the SPARQL protocol).
  app.set('query parser', 'simple');

  const metrics = deps.metrics ?? noMetrics;
  // Answers of worker threads that wait are handled before this request: begun work finishes first.
  app.use((_req, _res, next) => {
    takeWaitingAnswers();
    next();
  });
  app.use(requestContext(deps.logger, metrics));
  app.use(securityHeaders());
  app.use([...PUBLIC_READ_PATHS], publicCors());
  if (deps.rateLimits !== undefined) {
    app.use('/sparql', perClientRateLimit('sparql', deps.rateLimits.sparql, metrics));
    app.use([...SEARCH_PATHS], perClientRateLimit('search', deps.rateLimits.search, metrics));
    if (deps.rateLimits.records !== undefined) app.use([...RECORD_PATHS], perClientRateLimit('records', deps.rateLimits.records, metrics));
  }

  const own: RouterMount[] = [
    {
      path: '/',
      router: healthRouter({
        store: deps.store,
        sparql: deps.sparql,
        logger: deps.logger,
        metrics,
        ...(deps.indexLag !== undefined ? { indexLag: deps.indexLag } : {}),
        ...(deps.maxIndexLag !== undefined ? { maxIndexLag: deps.maxIndexLag } : {}),
        ...(deps.sharedIndexes !== undefined ? { sharedIndexes: deps.sharedIndexes } : {}),
        ...(deps.isScheduler !== undefined ? { isScheduler: deps.isScheduler } : {}),
        ...(deps.isProjectionWriter !== undefined ? { isProjectionWriter: deps.isProjectionWriter } : {}),
      }),
    },
    { path: '/', router: openApiRouter({ baseUrl: deps.baseUrl }) },
    // Before the portal's record pages: `?version=N` on a record URI is a past version, for every client.
    { path: '/', router: recordHistoryRouter({ store: deps.store, baseUrl: deps.baseUrl }) },
    { path: '/', router: changesRouter({ store: deps.store, baseUrl: deps.baseUrl }) },
    ...(deps.publisherQuality !== undefined ? [{ path: '/', router: publisherQualityRouter({ reports: deps.publisherQuality }) }] : []),
    { path: '/', router: ldesRouter({ store: deps.store, baseUrl: deps.baseUrl, retentionMs: deps.historyRetentionMs ?? 0, ...(deps.ldesPageSize !== undefined ? { pageSize: deps.ldesPageSize } : {}) }) },
    ...(deps.portal !== undefined ? [{ path: '/', router: deps.portal.router }] : []),
    {
      path: '/',
      router: sparqlRouter({
        sparql: deps.sparql,
        logger: deps.logger,
        baseUrl: deps.baseUrl,
        timeoutMs: deps.sparqlTimeoutMs,
        maxQueryLength: deps.maxQueryLength,
        metrics,
        ...(deps.sparqlMinTimeoutMs !== undefined ? { minTimeoutMs: deps.sparqlMinTimeoutMs } : {}),
      }),
    },
    { path: '/', router: resourcesRouter({ store: deps.store, baseUrl: deps.baseUrl, ...(deps.relations !== undefined ? { relations: deps.relations } : {}), ...(deps.labels !== undefined ? { labels: deps.labels } : {}) }) },
    { path: '/', router: dataServiceApiRouter({ store: deps.store, baseUrl: deps.baseUrl }) },
    ...(deps.relations !== undefined ? [{ path: '/', router: relationsRouter({ store: deps.store, relations: deps.relations, baseUrl: deps.baseUrl }) }] : []),
  ];
  for (const mount of own) app.use(mount.router);

  const json = express.json({ limit: deps.jsonLimit ?? '1mb' });
  for (const mounted of deps.routers ?? []) {
    if (mounted.json === true && (mounted.path === '/' || mounted.path === '')) {
      deps.logger.warn(
        { path: mounted.path },
        'A router mounted at / with json: true parses the JSON bodies of every later route too; let it parse its own bodies.',
      );
    }
    const handler = mounted.cors === true ? withPublicCors(mounted.router) : mounted.router;
    if (mounted.json === true) app.use(mounted.path, json, handler);
    else app.use(mounted.path, handler);
  }

  app.use(methodNotAllowedHandler(() => [...own, ...(deps.routers ?? [])]));
  app.use(notFoundHandler());
  if (deps.portal !== undefined) app.use(deps.portal.errorPages);
  app.use(problemRenderer(deps.logger));
  return app;
}

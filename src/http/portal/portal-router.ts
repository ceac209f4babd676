import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { h } from 'preact';
import type { Logger } from '../../core/ports/logger.js';
import type { RelationsIndex } from '../../core/ports/relations-index.js';
import type { SearchIndex } from '../../core/ports/search-index.js';
import type { Store } from '../../core/ports/store.js';
import type { DocumentValidator } from '../../core/ports/validator.js';
import { AppError, BadRequestError, NotFoundError } from '../../core/errors.js';
import type { HarvestSource } from '../../core/harvest-source.js';
import { isValidOrganisationNumber } from '../../core/organisation-number.js';
import { pathSegmentOf, RECORD_SEGMENTS, RESOURCE_KINDS, type ResourceKind } from '../../core/resource-kind.js';
import { organisationIri } from '../../rdf/namespaces.js';
import { queryParameters } from '../routes/search-request.js';
import { portalAssets } from './assets/asset-bundle.js';
import { errorPages } from './error-pages.js';
import { applyDownloadFormat } from '../download-format.js';
import { sendPage } from './html/send-html.js';
import { localPath } from './html/safe-url.js';
import { isPortalLanguage, LANGUAGE_COOKIE } from './i18n/portal-language.js';
import { abortWhenClientLeaves, validateSentDocument } from '../validate-document-input.js';
import { apiDescription } from '../openapi/api-description.js';
import { ApiReferencePage } from './pages/api-reference-page.js';
import { HomePage } from './pages/home-page.js';
import { PublisherPage } from './pages/publisher-page.js';
import { RunPage } from './pages/run-page.js';
import { SourcesPage, type SourceStatus } from './pages/sources-page.js';
import { ValidatorPage, type ValidatorOutcome } from './pages/validator-page.js';
import { readForm } from './validator/read-form.js';
import { RecordPage } from './pages/record-page.js';
import { loadRecordView } from './records/load-record-view.js';
import type { TermLabel } from './records/record-view.js';
import { SearchPage } from './pages/search-page.js';
import { linkOf, portalContext } from './portal-context.js';
import { SEGMENT_KINDS } from './search/facet-labels.js';
import { countsBySegment } from './search/kind-counts.js';
import { searchQueryOf, searchStateOf } from './search/search-state.js';

export interface PortalDeps {
  readonly store: Store;
  /** Typed relations both ways for the record pages; without it, they are found through search. */
  readonly relations?: RelationsIndex;
  readonly search: SearchIndex;
  /** The bounded document validator of POST /api/validate (its own workers, triple cap, time limit, heap cap, queue). */
  readonly validator: DocumentValidator;
  readonly logger: Logger;
  /** Public base URL (no trailing slash) of record URIs. */
  readonly baseUrl: string;
  /** Labels of vocabulary terms (themes, licences, file types, …) in the page language. */
  readonly termLabel?: TermLabel;
  /** The profile the validator page starts with. */
  readonly defaultProfile: string;
  /** Largest document the validator page reads (pasted, uploaded or fetched), bytes. */
  readonly maxValidateBytes: number;
  /** Fetches a document by URL for the validator page, through the harvester's guarded fetcher; a BadRequestError names why it could not. */
  readonly fetchDocument?: (url: string) => Promise<{ readonly body: Buffer; readonly contentType?: string }>;
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
    const kindCounts = countsBySegment(response);
    const today = new Date(now()).toISOString().slice(0, 10);
    sendPage(req, res, h(SearchPage, { ctx, state, response, kindCounts, today }));
  });

  const sourceStatuses = async (sources: readonly HarvestSource[]): Promise<SourceStatus[]> =>
    Promise.all(sources.map(async (source) => ({ source, latestRun: (await deps.store.listRuns({ sourceId: source.id, limit: 1 }))[0] })));

  router.get('/sources', async (req, res) => {
    const ctx = portalContext(req);
    const sources = await deps.store.listSources();
    sendPage(req, res, h(SourcesPage, { ctx, sources: await sourceStatuses(sources) }));
  });

  router.get('/runs/:id', async (req, res) => {
    const ctx = portalContext(req);
    const run = /^[0-9a-f-]{36}$/i.test(req.params.id) ? await deps.store.getRun(req.params.id) : undefined;
    if (run === undefined) throw new NotFoundError(`There is no harvest run ${req.params.id.slice(0, 40)}.`);
    sendPage(req, res, h(RunPage, { ctx, run, source: await deps.store.getSource(run.sourceId) }));
  });

  router.get('/publishers/:orgnr', async (req, res) => {
    const ctx = portalContext(req);
    const orgnr = req.params.orgnr;
    if (!isValidOrganisationNumber(orgnr)) throw new NotFoundError(`${orgnr.slice(0, 20)} is not a valid organisation number (nine digits with a mod-11 check digit).`);
    const base = { q: '', sort: { field: 'modified', direction: 'desc' } as const, page: 0, lang: ctx.lang, facetSize: 1 };
    // Every kind's count: a facet of one value gave the largest kind alone, and the page left out the others.
    const all = await deps.search.search({ ...base, filters: { publisher: [orgnr] }, size: 1, facetSize: RESOURCE_KINDS.length });
    const counts = countsBySegment(all);
    const segments = (Object.keys(SEGMENT_KINDS) as (keyof typeof SEGMENT_KINDS)[]).filter((s) => (counts[s] ?? 0) > 0);
    const byKind = await Promise.all(
      segments.map(async (segment) => ({
        segment,
        response: await deps.search.search({ ...base, filters: { publisher: [orgnr], type: kindsOfSegment(segment) }, size: 10 }),
      })),
    );
    const sources = (await deps.store.listSources()).filter((s) => s.publisher === orgnr);
    if (byKind.length === 0 && sources.length === 0) throw new NotFoundError(`The catalog knows no publisher with organisation number ${orgnr}.`);
    const name = all.hits[0]?.publisher?.name ?? termLabel(organisationIri(orgnr), ctx.lang)?.text ?? sources[0]?.name ?? orgnr;
    sendPage(req, res, h(PublisherPage, { ctx, orgnr, name, byKind, sources: await sourceStatuses(sources) }));
  });

  // The same description as /openapi.json, as a page.
  const description = apiDescription(deps.baseUrl);
  router.get('/api-reference', (req, res) => {
    sendPage(req, res, h(ApiReferencePage, { ctx: portalContext(req), document: description }));
  });

  const profiles = () => deps.validator.profiles;
  router.get('/validator', (req, res) => {
    const ctx = portalContext(req);
    sendPage(req, res, h(ValidatorPage, { ctx, profiles: profiles(), profile: deps.defaultProfile, text: '', url: '' }));
  });

  router.post('/validator', async (req, res) => {
    const ctx = portalContext(req);
    const form = await readForm(req, deps.maxValidateBytes);
    const text = form.fields.get('text') ?? '';
    const url = (form.fields.get('url') ?? '').trim();
    const asked = form.fields.get('profile') ?? deps.defaultProfile;
    const profile = profiles().some((p) => p.id === asked) ? asked : deps.defaultProfile;
    const given = [text.trim() !== '', form.file !== undefined, url !== ''].filter(Boolean).length;
    let outcome: ValidatorOutcome;
    let status = 200;
    if (given !== 1) {
      outcome = { error: ctx.t.validator.giveOne };
      status = 400;
    } else {
      // The same bounded path as POST /api/validate; the work stops if the browser goes away.
      const client = abortWhenClientLeaves(res);
      try {
        const input =
          form.file !== undefined
            ? { body: form.file.data, hints: { contentType: form.file.contentType, url: form.file.name } }
            : url !== ''
              ? await fetched(url)
              : { body: Buffer.from(text, 'utf8'), hints: {} };
        const { triples, report } = await validateSentDocument(deps.validator, { ...input, profile, signal: client.signal });
        outcome = { report, triples };
      } catch (error) {
        if (client.signal.aborted) return;
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        outcome = { error: error.message };
        status = error.status;
      } finally {
        client.release();
      }
    }
    sendPage(req, res, h(ValidatorPage, { ctx, profiles: profiles(), profile, text: text.length > 200_000 ? '' : text, url, outcome }), { etag: false, status });
  });

  const fetched = async (url: string): Promise<{ body: Buffer; hints: { contentType?: string; url: string } }> => {
    if (deps.fetchDocument === undefined) throw new BadRequestError('This service does not fetch documents by URL; paste or upload the document.');
    const got = await deps.fetchDocument(url);
    return { body: got.body, hints: { ...(got.contentType !== undefined ? { contentType: got.contentType } : {}), url } };
  };

  // Record URIs: a browser gets the record's page; `?format=` downloads the record's RDF (the record
  // URI's own representation, chosen for the client); every other client passes on to the record route.
  const termLabel: TermLabel = deps.termLabel ?? (() => undefined);
  for (const segment of RECORD_SEGMENTS) {
    router.get(`/${segment}/:id`, async (req, res, next) => {
      const id = String(req.params.id);
      if (applyDownloadFormat(req, res, queryParameters(req.originalUrl).get('format')?.[0], id)) {
        next();
        return;
      }
      if (req.accepts(RECORD_MEDIA_TYPES) !== 'text/html') {
        next();
        return;
      }
      const ctx = portalContext(req);
      const view = await loadRecordView({ store: deps.store, search: deps.search, termLabel, ...(deps.relations !== undefined ? { relations: deps.relations } : {}) }, segment, id, ctx.lang);
      sendPage(req, res, h(RecordPage, { ctx, view }));
    });
  }

  return router;
}

/** The kinds behind a record-URI segment (`datasets` holds datasets and dataset series). */
function kindsOfSegment(segment: keyof typeof SEGMENT_KINDS): ResourceKind[] {
  return RESOURCE_KINDS.filter((k) => pathSegmentOf(k) === segment);
}

/** What a record URI offers, HTML last: a client without a preference (`*\/*`) keeps getting Turtle. */
const RECORD_MEDIA_TYPES = ['text/turtle', 'application/ld+json', 'application/rdf+xml', 'application/n-triples', 'application/json', 'text/html'];

/** The portal as the app mounts it: its pages, and its error pages for browsers. */
export function createPortal(deps: PortalDeps): { readonly router: Router; readonly errorPages: ErrorRequestHandler } {
  return { router: portalRouter(deps), errorPages: errorPages(deps.logger) };
}

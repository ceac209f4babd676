import express, { type Request, type Router } from 'express';
import { UnsupportedMediaTypeError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import type { FacetCounts, SearchFacet, SearchHit, SearchIndex, SearchResponse } from '../../core/ports/search-index.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { searchQueryFromBody } from './search-body.js';
import { facetValuesRequestFromParameters, queryParameters, searchQueryFromParameters, suggestFromParameters } from './search-request.js';

export interface SearchRouterDeps {
  readonly index: SearchIndex;
  readonly logger: Logger;
  /** Public base URL (no trailing slash): hits carry their record URI `{baseUrl}/datasets/{id}`. */
  readonly baseUrl: string;
  /** Clock for data.norge.no's `lastXDays` filter (tests set it). */
  readonly now?: () => number;
}

/** data.norge.no's aggregation names of our facets where they differ (the POST answer carries both). */
const AGGREGATION_NAMES: Readonly<Record<string, string>> = {
  theme: 'dataTheme',
  format: 'formats',
};

type HitWithUri = SearchHit & { readonly uri: string };

function withUris(response: SearchResponse, baseUrl: string): Omit<SearchResponse, 'hits'> & { hits: HitWithUri[] } {
  return { ...response, hits: response.hits.map((h) => ({ ...h, uri: recordUri(baseUrl, h.type, h.id) })) };
}

function aggregations(facets: SearchResponse['facets']): Record<string, { key: string; count: number }[]> {
  const out: Record<string, { key: string; count: number }[]> = {};
  for (const [facet, counts] of Object.entries(facets) as [SearchFacet, FacetCounts][]) {
    out[AGGREGATION_NAMES[facet] ?? facet] = [...counts.buckets.map((b) => ({ key: b.key, count: b.count })), ...(counts.missing > 0 ? [{ key: 'MISSING', count: counts.missing }] : [])];
  }
  return out;
}

/**
 * The search API (the app mounts the router at its root):
 * - `GET /api/search` — query-string form (`q`, facet filters repeated for several values, `modifiedFrom`,
 *   `modifiedTo`, `sort`, `page` (0-based), `size`, `lang`) → `{ total, page, size, hits, facets }`;
 * - `POST /api/search[/{type}]` — data.norge.no's body `{ query, filters, sort, pagination }` → the same
 *   answer plus data.norge.no's `aggregations` and `page: { currentPage, size, totalElements, totalPages }`;
 * - `GET /api/suggest?q=` — as-you-type suggestions (titles and publishers);
 * - `GET /api/search/facets/{facet}?q=&page=` — one facet's values, paged; `q` searches the values,
 *   `query` and the filters are the search they are counted for.
 * Bad parameters are BadRequestErrors naming the cause (rendered as application/problem+json).
 */
export function createSearchRouter(deps: SearchRouterDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const json = express.json({ limit: '256kb' });
  const params = (req: Request) => queryParameters(req.originalUrl);

  router.get('/api/search', async (req, res) => {
    const query = searchQueryFromParameters(params(req), deps.index.facets);
    const response = await deps.index.search(query);
    res.json(withUris(response, deps.baseUrl));
  });

  const post = async (req: Request, type: string | undefined) => {
    const length = Number(req.headers['content-length'] ?? '0');
    if (req.body === undefined && (length > 0 || req.headers['transfer-encoding'] !== undefined)) {
      throw new UnsupportedMediaTypeError('Send the search as application/json: { "query", "filters", "sort", "pagination" }.');
    }
    const lang = params(req).get('lang')?.[0];
    const query = searchQueryFromBody(req.body, type, now(), lang, deps.index.facets);
    const response = withUris(await deps.index.search(query), deps.baseUrl);
    return {
      ...response,
      aggregations: aggregations(response.facets),
      page: { currentPage: response.page, size: response.size, totalElements: response.total, totalPages: Math.ceil(response.total / response.size) },
    };
  };
  router.post('/api/search', json, async (req, res) => {
    res.json(await post(req, undefined));
  });
  router.post('/api/search/:type', json, async (req, res) => {
    res.json(await post(req, req.params.type));
  });

  router.get('/api/suggest', async (req, res) => {
    const { q, size, lang } = suggestFromParameters(params(req));
    const suggestions = q.trim() === '' ? [] : await deps.index.suggest(q, { size, lang });
    res.json({ q, suggestions });
  });

  router.get('/api/search/facets/:facet', async (req, res) => {
    const request = facetValuesRequestFromParameters(req.params.facet, params(req), deps.index.facets);
    res.json(await deps.index.facetValues(request));
  });

  return router;
}

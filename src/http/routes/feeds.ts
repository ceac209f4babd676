import express, { type Request, type Response, type Router } from 'express';
import { answeredNotModified, contentEtag } from '../conditional-get.js';
import type { SearchIndex } from '../../core/ports/search-index.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { atomDocument, rssDocument, type Feed } from '../feeds/feed-xml.js';
import { queryParameters, searchQueryFromParameters } from './search-request.js';

export interface FeedsRouterOptions {
  readonly index: SearchIndex;
  readonly baseUrl: string;
  readonly now?: () => Date;
}

/** Entries in a feed when `size` is not given. */
export const FEED_DEFAULT_SIZE = 20;

/**
 * Feeds of the catalog: `GET /feed.rss` (RSS 2.0) and `GET /feed.atom` (Atom), taking every parameter
 * of `GET /api/search` (`q`, the facet filters such as `publisher` and `theme`, `sort`, `size`,
 * `lang`). Without `sort` the newest records come first (`firstHarvested:desc`), so a feed of a
 * publisher or a theme tells its reader what was added; without `size`, 20 entries. Bad parameters
 * are the search API's 400 problems.
 */
export function feedsRouter(options: FeedsRouterOptions): Router {
  const router = express.Router();
  const now = options.now ?? (() => new Date());

  const build = async (originalUrl: string, self: string): Promise<Feed> => {
    const params = new Map(queryParameters(originalUrl));
    if (!params.has('sort')) params.set('sort', ['firstHarvested:desc']);
    if (!params.has('size')) params.set('size', [String(FEED_DEFAULT_SIZE)]);
    const query = searchQueryFromParameters(params, options.index.facets);
    const response = await options.index.search({ ...query, facetSize: 1 });
    const search = new URLSearchParams(originalUrl.includes('?') ? originalUrl.slice(originalUrl.indexOf('?') + 1) : '');
    const entries = response.hits.map((h) => ({
      uri: recordUri(options.baseUrl, h.type, h.id),
      title: h.title ?? h.iri,
      summary: h.description,
      published: h.firstHarvested,
      updated: latest(h.firstHarvested, h.modified),
      author: h.publisher?.name ?? null,
      categories: [h.type],
    }));
    const describe = [query.q !== '' ? `«${query.q}»` : '', ...Object.entries(query.filters).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)].filter((s) => s !== '');
    return {
      title: `Datakatalog${describe.length > 0 ? `: ${describe.join(', ')}` : ''}`,
      description: `Records of the catalog matching this search (${response.total} in all), ${params.get('sort')![0]}.`,
      self: `${options.baseUrl}${self}${search.size > 0 ? `?${search}` : ''}`,
      alternate: `${options.baseUrl}/search${search.size > 0 ? `?${search}` : ''}`,
      language: query.lang,
      updated: entries.reduce((max, e) => (e.updated > max ? e.updated : max), entries.length > 0 ? entries[0]!.updated : now().toISOString()),
      author: 'Datakatalog',
      entries,
    };
  };

  router.get('/feed.rss', async (req, res) => {
    const feed = await build(req.originalUrl, '/feed.rss');
    sendFeed(req, res, 'application/rss+xml; charset=utf-8', rssDocument(feed), feed.updated);
  });
  router.get('/feed.atom', async (req, res) => {
    const feed = await build(req.originalUrl, '/feed.atom');
    sendFeed(req, res, 'application/atom+xml; charset=utf-8', atomDocument(feed), feed.updated);
  });
  return router;
}

function latest(a: string, b: string | null): string {
  if (b === null || Number.isNaN(Date.parse(b))) return a;
  return Date.parse(b) > Date.parse(a) ? new Date(b).toISOString() : a;
}

/**
 * A feed with its validators, so a reader polling it gets 304 while nothing in it changed: a strong ETag
 * of its bytes and Last-Modified its newest entry's time.
 */
function sendFeed(req: Request, res: Response, contentType: string, body: string, updated: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'public, max-age=60');
  const lastModified = Number.isNaN(Date.parse(updated)) ? undefined : new Date(updated).toUTCString();
  if (answeredNotModified(req, res, { etag: contentEtag(body), lastModified })) return;
  res.send(body);
}

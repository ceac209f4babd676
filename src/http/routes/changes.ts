import express, { type Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import type { Store } from '../../core/ports/store.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { excerpt } from '../echo.js';
import { queryParameters } from './search-request.js';

export interface ChangesRouterOptions {
  readonly store: Store;
  readonly baseUrl: string;
}

export const CHANGES_DEFAULT_LIMIT = 100;
export const CHANGES_MAX_LIMIT = 1000;

/**
 * The public change log, so another system can mirror the catalog:
 *
 *   GET /api/changes?after=<cursor>&limit=<1…1000>
 *     → { items: [{ cursor, op, record, id, iri, kind, version, at, run, added, removed, version URL }],
 *         cursor, next, earliest, gap }
 *
 * Every add, change and removal of a public record, oldest first. `cursor` is where the page ends;
 * ask again with `after=<cursor>` (an empty `items` means nothing new yet). Start with `after=0`.
 * `gap: true` says the retention policy dropped entries after the given cursor: a mirror that needs
 * every change must start again from the LDES or `datakatalog export`.
 */
export function changesRouter(options: ChangesRouterOptions): Router {
  const router = express.Router();
  router.get('/api/changes', async (req, res) => {
    const params = queryParameters(req.originalUrl);
    for (const name of params.keys()) if (name !== 'after' && name !== 'limit') throw new BadRequestError(`Unknown parameter "${excerpt(name)}": /api/changes takes after and limit.`);
    const after = whole(params.get('after'), 'after', 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = whole(params.get('limit'), 'limit', 1, CHANGES_MAX_LIMIT, CHANGES_DEFAULT_LIMIT);
    const [versions, bounds] = await Promise.all([options.store.versionsSince(after, limit), options.store.versionBounds()]);
    // A cursor past the newest entry is not one of this log's: echoed back, it would skip every change up to it.
    if (after > bounds.last) {
      throw new BadRequestError(`after=${after} is past the newest entry of the change log (${bounds.last}): it is not a cursor of this catalog (or of this copy of it). Start again from 0.`, { parameter: 'after', newest: String(bounds.last) });
    }
    const cursor = versions.length > 0 ? versions[versions.length - 1]!.seq : Math.max(after, 0);
    const items = versions.map((v) => {
      const record = recordUri(options.baseUrl, v.kind, v.recordId);
      return {
        cursor: String(v.seq),
        op: v.op,
        record,
        id: v.recordId,
        iri: v.iri,
        kind: v.kind,
        version: v.version,
        versionUri: `${record}?version=${v.version}`,
        at: v.at,
        run: v.runId,
        added: v.added,
        removed: v.removed,
      };
    });
    res.setHeader('Cache-Control', 'no-cache');
    res.json({
      items,
      cursor: String(cursor),
      next: `${options.baseUrl}/api/changes?after=${cursor}&limit=${limit}`,
      earliest: String(Math.max(bounds.first - 1, 0)),
      gap: bounds.first > 0 && after < bounds.first - 1,
    });
  });
  return router;
}

function whole(values: readonly string[] | undefined, name: string, min: number, max: number, fallback: number): number {
  if (values === undefined) return fallback;
  if (values.length !== 1) throw new BadRequestError(`${name} is given ${values.length} times; give it once.`);
  const raw = values[0]!;
  if (!/^\d{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequestError(`${name}="${excerpt(raw)}" must be a whole number from ${min} to ${max}.`);
  return Number(raw);
}

import express, { type Request, type Router } from 'express';
import type { StoredRecord } from '../../core/catalog-record.js';
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import type { Store } from '../../core/ports/store.js';
import type { RecordVersion } from '../../core/record-version.js';
import { pathSegmentOf, RECORD_SEGMENTS } from '../../core/resource-kind.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { isNotModified } from '../conditional-get.js';
import { applyDownloadFormat } from '../download-format.js';
import { excerpt } from '../echo.js';
import { writeGraph } from '../graph-writer.js';
import { chooseOffer } from '../negotiation.js';
import { GRAPH_OFFERS, graphFormatKey } from '../rdf-syntaxes.js';
import { queryParameters } from './search-request.js';

export interface RecordHistoryOptions {
  readonly store: Store;
  readonly baseUrl: string;
}

const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The published versions of a record (mount before the record URIs and the portal's record pages):
 *
 *   GET {base}/{segment}/{id}/history       `{ uri, record, iri, kind, status, total, versions }`: each
 *                                            version with its number, op (add, change, remove), time,
 *                                            run, triples added and removed, and its own URL
 *   GET {base}/{segment}/{id}?version=N      that version's graph, by Accept (Turtle, N-Triples,
 *                                            JSON-LD, RDF/XML): the resource as it was published then
 *
 * A removed record keeps its history (its versions answer although the record is 410 Gone); a record
 * that was never public has none (404, as its record URI).
 */
export function recordHistoryRouter(options: RecordHistoryOptions): Router {
  const router = express.Router();
  const { store, baseUrl } = options;

  const findWithHistory = async (segment: string, id: string): Promise<{ record: StoredRecord; versions: RecordVersion[]; uri: string }> => {
    const asked = `${baseUrl}/${segment}/${excerpt(id)}`;
    const record = RECORD_ID.test(id) ? await store.getRecord(id.toLowerCase()) : undefined;
    if (record === undefined) throw new NotFoundError(`There is no record ${asked}.`);
    const uri = recordUri(baseUrl, record.kind, record.id);
    if (pathSegmentOf(record.kind) !== segment) throw new NotFoundError(`There is no record ${asked}: ${id} is a ${record.kind}, its record URI is ${uri}.`, { recordUri: uri });
    const versions = await store.recordVersions(record.id);
    if (versions.length === 0) throw new NotFoundError(`The record ${uri} has never been published, so it has no history.`, { recordUri: uri });
    return { record, versions, uri };
  };

  for (const segment of RECORD_SEGMENTS) {
    router.get(`/${segment}/:id/history`, async (req, res) => {
      chooseOffer(req, [{ accept: 'application/json', value: null }], 'record histories');
      const { record, versions, uri } = await findWithHistory(segment, String(req.params.id));
      const last = versions[versions.length - 1]!;
      const etag = `"h-${last.seq}-${versions[0]!.seq}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'no-cache');
      if (isNotModified(req, { etag })) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.send(
        JSON.stringify({
          uri: `${uri}/history`,
          record: uri,
          iri: record.iri,
          kind: record.kind,
          status: record.status,
          total: versions.length,
          versions: versions.map((v) => ({
            version: v.version,
            op: v.op,
            at: v.at,
            run: v.runId,
            runUri: v.runId === null ? null : `${baseUrl}/api/runs/${v.runId}`,
            added: v.added,
            removed: v.removed,
            uri: `${uri}?version=${v.version}`,
          })),
        }),
      );
    });

    router.get(`/${segment}/:id`, async (req, res, next) => {
      const asked = queryParameters(req.originalUrl).get('version');
      if (asked === undefined) {
        next();
        return;
      }
      if (asked.length !== 1 || !/^[1-9]\d{0,8}$/.test(asked[0]!)) throw new BadRequestError(`version must be given once, as a version number (1, 2, …), not "${excerpt(asked.join(','))}".`);
      const number = Number(asked[0]);
      // `?format=` downloads the version as the record URI's own does (named {id}-v{N}).
      applyDownloadFormat(req, res, queryParameters(req.originalUrl).get('format')?.[0], `${String(req.params.id)}-v${number}`);
      const offer = chooseOffer(req, GRAPH_OFFERS.map((o) => ({ accept: o.accept, value: o })), 'record versions');
      const { record, versions, uri } = await findWithHistory(segment, String(req.params.id));
      const version = versions.find((v) => v.version === number);
      if (version === undefined) {
        const kept = versions.map((v) => v.version);
        throw new NotFoundError(`The record ${uri} has no version ${number}: the versions kept are ${kept[0]}–${kept[kept.length - 1]} (see ${uri}/history).`, { recordUri: uri, history: `${uri}/history` });
      }
      const etag = `"v${number}-${version.seq}-${graphFormatKey(offer.value.format)}"`;
      res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('ETag', etag);
      res.setHeader('Last-Modified', new Date(version.at).toUTCString());
      res.setHeader('Link', `<${uri}/history>; rel="version-history", <${uri}>; rel="latest-version"`);
      // A version never changes: a client that holds it is answered before its graph is rebuilt from the deltas.
      if (isNotModified(req as Request, { etag })) {
        res.status(304).end();
        return;
      }
      const graph = (await store.versionGraph(record.id, number)) ?? '';
      res.setHeader('Content-Type', offer.value.contentType);
      res.send(await writeGraph(graph === '\n' ? '' : graph, offer.value.format));
    });
  }
  return router;
}

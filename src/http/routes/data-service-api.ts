import express, { type Request, type Response, type Router } from 'express';
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import type { Store } from '../../core/ports/store.js';
import { ARTEFACT_NAMES } from '../../core/ports/harvester.js';
import { RECORD_SEGMENTS } from '../../core/resource-kind.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { dataServiceOperations } from '../../rdf/data-service-operations.js';
import { parseRecordGraph } from '../../rdf/record-graph.js';
import { answeredNotModified, isNotModified } from '../conditional-get.js';
import { excerpt } from '../echo.js';
import { findPublicRecord } from '../resources/find-public-record.js';
import { recordEtag, recordLastModified } from '../resources/record-validators.js';

export interface DataServiceApiOptions {
  readonly store: Store;
  /** Public base URL of record URIs. */
  readonly baseUrl: string;
}

const LANGUAGES = new Set(['nb', 'nn', 'en']);

/** Media types a kept document is served with; anything else is served as what its bytes are (JSON or YAML). */
const SERVED_TYPES = new Set(['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'application/vnd.oai.openapi', 'application/vnd.oai.openapi+json', 'text/plain']);

/**
 * What a developer needs of an API beside its record (mount at the app root):
 *
 *   GET {base}/data-services/{id}/operations   { uri, record, lang, total, operations: [ { method, path,
 *                                               operationId, summary, tags, deprecated } ] } in the
 *                                               document's order; `lang` (nb, nn, en) picks the summaries
 *   GET {base}/{segment}/{id}/openapi          the OpenAPI document the record was read from or enriched
 *                                               with, byte for byte, with the media type it was served
 *                                               with; strong ETag = its content hash, 304 on If-None-Match
 *
 * A record without a kept document answers 404 naming the record; removed records 410, quarantined
 * ones 404, as their record URIs do.
 */
export function dataServiceApiRouter(options: DataServiceApiOptions): Router {
  const router = express.Router();
  const { store, baseUrl } = options;

  router.get('/data-services/:id/operations', async (req: Request, res: Response) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : 'nb';
    if (!LANGUAGES.has(lang)) throw new BadRequestError(`lang="${excerpt(lang, 20)}" is not supported: use nb, nn or en.`);
    const record = await findPublicRecord(store, baseUrl, 'data-services', String(req.params.id), false);
    const uri = recordUri(baseUrl, record.kind, record.id);
    res.setHeader('Cache-Control', 'no-cache');
    if (answeredNotModified(req, res, { etag: recordEtag(record, `operations|${lang}`), lastModified: recordLastModified(record) })) return;
    const operations = dataServiceOperations(parseRecordGraph(record.graph), record.iri, lang);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(JSON.stringify({ uri: `${uri}/operations`, record: uri, lang, total: operations.length, operations }));
  });

  for (const segment of RECORD_SEGMENTS) {
    for (const name of ARTEFACT_NAMES) {
      router.get(`/${segment}/:id/${name}`, async (req: Request, res: Response) => {
        const record = await findPublicRecord(store, baseUrl, segment, String(req.params.id), false);
        const artefact = await store.getArtefact(record.id, name);
        const uri = recordUri(baseUrl, record.kind, record.id);
        if (artefact === undefined) {
          throw new NotFoundError(`The record ${uri} keeps no ${name === 'openapi' ? 'OpenAPI description' : name} document: none was read for it.`, { recordUri: uri });
        }
        const etag = `"${artefact.hash}"`;
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('ETag', etag);
        if (isNotModified(req, { etag })) {
          res.status(304).end();
          return;
        }
        res.setHeader('Content-Type', servedType(artefact.mediaType, artefact.body));
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.send(artefact.body);
      });
    }
  }
  return router;
}

/** The kept media type when it is one a document may be served as; else JSON or YAML by the bytes. */
function servedType(mediaType: string, body: Buffer): string {
  if (SERVED_TYPES.has(mediaType)) return mediaType.startsWith('text/') || mediaType.endsWith('yaml') ? `${mediaType}; charset=utf-8` : mediaType;
  return /^\s*[{[]/.test(body.subarray(0, 64).toString('utf8')) ? 'application/json' : 'application/yaml; charset=utf-8';
}

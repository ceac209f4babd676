import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { StoredRecord } from '../../core/catalog-record.js';
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import type { RelationsIndex } from '../../core/ports/relations-index.js';
import type { TermLabels } from '../../core/term-labels.js';
import type { Store } from '../../core/ports/store.js';
import { RECORD_SEGMENTS } from '../../core/resource-kind.js';
import { catalogRecordNTriples, recordUri } from '../../rdf/catalog-record.js';
import { writeGraph } from '../graph-writer.js';
import { answeredNotModified } from '../conditional-get.js';
import { chooseOffer, type Offer } from '../negotiation.js';
import { GRAPH_OFFERS, graphFormatKey, type GraphFormat } from '../rdf-syntaxes.js';
import { findPublicRecord } from '../resources/find-public-record.js';
import { conceptJsonView } from '../resources/concept-json-view.js';
import { recordJsonView } from '../resources/record-json-view.js';
import { isScoredKind, recordQuality } from '../../rdf/record-quality.js';
import { urlStatusesOf } from '../../rdf/distribution-urls.js';
import { recordEtag, recordLastModified } from '../resources/record-validators.js';
import { excerpt } from '../echo.js';

export interface ResourceRouteOptions {
  readonly store: Store;
  /** Public base URL of record URIs (`{baseUrl}/datasets/{id}`). */
  readonly baseUrl: string;
  /** The relations index: the JSON view carries the record's counts per relation type. */
  readonly relations?: RelationsIndex;
  /** Labels of vocabulary terms: the JSON view labels the terms the record names. */
  readonly labels?: TermLabels;
}

/**
 * Dereferenceable record URIs (mount the router at the app root):
 *
 *   GET {base}/{segment}/{id}             the record: its resource graph + its dcat:CatalogRecord, as
 *                                         Turtle (default), N-Triples, JSON-LD, RDF/XML, or the plain
 *                                         JSON view (application/json) — by Accept
 *   GET {base}/{segment}/{id}/validation  its SHACL validation report (JSON)
 *   GET {base}/resources?uri=<IRI>        303 See Other to the record URI of the resource with that IRI
 *
 * segments: datasets, data-services, catalogs, concepts, information-models (RECORD_SEGMENTS).
 * Decisions:
 *  - removed records answer 410 Gone (problem+json with `removedAt`), also for /validation;
 *  - quarantined records are not public: 404 (problem+json with `status: "quarantined"` and the URL of
 *    the validation report), while their /validation stays readable so the publisher can see why;
 *  - a record asked for under another kind's segment (a dataset id under /data-services/) is 404; the
 *    problem names the record's real URI (no redirect: a record has exactly one URI);
 *  - `/resources?uri=` redirects for every known IRI, whatever the record's status; the record URI
 *    then answers as above (so a removed resource ends in 410);
 *  - `Vary: Accept`, a strong ETag per representation, `Last-Modified` = dct:modified, 304 on
 *    If-None-Match / If-Modified-Since; HEAD answers the same headers without a body.
 */
type Representation = { readonly kind: 'rdf'; readonly format: GraphFormat; readonly contentType: string } | { readonly kind: 'json' };

const OFFERS: readonly Offer<Representation>[] = [
  ...GRAPH_OFFERS.map((o) => ({ accept: o.accept, value: { kind: 'rdf' as const, format: o.format, contentType: o.contentType } })),
  { accept: 'application/json', value: { kind: 'json' } },
];

export function resourcesRouter(options: ResourceRouteOptions): Router {
  const router = express.Router();
  const { store, baseUrl } = options;
  const findRecord = (segment: string, id: string, forValidation: boolean): Promise<StoredRecord> => findPublicRecord(store, baseUrl, segment, id, forValidation);

  /** Sets the validators and answers 304 when the client's copy is current. */
  const notModified = (req: Request, res: Response, record: StoredRecord, variant: string, withLastModified = true): boolean => {
    res.setHeader('Vary', 'Accept');
    res.setHeader('Cache-Control', 'no-cache');
    return answeredNotModified(req, res, { etag: recordEtag(record, variant), lastModified: withLastModified ? recordLastModified(record) : undefined });
  };

  router.get('/resources', async (req, res) => {
    const uris = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '').getAll('uri');
    if (uris.length !== 1 || uris[0]!.trim() === '') {
      throw new BadRequestError('Give exactly one resource IRI: /resources?uri=<IRI of a dataset, data service or catalog>.');
    }
    const iri = uris[0]!;
    const record = await store.getRecordByIri(iri);
    if (record === undefined) throw new NotFoundError(`No record in this catalog describes ${excerpt(iri)}.`, { iri: excerpt(iri) });
    res.setHeader('Cache-Control', 'no-cache');
    res.redirect(303, recordUri(baseUrl, record.kind, record.id));
  });

  for (const segment of RECORD_SEGMENTS) {
    router.get(`/${segment}/:id`, async (req, res) => {
      const id = String(req.params.id);
      // Choose before loading: an unacceptable Accept is a 406 whatever the record.
      const representation = chooseOffer(req, OFFERS, 'records').value;
      const record = await findRecord(segment, id, false);
      // The JSON view carries relation counts, which change with other records: they are part of its
      // ETag, and it has no Last-Modified (the record's own date would say nothing of them).
      const counts = representation.kind === 'json' && options.relations !== undefined ? await options.relations.counts(record.id) : undefined;
      // Term labels can change at runtime (harvested schemes): their fingerprint is part of the JSON view's ETag too.
      // A concept's view names its parents, children and ancestors with their terms, read from other records: part of the ETag too.
      const concept = representation.kind === 'json' && record.kind === 'concept'
        ? await conceptJsonView(record, { baseUrl, recordOf: (iri) => store.getRecordByIri(iri), ...(options.relations !== undefined ? { relations: options.relations } : {}) })
        : undefined;
      const conceptTag = concept === undefined ? '' : createHash('sha1').update(JSON.stringify(concept)).digest('base64url');
      // A dataset's quality score counts the URL checker's results, which change without the record: part of the ETag too.
      const urlStatuses = representation.kind === 'json' && isScoredKind(record.kind) ? await urlStatusesOf([record], store) : undefined;
      const urlTag = urlStatuses === undefined ? '' : JSON.stringify([...urlStatuses]);
      const variant = representation.kind === 'json' ? `application/json|${JSON.stringify(counts ?? null)}|${options.labels?.fingerprint ?? ''}|${conceptTag}|${urlTag}` : graphFormatKey(representation.format);
      if (notModified(req, res, record, variant, counts === undefined)) return;
      const ntriples = record.graph + catalogRecordNTriples(record, baseUrl, record.validation);
      if (representation.kind === 'json') {
        const jsonLd: unknown = JSON.parse(await writeGraph(ntriples, 'application/ld+json'));
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        const view = recordJsonView(record, baseUrl, jsonLd, counts, options.labels, recordQuality(record, urlStatuses));
        res.send(JSON.stringify(concept === undefined ? view : { ...view, concept }));
        return;
      }
      const body = await writeGraph(ntriples, representation.format);
      res.setHeader('Content-Type', representation.contentType);
      res.send(body);
    });

    router.get(`/${segment}/:id/validation`, async (req, res) => {
      const id = String(req.params.id);
      chooseOffer(req, [{ accept: 'application/json', value: null }], 'validation reports');
      const record = await findRecord(segment, id, true);
      const uri = recordUri(baseUrl, record.kind, record.id);
      if (record.validation === null) throw new NotFoundError(`The record ${uri} has no validation report: it has not been validated.`, { recordUri: uri });
      if (notModified(req, res, record, 'validation')) return;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.send(JSON.stringify({ id: record.id, uri: `${uri}/validation`, record: uri, iri: record.iri, status: record.status, modified: record.modified, ...record.validation }));
    });
  }

  return router;
}

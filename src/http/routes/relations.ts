import express, { type Request, type Router } from 'express';
import { BadRequestError } from '../../core/errors.js';
import {
  MAX_RELATIONS_PAGE_SIZE, RELATION_LANGUAGES, type RelationEndKind, type RelationEntry, type RelationLanguage, type RelationsIndex,
} from '../../core/ports/relations-index.js';
import type { Store } from '../../core/ports/store.js';
import { isResourceKind, RECORD_SEGMENTS, RESOURCE_KINDS, type ResourceKind } from '../../core/resource-kind.js';
import { recordUri } from '../../rdf/catalog-record.js';
import { RELATION_TYPES, relationTypeOf } from '../../rdf/relation-types.js';
import { chooseOffer } from '../negotiation.js';
import { findPublicRecord } from '../resources/find-public-record.js';

export interface RelationsRouteOptions {
  readonly store: Store;
  readonly relations: RelationsIndex;
  readonly baseUrl: string;
}

const DEFAULT_SIZE = 50;
const MAX_PAGE = 10_000;
const MAX_VALUES = 50;

/** `kind=` accepts resource kinds, record-URI segments (`datasets`, …) and `external`. */
const KIND_ALIASES: Readonly<Record<string, readonly RelationEndKind[]>> = {
  datasets: ['dataset', 'dataset-series'],
  'data-services': ['data-service'],
  concepts: ['concept'],
  'information-models': ['information-model'],
  catalogs: ['catalog'],
  external: ['external'],
};

const clip = (value: string): string => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

function parameters(req: Request): URLSearchParams {
  const at = req.originalUrl.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : req.originalUrl.slice(at + 1));
}

function integer(name: string, value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) throw new BadRequestError(`${name}="${clip(value)}" is not a whole number from ${min} to ${max}.`);
  return Number(value);
}

function language(value: string | null): RelationLanguage {
  if (value === null || value === '') return 'nb';
  if ((RELATION_LANGUAGES as readonly string[]).includes(value)) return value as RelationLanguage;
  throw new BadRequestError(`lang="${clip(value)}" is not supported: use nb, nn or en.`);
}

function values(params: URLSearchParams, name: string): string[] {
  const all = params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (all.length > MAX_VALUES) throw new BadRequestError(`${name} lists ${all.length} values; at most ${MAX_VALUES}.`);
  return all;
}

function relationTypeIds(params: URLSearchParams): string[] {
  return values(params, 'type').map((v) => {
    const t = relationTypeOf(v);
    if (t === undefined) throw new BadRequestError(`type="${clip(v)}" is not a relation type: use one of ${RELATION_TYPES.map((x) => x.id).join(', ')} (or its IRI).`);
    return t.id;
  });
}

function endKinds(params: URLSearchParams): RelationEndKind[] {
  return [...new Set(values(params, 'kind').flatMap((v) => {
    const kinds = KIND_ALIASES[v] ?? (isResourceKind(v) ? [v] : undefined);
    if (kinds === undefined) throw new BadRequestError(`kind="${clip(v)}" is not a kind: use one of ${[...RESOURCE_KINDS, ...Object.keys(KIND_ALIASES)].join(', ')}.`);
    return kinds;
  }))];
}

/**
 * `GET /{segment}/{id}/relations` — what a record is linked to, in both directions:
 *
 *   { uri, record, iri, lang, page, size, total: { outgoing, incoming },
 *     totals: { <type id>: { iri, label: { outgoing, incoming }, outgoing, incoming } },
 *     outgoing: [entry], incoming: [entry] }
 *   entry: { type: { id, iri, label }, iri, record, kind, title, [part], [element], [role] }   a record the catalog holds
 *          (part: the IRI is a model element of that record; element: this record's element the relation leaves or reaches)
 *          { type, iri, record, kind, title, removed: true, status: 410 }            a removed record (its URI answers 410)
 *          { type, iri, external: true }                                             a resource the catalog does not hold
 *
 * Parameters: `type` (relation type ids or IRIs), `kind` (kind of the other end: dataset, data-service,
 * concept, information-model, catalog, their record-URI segments, or external; repeat or comma-separate),
 * `page` (from 0), `size` (1–100, default 50), `lang` (nb, nn, en). Answers come from the relations
 * index, never from the SPARQL endpoint.
 */
export function relationsRouter(options: RelationsRouteOptions): Router {
  const router = express.Router();
  const { store, relations, baseUrl } = options;

  for (const segment of RECORD_SEGMENTS) {
    router.get(`/${segment}/:id/relations`, async (req, res) => {
      chooseOffer(req, [{ accept: 'application/json', value: null }], 'relations');
      const params = parameters(req);
      const lang = language(params.get('lang'));
      const types = relationTypeIds(params);
      const kinds = endKinds(params);
      const page = integer('page', params.get('page'), 0, 0, MAX_PAGE);
      const size = integer('size', params.get('size'), DEFAULT_SIZE, 1, MAX_RELATIONS_PAGE_SIZE);
      const record = await findPublicRecord(store, baseUrl, segment, String(req.params.id), false);
      const answer = await relations.relations({
        recordId: record.id, lang, page, size, ...(types.length > 0 ? { types } : {}), ...(kinds.length > 0 ? { kinds } : {}),
      });

      // An end the index does not hold may be a record removed before the index was last rebuilt.
      const unknown = [...answer.outgoing, ...answer.incoming].filter((e) => e.record === null).map((e) => e.iri);
      const states = unknown.length > 0 ? await store.recordStatesByIri([...new Set(unknown)]) : new Map<string, { id: string; kind: ResourceKind; status: string }>();

      const entry = (e: RelationEntry, direction: 'outgoing' | 'incoming'): Record<string, unknown> => {
        const t = relationTypeOf(e.type)!;
        const out: Record<string, unknown> = { type: { id: t.id, iri: t.iri, label: t[direction][lang] }, iri: e.iri };
        const state = e.record === null ? states.get(e.iri) : undefined;
        if (e.record !== null) {
          Object.assign(out, { record: recordUri(baseUrl, e.record.kind, e.record.id), kind: e.record.kind, title: e.record.title });
          // The other end is a model element or property held by that record, not the record's resource.
          if (e.record.part) out.part = true;
          if (e.record.status === 'removed') Object.assign(out, { removed: true, status: 410 });
        } else if (state !== undefined && state.status !== 'quarantined') {
          Object.assign(out, { record: recordUri(baseUrl, state.kind, state.id), kind: state.kind, title: null });
          if (state.status === 'removed') Object.assign(out, { removed: true, status: 410 });
        } else {
          out.external = true;
        }
        if (e.element !== undefined) out.element = e.element;
        if (e.role !== undefined) out.role = e.role;
        return out;
      };

      const uri = recordUri(baseUrl, record.kind, record.id);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.send(JSON.stringify({
        uri: `${uri}/relations`,
        record: uri,
        iri: record.iri,
        lang,
        page,
        size,
        total: answer.total,
        totals: Object.fromEntries(Object.entries(answer.totals).map(([id, n]) => {
          const t = relationTypeOf(id)!;
          return [id, { iri: t.iri, label: { outgoing: t.outgoing[lang], incoming: t.incoming[lang] }, ...n }];
        })),
        outgoing: answer.outgoing.map((e) => entry(e, 'outgoing')),
        incoming: answer.incoming.map((e) => entry(e, 'incoming')),
      }));
    });
  }
  return router;
}

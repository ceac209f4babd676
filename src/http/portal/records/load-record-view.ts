import { GoneError, NotFoundError } from '../../../core/errors.js';
import type { RelationsAnswer, RelationsIndex } from '../../../core/ports/relations-index.js';
import type { SearchHit, SearchIndex } from '../../../core/ports/search-index.js';
import type { Store } from '../../../core/ports/store.js';
import { pathSegmentOf } from '../../../core/resource-kind.js';
import type { PortalLanguage } from '../i18n/portal-language.js';
import { recordPath } from '../search/record-path.js';
import { RecordGraphView } from './record-graph-view.js';
import { isSkolem } from './record-parts.js';
import type { RecordView, TermLabel } from './record-view.js';

/** Catalog ids are UUIDs; anything else cannot name a record (and never reaches the store). */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The most related records one page names (outgoing; incoming are capped the same). */
export const MAX_RELATED = 100;

export interface RecordViewDeps {
  readonly store: Store;
  readonly relations?: RelationsIndex;
  readonly search: SearchIndex;
  readonly termLabel: TermLabel;
}

/**
 * Everything the page of the record at `/{segment}/{id}` shows, or the typed error that says why there
 * is none: 404 (no such record, another kind's segment, held back for violations) or 410 (removed,
 * with when). The titles of related records come from the search index in the page language:
 * outgoing are the records whose resource this graph names, incoming those whose relations name it.
 */
export async function loadRecordView(deps: RecordViewDeps, segment: string, id: string, lang: PortalLanguage): Promise<RecordView> {
  const record = RECORD_ID.test(id) ? await deps.store.getRecord(id.toLowerCase()) : undefined;
  if (record === undefined) throw new NotFoundError(`There is no record /${segment}/${id}.`);
  const path = recordPath(record.kind, record.id);
  if (pathSegmentOf(record.kind) !== segment) throw new NotFoundError(`There is no record /${segment}/${id}: ${id} is a ${record.kind}, its page is ${path}.`);
  if (record.status === 'removed') {
    const when = record.removedAt ?? record.modified;
    throw new GoneError(`The record ${path} was removed on ${when}: the resource ${record.iri} is no longer published by its source.`, { removedAt: when, iri: record.iri });
  }
  if (record.status === 'quarantined') {
    throw new NotFoundError(`The record ${path} is not published: it is held back because it violates the validation rules. Its report is at ${path}/validation.`);
  }
  const graph = new RecordGraphView(record.graph);
  const named = new Set<string>();
  for (const subject of [record.iri, ...graph.predicates(record.iri).flatMap((p) => graph.iris(record.iri, p))]) {
    for (const p of graph.predicates(subject)) for (const o of graph.iris(subject, p)) if (o !== record.iri && !isSkolem(o)) named.add(o);
  }
  const uris = [record.iri, ...[...named].slice(0, MAX_RELATED - 1)];
  const base = { q: '', sort: { field: 'relevance', direction: 'desc' } as const, page: 0, lang, facetSize: 1 };
  const [named_, incoming, relations] = await Promise.all([
    deps.search.search({ ...base, filters: { uri: uris }, size: MAX_RELATED }),
    deps.relations === undefined ? deps.search.search({ ...base, filters: { relations: [record.iri] }, size: MAX_RELATED }) : undefined,
    deps.relations === undefined ? undefined : deps.relations.relations({ recordId: record.id, lang, page: 0, size: MAX_RELATED }),
  ]);
  const outgoing = new Map<string, SearchHit>();
  let self: SearchHit | undefined;
  for (const hit of named_.hits) {
    if (hit.iri === record.iri) self = hit;
    else outgoing.set(hit.iri, hit);
  }
  const catalogTitle = self?.catalog?.title;
  return {
    record,
    graph,
    iri: record.iri,
    outgoing,
    incoming: incoming === undefined ? [] : incoming.hits.filter((h) => h.iri !== record.iri),
    ...(relations !== undefined ? { relations: relations satisfies RelationsAnswer } : {}),
    termLabel: deps.termLabel,
    ...(catalogTitle !== undefined && catalogTitle !== null ? { catalogTitle: { text: catalogTitle, lang: '' } } : {}),
  };
}

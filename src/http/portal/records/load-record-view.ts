import { GoneError, NotFoundError } from '../../../core/errors.js';
import type { RelationsAnswer, RelationsIndex } from '../../../core/ports/relations-index.js';
import type { SearchHit, SearchIndex } from '../../../core/ports/search-index.js';
import type { Store } from '../../../core/ports/store.js';
import { pathSegmentOf } from '../../../core/resource-kind.js';
import { canonicalLinesOf } from '../../../rdf/canonical-lines.js';
import { titlePredicatesOf } from '../../../rdf/resource-title.js';
import type { PortalLanguage } from '../i18n/portal-language.js';
import { recordPath } from '../search/record-path.js';
import { RecordGraphView, type ShownText } from './record-graph-view.js';
import type { StoredRecord } from '../../../core/catalog-record.js';
import { isSkolem } from './record-parts.js';
import type { LinkedRecord, RecordView, TermLabel } from './record-view.js';

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
  const named = namedIris(graph, record.iri);
  const base = { q: '', sort: { field: 'relevance', direction: 'desc' } as const, page: 0, lang, facetSize: 1 };
  const [found, incoming, relations, catalog, artefacts] = await Promise.all([
    deps.search.search({ ...base, filters: { uri: [record.iri, ...named.slice(0, MAX_RELATED - 1)] }, size: MAX_RELATED }),
    deps.relations === undefined ? deps.search.search({ ...base, filters: { relations: [record.iri] }, size: MAX_RELATED }) : undefined,
    deps.relations === undefined ? undefined : deps.relations.relations({ recordId: record.id, lang, page: 0, size: MAX_RELATED }),
    record.catalogId === null ? undefined : deps.store.getRecord(record.catalogId),
    deps.store.artefactsOf(record.id),
  ]);
  const outgoing = new Map<string, LinkedRecord>();
  for (const hit of found.hits) if (hit.iri !== record.iri) outgoing.set(hit.iri, linkOfHit(hit));
  for (const entry of [...(relations?.outgoing ?? []), ...(relations?.incoming ?? [])]) {
    if (entry.record === null || outgoing.has(entry.iri) || entry.iri === record.iri) continue;
    outgoing.set(entry.iri, { id: entry.record.id, type: entry.record.kind, iri: entry.iri, title: entry.record.title, language: null, ...(entry.record.part ? { part: true } : {}) });
  }
  // Records search does not hold (kinds without a search mapper, such as concepts): named from the store.
  for (const linked of await storedRecords(deps.store, named.filter((iri) => !outgoing.has(iri)), lang)) outgoing.set(linked.iri, linked);
  return {
    record,
    graph,
    iri: record.iri,
    outgoing,
    incoming: incoming === undefined ? [] : incoming.hits.filter((h) => h.iri !== record.iri),
    ...(relations !== undefined ? { relations: relations satisfies RelationsAnswer } : {}),
    termLabel: deps.termLabel,
    artefacts,
    ...(catalog !== undefined && catalog.status === 'published'
      ? { catalog: { id: catalog.id, iri: catalog.iri, kind: catalog.kind, title: titleOf(catalog, lang) } }
      : {}),
  };
}

/** The most IRIs one page looks up as records (search first, the store for the rest). */
export const MAX_NAMED = 300;

/**
 * The IRIs a record's graph names that may be records: every IRI object of the resource and of the
 * nodes it links (nearest first), then those of deeper nodes the graph does not itself describe (the
 * concepts a model's attributes mean). Skolem IRIs and the resource itself are left out.
 */
function namedIris(graph: RecordGraphView, root: string): string[] {
  const named = new Set<string>();
  const seen = new Set<string>([root]);
  let level = [root];
  for (let depth = 0; level.length > 0 && named.size < MAX_NAMED; depth++) {
    const next: string[] = [];
    for (const subject of level) {
      for (const p of graph.predicates(subject)) {
        for (const o of graph.iris(subject, p)) {
          if (o === root) continue;
          const described = graph.describes(o);
          if (!isSkolem(o) && (depth < 2 || !described)) named.add(o);
          if (described && !seen.has(o)) {
            seen.add(o);
            next.push(o);
          }
        }
      }
    }
    level = next;
  }
  return [...named].slice(0, MAX_NAMED);
}

const linkOfHit = (hit: SearchHit): LinkedRecord => ({ id: hit.id, type: hit.type, iri: hit.iri, title: hit.title, language: hit.language });

/** The published records of these IRIs, with their titles in the page language (at most MAX_RELATED read). */
async function storedRecords(store: Store, iris: readonly string[], lang: PortalLanguage): Promise<LinkedRecord[]> {
  if (iris.length === 0) return [];
  const states = await store.recordStatesByIri(iris);
  const published = [...states.values()].filter((s) => s.status === 'published').slice(0, MAX_RELATED);
  const records = await Promise.all(published.map((s) => store.getRecord(s.id)));
  return records.flatMap((r) => {
    if (r === undefined) return [];
    const title = titleOf(r, lang);
    return [{ id: r.id, type: r.kind, iri: r.iri, title: title?.text ?? null, language: title === undefined || title.lang === '' ? null : title.lang }];
  });
}

/**
 * A record's title in the page language, read from its title lines only: a linked record of 50 000
 * triples took 0.3 s to parse whole, a page names up to MAX_RELATED, and every dataset page names its catalog.
 */
function titleOf(record: StoredRecord, lang: PortalLanguage): ShownText | undefined {
  const predicates = titlePredicatesOf(record.kind);
  return new RecordGraphView(canonicalLinesOf(record.graph, record.iri, predicates)).text(record.iri, predicates, lang);
}

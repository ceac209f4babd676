import type { Term } from '@rdfjs/types';
import type { ResourceKind } from '../../src/core/resource-kind.js';
import { DCAT } from '../../src/rdf/namespaces.js';

/**
 * The classes whose instances become records, in priority order: a node typed with several of them is
 * the first kind listed (a Dataset that is also a DatasetSeries is a series; a Catalog — a Dataset in
 * DCAT 3 — is a catalog).
 */
export const RECORD_CLASSES: ReadonlyArray<{ readonly classIri: string; readonly kind: ResourceKind; readonly label: string }> = [
  { classIri: DCAT.Catalog, kind: 'catalog', label: 'dcat:Catalog' },
  { classIri: DCAT.DatasetSeries, kind: 'dataset-series', label: 'dcat:DatasetSeries' },
  { classIri: DCAT.DataService, kind: 'data-service', label: 'dcat:DataService' },
  { classIri: DCAT.Dataset, kind: 'dataset', label: 'dcat:Dataset' },
];

const PRIORITY = new Map(RECORD_CLASSES.map((c, i) => [c.kind, i]));

/** The kind of a node typed with the given record kinds (see RECORD_CLASSES for the order). */
export function kindOf(kinds: Iterable<ResourceKind>): ResourceKind {
  let best: ResourceKind | undefined;
  for (const k of kinds) if (best === undefined || PRIORITY.get(k)! < PRIORITY.get(best)!) best = k;
  if (best === undefined) throw new TypeError('kindOf needs at least one kind.');
  return best;
}

/** `dcat:Dataset`, `dcat:Catalog`, … for messages. */
export function classLabel(kind: ResourceKind): string {
  return RECORD_CLASSES.find((c) => c.kind === kind)?.label ?? kind;
}

/** A key naming a node in the source graph: IRIs as themselves, blank nodes as `_:label`. */
export function termKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value;
}

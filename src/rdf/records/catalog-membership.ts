import type { Term } from '@rdfjs/types';
import type { SourceGraph } from '../../core/ports/harvester.js';
import { DCAT, FOAF } from '../namespaces.js';
import type { NodeRoles } from './record-closure.js';
import type { ResourceTable } from './resource-identity.js';
import { termKey } from '../term-key.js';
import { compareIri } from './compare-iri.js';
import type { ResourceKind } from '../../core/resource-kind.js';
import { runAtOnce, type Steps, type WorkSlices } from './work-slices.js';

/** Which records list others (catalogs), and the links they list them with. */
export interface Listing {
  /** The kinds of the listing records (`catalog`). */
  readonly kinds: readonly ResourceKind[];
  /** The links from a listing record to the resources it lists (`dcat:dataset`, `dcat:service`, `dcat:catalog`, …). */
  readonly memberLinks: readonly string[];
}

export interface Membership {
  /** Record IRI → IRIs of the catalogs listing it, sorted (code-unit order). */
  readonly listedBy: ReadonlyMap<string, readonly string[]>;
  /** `_:label` of an unidentified resource → IRIs of the catalogs listing it, sorted. */
  readonly unidentifiedListedBy: ReadonlyMap<string, readonly string[]>;
}

/**
 * Which catalogs list which resources: the listing's member links (for DCAT `dcat:dataset`,
 * `dcat:service`, `dcat:catalog`), and `dcat:record` → `foaf:primaryTopic` through the publisher's own
 * catalog records. A catalog listing itself is ignored.
 */
export function catalogMembership(graph: SourceGraph, table: ResourceTable, roles: NodeRoles, listing: Listing): Membership {
  return runAtOnce(catalogMembershipSteps(graph, table, roles, listing));
}

/** `catalogMembership` in steps that end where a slice of work is used up (see work-slices.ts). */
export function* catalogMembershipSteps(graph: SourceGraph, table: ResourceTable, roles: NodeRoles, listing: Listing, slices?: WorkSlices): Steps<Membership> {
  const memberLinks = new Set(listing.memberLinks);
  const listingKinds = new Set(listing.kinds);
  const listedBy = new Map<string, Set<string>>();
  const unidentifiedListedBy = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, catalog: string): void => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(catalog);
  };
  const note = (member: Term, catalog: string): void => {
    const role = roles.of(member);
    if (role.role === 'record') {
      if (role.iri !== catalog) add(listedBy, role.iri, catalog);
    } else if (role.role === 'unidentified') add(unidentifiedListedBy, termKey(member), catalog);
  };
  // A catalog record's topics, read once: catalogs that all list one record node of M triples read it each (C × M).
  const topics = new Map<string, Term[]>();
  const topicsOf = (record: Term): Term[] => {
    const key = termKey(record);
    let found = topics.get(key);
    if (found === undefined) {
      found = graph.bySubject(record).filter((r) => r.predicate.value === FOAF.primaryTopic).map((r) => r.object);
      topics.set(key, found);
    }
    return found;
  };
  for (const entry of table.records.values()) {
    if (!listingKinds.has(entry.kind)) continue;
    for (const alias of entry.aliases) {
      for (const q of graph.bySubject(alias)) {
        if (slices?.spend() === true) yield;
        const p = q.predicate.value;
        if (memberLinks.has(p)) note(q.object, entry.iri);
        else if (p === DCAT.record && (q.object.termType === 'NamedNode' || q.object.termType === 'BlankNode')) {
          for (const topic of topicsOf(q.object)) note(topic, entry.iri);
        }
      }
    }
  }
  const sorted = (map: Map<string, Set<string>>): Map<string, string[]> =>
    new Map([...map].map(([k, set]) => [k, [...set].sort(compareIri)]));
  return { listedBy: sorted(listedBy), unidentifiedListedBy: sorted(unidentifiedListedBy) };
}

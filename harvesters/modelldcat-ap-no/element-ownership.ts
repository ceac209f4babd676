import type { Quad, Term } from '@rdfjs/types';
import type { HarvestedRecord, SourceGraph } from '../../src/core/ports/harvester.js';
import { MODELLDCATNO, RDF } from '../../src/rdf/namespaces.js';
import { compareIri } from '../../src/rdf/records/compare-iri.js';

/**
 * Which information model owns each model element a payload describes. A model owns the elements it
 * names with `modelldcatno:containsModelElement`; an element named by several models belongs to one
 * of them — the model whose IRI shares the longest prefix with the element's (elements are usually
 * minted under their model's namespace), then the first by IRI — and the others link to it.
 */
export function elementOwners(graph: SourceGraph, models: readonly string[]): Map<string, string> {
  const claims = new Map<string, string[]>();
  for (const model of models) {
    for (const q of graph.bySubject(namedTerm(model))) {
      if (q.predicate.value !== MODELLDCATNO.containsModelElement || q.object.termType !== 'NamedNode') continue;
      const list = claims.get(q.object.value) ?? [];
      list.push(model);
      claims.set(q.object.value, list);
    }
  }
  const owners = new Map<string, string>();
  for (const [element, claimants] of claims) {
    const best = [...claimants].sort((a, b) => commonPrefix(element, b) - commonPrefix(element, a) || compareIri(a, b))[0]!;
    owners.set(element, best);
  }
  return owners;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function namedTerm(iri: string): Term {
  return { termType: 'NamedNode', value: iri, equals: (o: Term | null | undefined) => o?.termType === 'NamedNode' && o.value === iri } as Term;
}

/**
 * A model record without the descriptions of elements another model owns: the link to such an
 * element stays (a link, never a copy), and so do the triples of what only that element leads to.
 * The record is walked from its resource; a subject reached only through another model's element is
 * dropped. Cycles (specialisations, compositions) are walked once.
 */
export function withoutForeignElements(record: HarvestedRecord, owners: ReadonlyMap<string, string>): HarvestedRecord {
  const bySubject = new Map<string, Quad[]>();
  for (const q of record.quads) {
    const list = bySubject.get(q.subject.value);
    if (list === undefined) bySubject.set(q.subject.value, [q]);
    else list.push(q);
  }
  const keep = new Set<string>([record.iri]);
  const queue = [record.iri];
  for (let i = 0; i < queue.length; i++) {
    for (const q of bySubject.get(queue[i]!) ?? []) {
      if (q.object.termType !== 'NamedNode' || q.predicate.value === RDF.type) continue;
      const next = q.object.value;
      if (keep.has(next) || !bySubject.has(next)) continue;
      const owner = owners.get(next);
      if (owner !== undefined && owner !== record.iri) continue;
      keep.add(next);
      queue.push(next);
    }
  }
  if (keep.size === bySubject.size) return record;
  return { ...record, quads: record.quads.filter((q) => keep.has(q.subject.value)) };
}

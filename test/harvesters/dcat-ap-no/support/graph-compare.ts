// Helpers for the harvester's tests: parsing with n3 directly, and the graph arithmetic the golden tests
// use to subtract documented differences. Isomorphism and deskolemising come from src/rdf/isomorphism.ts.
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { DCAT, RDF } from '../../../../src/rdf/namespaces.js';
import { termToNTriples } from '../../../../src/rdf/ntriples.js';
import { SubjectIndex } from '../../../../src/rdf/subject-index.js';

export function parseTurtle(text: string, blankNodePrefix = 'b'): Quad[] {
  return new Parser({ format: 'text/turtle', blankNodePrefix }).parse(text);
}

export function sourceGraph(quads: Iterable<Quad>): SubjectIndex {
  return new SubjectIndex().addAll(quads);
}

/** The graph without the descriptions of its dcat:CatalogRecord nodes (all their triples). */
export function withoutCatalogRecords(quads: readonly Quad[]): Quad[] {
  const records = new Set(quads.filter((q) => q.predicate.value === RDF.type && q.object.value === DCAT.CatalogRecord).map((q) => q.subject.value));
  return quads.filter((q) => !records.has(q.subject.value));
}

/** The triples of `quads` whose subject is `subject`. */
export function triplesOf(quads: readonly Quad[], subject: string): Quad[] {
  return quads.filter((q) => q.subject.termType === 'NamedNode' && q.subject.value === subject);
}

/** `a` minus the triples in `b` (ground triples only: blank nodes never match). */
export function minus(a: readonly Quad[], b: readonly Quad[]): Quad[] {
  const remove = new Set(b.map(line));
  return a.filter((q) => !remove.has(line(q)));
}

export function line(q: Quad): string {
  return `${termToNTriples(q.subject)} ${termToNTriples(q.predicate)} ${termToNTriples(q.object)}`;
}

/** Each triple once. */
export function dedupe(quads: readonly Quad[]): Quad[] {
  const seen = new Map<string, Quad>();
  for (const q of quads) seen.set(line(q), q);
  return [...seen.values()];
}

// Graph comparison for the harvester's tests: parsing with n3 directly, deskolemising, and an
// isomorphism check with a readable difference. Private to these tests until src/rdf/isomorphism.ts
// (a sibling's) lands; then switch to it.
import { createHash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import { DCAT, RDF, SKOLEM_PATH } from '../../../../src/rdf/namespaces.js';
import { termToNTriples } from '../../../../src/rdf/ntriples.js';
import { SubjectIndex } from '../../../../src/rdf/subject-index.js';

const { blankNode, quad: makeQuad, defaultGraph } = DataFactory;

export function parseTurtle(text: string, blankNodePrefix = 'b'): Quad[] {
  return new Parser({ format: 'text/turtle', blankNodePrefix }).parse(text);
}

export function sourceGraph(quads: Iterable<Quad>): SubjectIndex {
  return new SubjectIndex().addAll(quads);
}

/** Skolem IRIs back to blank nodes: the same IRI gives the same blank node. */
export function deskolemise(quads: readonly Quad[]): Quad[] {
  const map = (t: Term): Term =>
    t.termType === 'NamedNode' && t.value.includes(SKOLEM_PATH) ? blankNode(`sk${createHash('md5').update(t.value).digest('hex')}`) : t;
  return quads.map((q) => makeQuad(map(q.subject) as Quad['subject'], q.predicate, map(q.object) as Quad['object'], defaultGraph()));
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

function dedupe(quads: readonly Quad[]): Quad[] {
  const seen = new Map<string, Quad>();
  for (const q of quads) seen.set(line(q), q);
  return [...seen.values()];
}

const isBlank = (t: Term): boolean => t.termType === 'BlankNode';

/** Colour refinement of blank nodes (by incident triples), returning a colour per blank label. */
function colours(quads: readonly Quad[]): Map<string, string> {
  let colour = new Map<string, string>();
  for (const q of quads) {
    if (isBlank(q.subject)) colour.set(q.subject.value, '');
    if (isBlank(q.object)) colour.set(q.object.value, '');
  }
  const show = (t: Term): string => (isBlank(t) ? `_:${colour.get(t.value)}` : termToNTriples(t));
  for (let round = 0; round <= colour.size; round++) {
    const sig = new Map<string, string[]>();
    for (const k of colour.keys()) sig.set(k, []);
    for (const q of quads) {
      if (isBlank(q.subject)) sig.get(q.subject.value)!.push(`out ${termToNTriples(q.predicate)} ${show(q.object)}`);
      if (isBlank(q.object)) sig.get(q.object.value)!.push(`in ${show(q.subject)} ${termToNTriples(q.predicate)}`);
    }
    const next = new Map<string, string>();
    for (const [k, lines] of sig) next.set(k, createHash('md5').update(`${colour.get(k)}|${lines.sort().join('\n')}`).digest('hex').slice(0, 12));
    const before = new Set(colour.values()).size;
    colour = next;
    if (new Set(colour.values()).size === before && round > 0) break;
  }
  return colour;
}

/** Whether two graphs are isomorphic (blank nodes matched by a bijection). */
export function isIsomorphic(a: readonly Quad[], b: readonly Quad[]): boolean {
  const A = dedupe(a);
  const B = dedupe(b);
  if (A.length !== B.length) return false;
  const ca = colours(A);
  const cb = colours(B);
  const multiset = (c: Map<string, string>): string => [...c.values()].sort().join(',');
  if (multiset(ca) !== multiset(cb)) return false;
  const bLines = new Set(B.map(line));
  const blanksA = [...ca.keys()];
  const mapping = new Map<string, string>();
  const used = new Set<string>();
  const mapTerm = (t: Term): Term => (isBlank(t) ? blankNode(mapping.get(t.value)!) : t);
  const consistent = (): boolean =>
    A.every((q) => {
      if ((isBlank(q.subject) && !mapping.has(q.subject.value)) || (isBlank(q.object) && !mapping.has(q.object.value))) return true;
      return bLines.has(line(makeQuad(mapTerm(q.subject) as Quad['subject'], q.predicate, mapTerm(q.object) as Quad['object'])));
    });
  const search = (i: number): boolean => {
    if (i === blanksA.length) return consistent();
    const x = blanksA[i]!;
    for (const [y, c] of cb) {
      if (used.has(y) || c !== ca.get(x)) continue;
      mapping.set(x, y);
      used.add(y);
      if (consistent() && search(i + 1)) return true;
      mapping.delete(x);
      used.delete(y);
    }
    return false;
  };
  return search(0);
}

/** Lines only in `actual` and only in `expected`, blank nodes shown by colour, for failure messages. */
export function describeDifference(actual: readonly Quad[], expected: readonly Quad[]): string {
  const show = (quads: readonly Quad[]): Set<string> => {
    const c = colours(dedupe(quads));
    const t = (x: Term): string => (isBlank(x) ? `_:c${c.get(x.value)}` : termToNTriples(x));
    return new Set(dedupe(quads).map((q) => `${t(q.subject)} ${t(q.predicate)} ${t(q.object)}`));
  };
  const a = show(actual);
  const e = show(expected);
  const onlyA = [...a].filter((l) => !e.has(l)).sort();
  const onlyE = [...e].filter((l) => !a.has(l)).sort();
  return `only in actual (${onlyA.length}):\n  ${onlyA.join('\n  ')}\nonly in expected (${onlyE.length}):\n  ${onlyE.join('\n  ')}`;
}

import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { RDF } from '../rdf/namespaces.js';
import { type IndexedDataset, QuadList } from './indexed-dataset.js';

type Pattern = Term | null | undefined;

/**
 * The data graph of one validation: the record's own quads and the shared background vocabularies,
 * seen as one graph without copying either. Graph names are ignored (a record is one graph).
 * A triple present in both is seen once.
 *
 * The questions a SHACL engine asks to find focus nodes — the instances of a class
 * (`?s rdf:type C`) and the subjects or objects of a property (`?s p ?o`) — are answered from the
 * record alone: the background is there to be looked up (types, subclasses, labels), never to be
 * validated itself.
 */
export class UnionGraph implements DatasetCore<Quad, Quad> {
  constructor(
    private readonly own: IndexedDataset,
    private readonly background: IndexedDataset,
  ) {}

  get size(): number {
    let n = this.own.size;
    for (const q of this.background) if (!this.own.has(q)) n++;
    return n;
  }

  has(quad: Quad): boolean {
    return this.own.has(quad) || this.background.has(quad);
  }

  match(subject?: Pattern, predicate?: Pattern, object?: Pattern): DatasetCore<Quad, Quad> {
    const own = this.own.find(subject, predicate, object);
    if (!subject && predicate && (!object || predicate.value === RDF.type)) return new QuadList(own);
    const shared = this.background.find(subject, predicate, object);
    if (shared.length === 0) return new QuadList(own);
    if (own.length === 0) return new QuadList(shared);
    return new QuadList([...own, ...shared.filter((q) => !this.own.has(q))]);
  }

  add(): this {
    throw new TypeError('The validation data graph is read-only.');
  }

  delete(): this {
    throw new TypeError('The validation data graph is read-only.');
  }

  *[Symbol.iterator](): Iterator<Quad> {
    yield* this.own;
    for (const q of this.background) if (!this.own.has(q)) yield q;
  }
}

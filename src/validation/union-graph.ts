import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import type { Store } from 'n3';

type Pattern = Term | null | undefined;

/** A read-only DatasetCore over a list of quads: what UnionGraph.match returns. */
class QuadList implements DatasetCore<Quad, Quad> {
  constructor(private readonly quads: readonly Quad[]) {}

  get size(): number {
    return this.quads.length;
  }

  has(quad: Quad): boolean {
    return this.quads.some((q) => q.equals(quad));
  }

  match(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): DatasetCore<Quad, Quad> {
    return new QuadList(
      this.quads.filter(
        (q) =>
          (!subject || q.subject.equals(subject)) &&
          (!predicate || q.predicate.equals(predicate)) &&
          (!object || q.object.equals(object)) &&
          (!graph || q.graph.equals(graph)),
      ),
    );
  }

  add(): this {
    throw new TypeError('A match result is read-only.');
  }

  delete(): this {
    throw new TypeError('A match result is read-only.');
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.quads[Symbol.iterator]();
  }
}

/**
 * The data graph of one validation: the record's own quads and the shared background vocabularies,
 * seen as one graph without copying either. Graph names are ignored (a record is one graph).
 * A triple present in both is seen once.
 */
export class UnionGraph implements DatasetCore<Quad, Quad> {
  constructor(
    private readonly own: Store,
    private readonly background: Store,
  ) {}

  get size(): number {
    return this.own.size + this.background.size;
  }

  has(quad: Quad): boolean {
    return this.own.has(quad) || this.background.has(quad);
  }

  match(subject?: Pattern, predicate?: Pattern, object?: Pattern): DatasetCore<Quad, Quad> {
    const s = subject ?? null;
    const p = predicate ?? null;
    const o = object ?? null;
    const own = this.own.getQuads(s, p, o, null);
    const shared = this.background.getQuads(s, p, o, null);
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

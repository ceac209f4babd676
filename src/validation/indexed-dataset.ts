import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { anyTermKey as termKey } from '../rdf/term-key.js';

type Pattern = Term | null | undefined;


function quadKey(q: Quad): string {
  return `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** A read-only DatasetCore over a list of quads: what a match returns. Building it costs nothing. */
export class QuadList implements DatasetCore<Quad, Quad> {
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

const EMPTY = new QuadList([]);

/**
 * A small in-memory DatasetCore indexed by subject–predicate and predicate–object, whose `match`
 * returns a plain list instead of building a new indexed dataset. The SHACL engine asks many small
 * questions of the record, the background and the shapes graph; answering them with array look-ups
 * instead of @rdfjs/dataset's re-indexed results is most of the validator's speed.
 */
export class IndexedDataset implements DatasetCore<Quad, Quad> {
  readonly #keys = new Set<string>();
  /** Each quad once, in the order first added. */
  #quads: Quad[] = [];
  /** How many of `#quads` are in the look-up maps. */
  #looked = 0;
  #bySubject = new Map<string, Map<string, Quad[]>>();
  #byPredicate = new Map<string, Map<string, Quad[]>>();
  /**
   * Quads added and not yet read. The validator builds a report graph for every nested check
   * (`sh:node`, `sh:or`, qualified value shapes) and most are never read: quads are taken in only when
   * the dataset is first read, so a graph nobody reads costs an array push per quad. A graph that is
   * only iterated, counted or asked `has` (a result copied into the report) is never put in the
   * look-up maps: those are built on the first `find` or `match` that needs them.
   */
  #pending: Quad[] = [];

  constructor(quads?: Iterable<Quad>) {
    if (quads) for (const q of quads) this.add(q);
  }

  get size(): number {
    this.#takePending();
    return this.#quads.length;
  }

  add(quad: Quad): this {
    this.#pending.push(quad);
    return this;
  }

  /** Takes the pending quads in, each once (no look-up maps). */
  #takePending(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (const quad of pending) {
      const key = quadKey(quad);
      if (this.#keys.has(key)) continue;
      this.#keys.add(key);
      this.#quads.push(quad);
    }
  }

  /** Brings the look-up maps up to date with every quad taken in. */
  #lookUp(): void {
    this.#takePending();
    const quads = this.#quads;
    for (let i = this.#looked; i < quads.length; i++) this.#insert(quads[i]!);
    this.#looked = quads.length;
  }

  #insert(quad: Quad): void {
    const s = termKey(quad.subject);
    const p = termKey(quad.predicate);
    let sp = this.#bySubject.get(s);
    if (sp === undefined) {
      sp = new Map();
      this.#bySubject.set(s, sp);
    }
    push(sp, p, quad);
    let po = this.#byPredicate.get(p);
    if (po === undefined) {
      po = new Map();
      this.#byPredicate.set(p, po);
    }
    push(po, termKey(quad.object), quad);
  }

  delete(quad: Quad): this {
    this.#takePending();
    const key = quadKey(quad);
    if (!this.#keys.delete(key)) return this;
    this.#quads = this.#quads.filter((q) => quadKey(q) !== key);
    this.#bySubject = new Map();
    this.#byPredicate = new Map();
    this.#looked = 0;
    return this;
  }

  has(quad: Quad): boolean {
    this.#takePending();
    return this.#keys.has(quadKey(quad));
  }

  /** Whether the look-up maps are built (for tests: a dataset only iterated never builds them). */
  get lookedUp(): boolean {
    return this.#looked > 0;
  }

  /** The quads matching the pattern, as an array (graph names are compared only when given). */
  find(subject: Pattern, predicate: Pattern, object: Pattern, graph?: Pattern): readonly Quad[] {
    if (subject || predicate) this.#lookUp();
    else this.#takePending();
    let found: readonly Quad[];
    if (subject) {
      const sp = this.#bySubject.get(termKey(subject));
      if (sp === undefined) return [];
      if (predicate) found = sp.get(termKey(predicate)) ?? [];
      else found = [...sp.values()].flat();
      if (object) {
        const o = termKey(object);
        found = found.filter((q) => termKey(q.object) === o);
      }
    } else if (predicate) {
      const po = this.#byPredicate.get(termKey(predicate));
      if (po === undefined) return [];
      found = object ? (po.get(termKey(object)) ?? []) : [...po.values()].flat();
    } else if (object) {
      const o = termKey(object);
      found = this.#quads.filter((q) => termKey(q.object) === o);
    } else {
      found = this.#quads;
    }
    return graph ? found.filter((q) => q.graph.equals(graph)) : found;
  }

  match(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): DatasetCore<Quad, Quad> {
    const found = this.find(subject, predicate, object, graph);
    return found.length === 0 ? EMPTY : new QuadList(found === this.#quads ? [...found] : found);
  }

  [Symbol.iterator](): Iterator<Quad> {
    this.#takePending();
    return this.#quads[Symbol.iterator]();
  }
}

import type { Quad, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { SourceGraph } from '../../core/ports/harvester.js';
import { RDF } from '../namespaces.js';
import type { RecordEntry, ResourceTable } from './resource-identity.js';
import { termKey } from '../term-key.js';

const { namedNode, quad: makeQuad, defaultGraph } = DataFactory;

/** What a node that a triple points to is, for cutting records. */
export type NodeRole =
  /** Another record (or this one): the link stays, nothing of its description is copied. */
  | { readonly role: 'record'; readonly iri: string }
  /** A blank-node resource without identity: left out (reported), and so are links to it. */
  | { readonly role: 'unidentified' }
  /** A dcat:CatalogRecord of the publisher's: left out, and so are links to it. */
  | { readonly role: 'catalog-record' }
  /** Anything else: part of the closure when it is described in the payload. */
  | { readonly role: 'node' };

const NODE: NodeRole = { role: 'node' };
const UNIDENTIFIED: NodeRole = { role: 'unidentified' };
const CATALOG_RECORD: NodeRole = { role: 'catalog-record' };

/** Tells what a node is (record, unidentified resource, publisher catalog record, or plain node). */
export class NodeRoles {
  readonly #roles = new Map<string, NodeRole>();

  constructor(table: ResourceTable, catalogRecords: Iterable<Term>) {
    for (const c of catalogRecords) this.#roles.set(termKey(c), CATALOG_RECORD);
    for (const key of table.unidentified.keys()) this.#roles.set(key, UNIDENTIFIED);
    for (const [key, iri] of table.blankIris) this.#roles.set(key, { role: 'record', iri });
    for (const iri of table.records.keys()) this.#roles.set(iri, { role: 'record', iri });
  }

  of(term: Term): NodeRole {
    if (term.termType !== 'NamedNode' && term.termType !== 'BlankNode') return NODE;
    return this.#roles.get(termKey(term)) ?? NODE;
  }
}

/**
 * The outcome of cutting one record: its quads (blank nodes not yet skolemised), or left out: its
 * closure is over the cap (`too-large`), or the records cut before it copied all the payload allows
 * (`copies-spent`).
 */
export type Cut = { readonly ok: true; readonly quads: Quad[] } | { readonly ok: false; readonly reason: 'too-large' | 'copies-spent'; /** What the records cut before it copied or walked. */ readonly copiedBefore: number };

/**
 * Cuts records out of the source graph: a resource's own triples (those of all its aliases, written with
 * its IRI as subject) plus the closure of the non-record nodes they point to, recursively, each node once.
 * Links to records stay links (blank-node resources written with their IRI); links to unidentified
 * resources and to the publisher's catalog records are left out and counted. `rdf:type` objects are not
 * followed (a payload that describes the classes themselves does not copy them into every record).
 * The cap counts the closure only: a resource's own triples are always whole (a catalog of 100 000
 * datasets has 100 000 `dcat:dataset` triples of its own).
 *
 * A node linked from many records is copied into each, so the closures of all records together are
 * capped too (`maxCopiedQuads`): without it, a 1.4 MB document of 1 000 datasets that each link one
 * node of 40 000 triples made 40 million quads (282 s, 4.4 GB), and a few more datasets would run the
 * process out of memory. Records are cut in IRI order; one whose closure would go past what is left
 * is left out. What a left-out record walked before it stopped counts as copied: 400 datasets that each
 * link one node just over the per-record cap walked 50 000 quads each (1.9 s, growing with the datasets).
 */
export class RecordCutter {
  /** Keys of every node that ended up in some record (or was looked at for a left-out resource). */
  readonly reached = new Set<string>();
  /** Links left out because they point to a publisher's dcat:CatalogRecord. */
  droppedCatalogRecordLinks = 0;
  /** Links left out because they point to a blank-node resource without identity. */
  droppedUnidentifiedLinks = 0;
  /** Closure quads walked for the records cut so far (copied, or walked before a record was left out). */
  #copied = 0;

  constructor(
    private readonly graph: SourceGraph,
    private readonly roles: NodeRoles,
    private readonly maxQuads: number,
    private readonly maxCopiedQuads = Number.POSITIVE_INFINITY,
  ) {}

  cut(entry: RecordEntry): Cut {
    // The graph's own term for the resource when it is a subject there: its triples then go into the
    // record as the very quad objects the graph holds, not as copies (a record's own triples are most of it).
    const first = this.graph.bySubject(entry.aliases[0]!)[0]?.subject;
    const self = first?.termType === 'NamedNode' && first.value === entry.iri ? first : namedNode(entry.iri);
    const out: Quad[] = [];
    const visited = new Set<string>();
    const queue: Term[] = [];
    const aliasCount = entry.aliases.length;
    let closureQuads = 0;
    for (const a of entry.aliases) {
      visited.add(termKey(a));
      queue.push(a);
    }
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      const subject = (i < aliasCount ? self : node) as Quad_Subject;
      for (const q of this.graph.bySubject(node)) {
        let object = q.object as Quad_Object;
        if (object.termType === 'NamedNode' || object.termType === 'BlankNode') {
          const role = this.roles.of(object);
          if (role.role === 'catalog-record') {
            this.droppedCatalogRecordLinks++;
            continue;
          }
          if (role.role === 'unidentified') {
            this.droppedUnidentifiedLinks++;
            continue;
          }
          if (role.role === 'record') {
            if (object.termType === 'BlankNode') object = namedNode(role.iri);
          } else if (q.predicate.value !== RDF.type) {
            const key = termKey(object);
            if (!visited.has(key)) {
              visited.add(key);
              queue.push(object);
            }
          }
        }
        out.push(subject === q.subject && q.graph.termType === 'DefaultGraph' && object === q.object ? q : makeQuad(subject, q.predicate, object, defaultGraph()));
        if (i >= aliasCount && (++closureQuads > this.maxQuads || this.#copied + closureQuads > this.maxCopiedQuads)) {
          for (const key of visited) this.reached.add(key);
          // The walk is charged too: 400 datasets that each link one node just over the cap walked 50 000 quads each.
          const copiedBefore = this.#copied;
          this.#copied += closureQuads;
          return { ok: false, reason: closureQuads > this.maxQuads ? 'too-large' : 'copies-spent', copiedBefore };
        }
      }
    }
    for (const key of visited) this.reached.add(key);
    this.#copied += closureQuads;
    return { ok: true, quads: out };
  }

  /** Marks what a left-out node leads to as looked at, so it is not reported again as unreachable. */
  markReached(start: Term): void {
    const stack: Term[] = [start];
    const key0 = termKey(start);
    if (this.reached.has(key0)) return;
    this.reached.add(key0);
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const q of this.graph.bySubject(node)) {
        const o = q.object;
        if (o.termType !== 'NamedNode' && o.termType !== 'BlankNode') continue;
        if (q.predicate.value === RDF.type || this.roles.of(o).role !== 'node') continue;
        const key = termKey(o);
        if (this.reached.has(key)) continue;
        this.reached.add(key);
        stack.push(o);
      }
    }
  }
}

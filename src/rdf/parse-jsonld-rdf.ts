import type * as RDF from '@rdfjs/types';
import { RDF as RDF_NS, XSD } from './namespaces.js';

/**
 * Expanded JSON-LD → RDF quads, in one pass over the expanded document.
 *
 * jsonld's own toRDF first builds a node map whose value merging checks every new value against all
 * values already there (util.addValue with allowDuplicate: false), which is quadratic in the number of
 * values of one property: a catalog listing 50 000 datasets took 32 s, so a hostile document could pin
 * a core for minutes. This walk emits the same quads (checked against jsonld.toRDF in
 * test/rdf/parse-jsonld-rdf.test.ts) in linear time; a triple the document states twice may be emitted
 * twice, which a graph does not mind.
 *
 * It follows JSON-LD 1.1 "Deserialize JSON-LD to RDF" as jsonld implements it (rdfDirection unset, no
 * generalized RDF): relative IRIs and blank-node predicates are dropped, nodes nested anywhere (also
 * under dropped properties and in lists) still give their own triples, @reverse, @graph and @included
 * are honoured, numbers and booleans get XSD datatypes with jsonld's canonical forms, @json literals are
 * canonical JSON (RFC 8785).
 */

/** jsonld's test for an absolute IRI or a blank-node identifier (lib/url.js), kept as it is, `+-.` range included. */
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;

type Subject = RDF.NamedNode | RDF.BlankNode;
type Graph = RDF.Quad['graph'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** RFC 8785 JSON canonicalisation: keys sorted by UTF-16 code units, ECMAScript number and string forms. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isDouble(v: number): boolean {
  return String(v).includes('.') || Math.abs(v) >= 1e21;
}

export function expandedToQuads(expanded: unknown, factory: RDF.DataFactory, emit: (quad: RDF.Quad) => void): void {
  const rdfType = factory.namedNode(RDF_NS.type);
  const rdfFirst = factory.namedNode(RDF_NS.first);
  const rdfRest = factory.namedNode(RDF_NS.rest);
  const rdfNil = factory.namedNode(RDF_NS.nil);
  const datatypes = new Map<string, RDF.NamedNode>();
  const datatype = (iri: string): RDF.NamedNode => {
    let node = datatypes.get(iri);
    if (node === undefined) datatypes.set(iri, (node = factory.namedNode(iri)));
    return node;
  };

  /** An identifier as a term: `_:x` a blank node, an absolute IRI a named node, anything else null (dropped). */
  const term = (id: unknown): Subject | null => {
    if (typeof id !== 'string') return null;
    if (id.startsWith('_:')) return factory.blankNode(id.slice(2));
    return ABSOLUTE.test(id) ? factory.namedNode(id) : null;
  };

  const put = (s: Subject | null, p: RDF.NamedNode | null, o: RDF.Quad['object'] | null, g: Graph | null): void => {
    if (s !== null && p !== null && o !== null && g !== null) emit(factory.quad(s, p, o, g));
  };

  const literal = (item: Record<string, unknown>): RDF.Literal | null => {
    let value = item['@value'];
    const type = typeof item['@type'] === 'string' ? (item['@type'] as string) : null;
    if (type === '@json') return factory.literal(canonicalJson(value), datatype(RDF_NS.JSON));
    if (typeof value === 'boolean') return factory.literal(String(value), datatype(type ?? XSD.boolean));
    if ((typeof value === 'number' && isDouble(value)) || type === XSD.double) {
      if (typeof value !== 'number') value = Number.parseFloat(String(value));
      const canonical = (value as number).toExponential(15).replace(/(\d)0*e\+?/, '$1E');
      return factory.literal(canonical, datatype(type ?? XSD.double));
    }
    if (typeof value === 'number') return factory.literal(value.toFixed(0), datatype(type ?? XSD.integer));
    if (typeof value !== 'string') return null;
    if (typeof item['@language'] === 'string' && type === null) return factory.literal(value, item['@language']);
    return factory.literal(value, datatype(type ?? XSD.string));
  };

  /**
   * The RDF object for a property value, emitting the triples it brings (nested nodes, list cells).
   * With `live` false the value's own triple is not wanted (its subject, predicate or graph was
   * dropped): nested nodes still give their triples, list cells do not.
   */
  const object = (item: unknown, graph: Graph | null, live: boolean): RDF.Quad['object'] | null => {
    if (!isObject(item)) return live ? term(item) : null;
    if ('@value' in item) return live ? literal(item) : null;
    if ('@list' in item) {
      const items = asArray(item['@list']);
      if (!live) {
        for (const member of items) object(member, graph, false);
        return null;
      }
      if (items.length === 0) return rdfNil;
      const head = factory.blankNode();
      let cell: RDF.BlankNode = head;
      items.forEach((member, i) => {
        put(cell, rdfFirst, object(member, graph, true), graph);
        const next = i === items.length - 1 ? rdfNil : factory.blankNode();
        put(cell, rdfRest, next, graph);
        if (next.termType === 'BlankNode') cell = next;
      });
      return head;
    }
    return node(item, graph);
  };

  /** A node object's triples (into `graph`; none when it is null), and its subject term. */
  const node = (n: Record<string, unknown>, graph: Graph | null): Subject | null => {
    const subject = '@id' in n ? term(n['@id']) : factory.blankNode();
    for (const type of asArray(n['@type'])) put(subject, rdfType, term(type), graph);
    for (const [property, values] of Object.entries(n)) {
      if (property.startsWith('@')) continue;
      const p = term(property);
      const predicate = p !== null && p.termType === 'NamedNode' ? p : null;
      const live = subject !== null && predicate !== null && graph !== null;
      for (const value of asArray(values)) put(subject, predicate, object(value, graph, live), graph);
    }
    if (isObject(n['@reverse'])) {
      for (const [property, values] of Object.entries(n['@reverse'])) {
        const p = term(property);
        const predicate = p !== null && p.termType === 'NamedNode' ? p : null;
        for (const value of asArray(values)) {
          if (isObject(value)) put(node(value, graph), predicate, subject, graph);
        }
      }
    }
    if ('@graph' in n) {
      // The node names a graph: its @id, or the fresh blank node it got. A relative name drops the graph.
      for (const child of asArray(n['@graph'])) topLevel(child, subject);
    }
    for (const child of asArray(n['@included'])) topLevel(child, graph);
    return subject;
  };

  /** An element of a graph (the document's top level or a @graph): nodes, free-floating lists. */
  const topLevel = (element: unknown, graph: Graph | null): void => {
    if (!isObject(element) || '@value' in element) return;
    if ('@list' in element) {
      for (const member of asArray(element['@list'])) object(member, graph, false);
      return;
    }
    node(element, graph);
  };

  for (const element of asArray(expanded)) topLevel(element, factory.defaultGraph());
}

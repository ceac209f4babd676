import type { Quad } from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import { XSD } from './namespaces.js';

/** What a subject without the predicate has (one shared empty list: a search document asks for dozens of absent predicates). */
const NO_OBJECTS: readonly GraphObject[] = [];

/** An object in a record graph: an IRI or a literal. */
export type GraphObject =
  | { readonly kind: 'iri'; readonly value: string }
  | { readonly kind: 'literal'; readonly value: string; readonly language: string; readonly datatype: string | null };

/**
 * A record's graph indexed by subject and predicate: everything a search document is built from.
 * Records are stored as canonical N-Triples, read here by a small line reader (about 6× faster than a
 * general parser, which matters for a 100 000-record rebuild); a line it does not recognise sends
 * the whole text to n3's N-Triples parser, so any valid N-Triples is read correctly.
 */
export class RecordGraph {
  readonly #subjects = new Map<string, Map<string, GraphObject[]>>();

  add(subject: string, predicate: string, object: GraphObject): void {
    let byPredicate = this.#subjects.get(subject);
    if (byPredicate === undefined) {
      byPredicate = new Map();
      this.#subjects.set(subject, byPredicate);
    }
    const list = byPredicate.get(predicate);
    if (list === undefined) byPredicate.set(predicate, [object]);
    else list.push(object);
  }

  objects(subject: string, predicate: string): readonly GraphObject[] {
    return this.#subjects.get(subject)?.get(predicate) ?? NO_OBJECTS;
  }

  iris(subject: string, predicate: string): string[] {
    const out: string[] = [];
    for (const o of this.objects(subject, predicate)) if (o.kind === 'iri') out.push(o.value);
    return out;
  }

  literals(subject: string, predicate: string): Extract<GraphObject, { kind: 'literal' }>[] {
    const out: Extract<GraphObject, { kind: 'literal' }>[] = [];
    for (const o of this.objects(subject, predicate)) if (o.kind === 'literal') out.push(o);
    return out;
  }

  /** The first literal value, whatever its language. */
  firstLiteral(subject: string, predicate: string): string | null {
    return this.literals(subject, predicate)[0]?.value ?? null;
  }

  predicates(subject: string): ReadonlyMap<string, readonly GraphObject[]> {
    return this.#subjects.get(subject) ?? new Map();
  }

  has(subject: string): boolean {
    return this.#subjects.has(subject);
  }

  /** Every subject of the graph. */
  subjects(): IterableIterator<string> {
    return this.#subjects.keys();
  }
}

/** The graph as RDF/JS quads in the default graph (for readers written over quads, such as src/rdf/concept-description.ts). */
export function quadsOfRecordGraph(graph: RecordGraph): Quad[] {
  const { namedNode, blankNode, literal, quad } = DataFactory;
  const node = (value: string) => (value.startsWith('_:') ? blankNode(value.slice(2)) : namedNode(value));
  const out: Quad[] = [];
  for (const s of graph.subjects()) {
    for (const [p, objects] of graph.predicates(s)) {
      for (const o of objects) {
        const object = o.kind === 'iri' ? node(o.value) : literal(o.value, o.language !== '' ? o.language : o.datatype !== null ? namedNode(o.datatype) : undefined);
        out.push(quad(node(s), namedNode(p), object));
      }
    }
  }
  return out;
}

const IRI_ESCAPE = /\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})/g;
const LITERAL_ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g;
const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function unescapeIri(value: string): string {
  return value.includes('\\') ? value.replace(IRI_ESCAPE, (_, u4?: string, u8?: string) => String.fromCodePoint(parseInt(u4 ?? u8!, 16))) : value;
}

function unescapeLiteral(value: string): string | null {
  if (!value.includes('\\')) return value;
  let ok = true;
  const out = value.replace(LITERAL_ESCAPE, (_, u4?: string, u8?: string, c?: string) => {
    if (u4 !== undefined || u8 !== undefined) return String.fromCodePoint(parseInt(u4 ?? u8!, 16));
    const simple = SIMPLE_ESCAPES[c!];
    if (simple === undefined) ok = false;
    return simple ?? '';
  });
  return ok ? out : null;
}

/** Reads one canonical N-Triples line into the graph; false when the line is not in that form. */
function readLine(line: string, graph: RecordGraph): boolean {
  if (line[0] !== '<') return false;
  const sEnd = line.indexOf('> <', 1);
  if (sEnd < 0) return false;
  const pStart = sEnd + 3;
  const pEnd = line.indexOf('> ', pStart);
  if (pEnd < 0) return false;
  const subject = unescapeIri(line.slice(1, sEnd));
  const predicate = unescapeIri(line.slice(pStart, pEnd));
  const rest = line.slice(pEnd + 2);
  if (!rest.endsWith(' .')) return false;
  const object = rest.slice(0, -2);
  if (object[0] === '<') {
    if (object[object.length - 1] !== '>' || object.indexOf('>') !== object.length - 1) return false;
    graph.add(subject, predicate, { kind: 'iri', value: unescapeIri(object.slice(1, -1)) });
    return true;
  }
  if (object[0] !== '"') return false;
  // Find the closing quote: the last quote not escaped.
  let close = -1;
  for (let i = 1; i < object.length; i++) {
    const c = object[i];
    if (c === '\\') i++;
    else if (c === '"') {
      close = i;
      break;
    }
  }
  if (close < 0) return false;
  const value = unescapeLiteral(object.slice(1, close));
  if (value === null) return false;
  const suffix = object.slice(close + 1);
  if (suffix === '') graph.add(subject, predicate, { kind: 'literal', value, language: '', datatype: null });
  else if (suffix[0] === '@' && /^@[A-Za-z]+(-[A-Za-z0-9]+)*$/.test(suffix)) graph.add(subject, predicate, { kind: 'literal', value, language: suffix.slice(1).toLowerCase(), datatype: null });
  else if (suffix.startsWith('^^<') && suffix.endsWith('>')) graph.add(subject, predicate, { kind: 'literal', value, language: '', datatype: unescapeIri(suffix.slice(3, -1)) });
  else return false;
  return true;
}

function parseWithN3(ntriples: string): RecordGraph {
  const graph = new RecordGraph();
  for (const q of new Parser({ format: 'N-Triples' }).parse(ntriples)) {
    const subject = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
    const o = q.object;
    if (o.termType === 'Literal') {
      const datatype = o.language ? null : o.datatype.value === XSD.string ? null : o.datatype.value;
      graph.add(subject, q.predicate.value, { kind: 'literal', value: o.value, language: o.language.toLowerCase(), datatype });
    } else if (o.termType === 'BlankNode') {
      graph.add(subject, q.predicate.value, { kind: 'iri', value: `_:${o.value}` });
    } else {
      graph.add(subject, q.predicate.value, { kind: 'iri', value: o.value });
    }
  }
  return graph;
}

/** A record's graph, read once for everything that reads that record object (see recordGraphOf). */
const readGraphs = new WeakMap<object, { readonly ntriples: string; readonly graph: RecordGraph }>();

/**
 * The graph of a stored record, read once per record object: the projections that handle the same
 * changed row (relations, then search with its quality score; the SPARQL graph's quality score) share
 * one reading instead of reading the N-Triples again each. The reading lives as long as the record
 * object (a WeakMap), and is read again when the object's `graph` text is another.
 * Treat the result as read-only: it is shared.
 */
export function recordGraphOf(record: { readonly graph: string }): RecordGraph {
  const known = readGraphs.get(record);
  if (known !== undefined && known.ntriples === record.graph) return known.graph;
  const graph = parseRecordGraph(record.graph);
  readGraphs.set(record, { ntriples: record.graph, graph });
  return graph;
}

/** Reads a record graph (N-Triples). Throws n3's error for text that is not N-Triples. */
export function parseRecordGraph(ntriples: string): RecordGraph {
  const graph = new RecordGraph();
  let start = 0;
  while (start < ntriples.length) {
    let end = ntriples.indexOf('\n', start);
    if (end < 0) end = ntriples.length;
    const line = ntriples.slice(start, end);
    start = end + 1;
    if (line === '') continue;
    if (!readLine(line, graph)) return parseWithN3(ntriples);
  }
  return graph;
}

import { createHash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import { RDF, XSD } from './namespaces.js';

// Canonical N-Triples (RDF 1.1 N-Triples §7 "Canonical N-Triples"): the form we store, hash and compare.

// eslint-disable-next-line no-control-regex -- IRIs must escape control characters
const IRI_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/g;
const LITERAL_ESCAPE = /["\\\n\r]/g;
const LITERAL_REPLACEMENT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r' };

function iri(value: string): string {
  return `<${value.replace(IRI_ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}>`;
}

/** One term in canonical N-Triples form. Blank nodes keep their label (`_:label`). */
export function termToNTriples(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return iri(term.value);
    case 'BlankNode':
      return `_:${term.value.replace(/[^A-Za-z0-9_\-.]/g, '_')}`;
    case 'Literal': {
      const body = `"${term.value.replace(LITERAL_ESCAPE, (c) => LITERAL_REPLACEMENT[c]!)}"`;
      if (term.language) return `${body}@${term.language.toLowerCase()}`;
      const dt = term.datatype?.value;
      if (dt === undefined || dt === XSD.string || dt === RDF.langString) return body;
      return `${body}^^${iri(dt)}`;
    }
    case 'DefaultGraph':
      return '';
    default:
      throw new TypeError(`Cannot write a ${term.termType} as N-Triples.`);
  }
}

/** One triple (the graph name is ignored) as a canonical N-Triples line, without the newline. */
export function tripleToNTriples(quad: Quad): string {
  return `${termToNTriples(quad.subject)} ${termToNTriples(quad.predicate)} ${termToNTriples(quad.object)} .`;
}

/**
 * The canonical text of a graph without blank nodes: one line per distinct triple, sorted, each
 * ending in a newline. Two isomorphic ground graphs give the same text.
 */
export function canonicalNTriples(quads: Iterable<Quad>): string {
  // A record repeats the same subjects, predicates and classes on many lines: each IRI is written
  // (escaped) once per call. Duplicates are dropped after sorting, where they sit side by side, which
  // costs less than hashing every line into a set (the text of a large record runs to megabytes).
  const iris = new Map<string, string>();
  const text = (term: Term): string => {
    if (term.termType !== 'NamedNode') return termToNTriples(term);
    let written = iris.get(term.value);
    if (written === undefined) {
      written = iri(term.value);
      iris.set(term.value, written);
    }
    return written;
  };
  const lines: string[] = [];
  for (const q of quads) lines.push(`${text(q.subject)} ${text(q.predicate)} ${text(q.object)} .`);
  if (lines.length === 0) return '';
  lines.sort();
  let distinct = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i === 0 || lines[i] !== lines[distinct - 1]) lines[distinct++] = lines[i]!;
  }
  lines.length = distinct;
  return lines.join('\n') + '\n';
}

/** SHA-256 (hex) of a canonical N-Triples text: the record's change-detection hash. */
export function graphHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

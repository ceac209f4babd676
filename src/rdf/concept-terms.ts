import type { LabelRole } from '../core/concept-label.js';
import { hashableKey } from '../core/hashable-key.js';
import { DataFactory } from 'n3';
import { SKOS, SKOSXL } from './namespaces.js';
import { termToNTriples } from './ntriples.js';

export interface ConceptTerm {
  readonly value: string;
  readonly lang: string;
  readonly role: LabelRole;
}

const PLAIN: ReadonlyMap<string, LabelRole> = new Map([
  [`<${SKOS.prefLabel}>`, 'prefLabel'],
  [`<${SKOS.altLabel}>`, 'altLabel'],
  [`<${SKOS.hiddenLabel}>`, 'hiddenLabel'],
]);
const XL: ReadonlyMap<string, LabelRole> = new Map([
  [`<${SKOSXL.prefLabel}>`, 'prefLabel'],
  [`<${SKOSXL.altLabel}>`, 'altLabel'],
  [`<${SKOSXL.hiddenLabel}>`, 'hiddenLabel'],
]);
const LITERAL_FORM = `<${SKOSXL.literalForm}>`;

/**
 * The terms of the concept `iri` (preferred, admitted, deprecated; SKOS and SKOS-XL), read straight
 * from a record's canonical N-Triples (`StoredRecord.graph`) without parsing the whole graph: a line
 * scan, several times faster than a parser, for projections that rebuild from every stored concept.
 * Same terms, in the same roles, as `describeConcept(...).labels`, each once.
 */
export function conceptTermsFromCanonical(graph: string, iri: string): ConceptTerm[] {
  const subject = termToNTriples(DataFactory.namedNode(iri));
  const out: ConceptTerm[] = [];
  const xlNodes = new Map<string, LabelRole>();
  const literalForms = new Map<string, string[]>();
  let start = 0;
  while (start < graph.length) {
    let end = graph.indexOf('\n', start);
    if (end < 0) end = graph.length;
    const line = graph.slice(start, end);
    start = end + 1;
    const s = line.indexOf(' ');
    const p = s < 0 ? -1 : line.indexOf(' ', s + 1);
    if (p < 0) continue;
    const predicate = line.slice(s + 1, p);
    const object = line.endsWith(' .') ? line.slice(p + 1, -2) : line.slice(p + 1);
    if (predicate === LITERAL_FORM) {
      const node = line.slice(0, s);
      const list = literalForms.get(node) ?? [];
      list.push(object);
      literalForms.set(node, list);
      continue;
    }
    if (line.slice(0, s) !== subject) continue;
    const plain = PLAIN.get(predicate);
    if (plain !== undefined) {
      const literal = parseLiteral(object);
      if (literal !== null) out.push({ ...literal, role: plain });
      continue;
    }
    const xl = XL.get(predicate);
    if (xl !== undefined && !object.startsWith('"')) xlNodes.set(object, xl);
  }
  for (const [node, role] of xlNodes) {
    for (const object of literalForms.get(node) ?? []) {
      const literal = parseLiteral(object);
      if (literal !== null) out.push({ ...literal, role });
    }
  }
  const seen = new Set<string>();
  return out.filter((t) => {
    const k = hashableKey(`${t.role}\u0000${t.lang}\u0000${t.value}`);
    if (seen.has(k) || t.value.trim() === '') return false;
    seen.add(k);
    return true;
  });
}

/** A literal in N-Triples form (`"…"`, `"…"@lang`, `"…"^^<dt>`) as value and language, or null for an IRI. */
function parseLiteral(text: string): { value: string; lang: string } | null {
  if (!text.startsWith('"')) return null;
  const close = text.lastIndexOf('"');
  if (close <= 0) return null;
  const suffix = text.slice(close + 1);
  const lang = suffix.startsWith('@') ? suffix.slice(1) : '';
  return { value: unescape(text.slice(1, close)), lang };
}

function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
  });
}

import { DataFactory } from 'n3';
import { SKOS } from './namespaces.js';
import { termToNTriples } from './ntriples.js';

const IN_SCHEME = `<${SKOS.inScheme}>`;

/**
 * The concept schemes (`skos:inScheme`, IRIs only) of the concept `iri`, read straight from a record's
 * canonical N-Triples (`StoredRecord.graph`) with a line scan, as `conceptTermsFromCanonical` reads its
 * terms: projections that rebuild from every stored concept do not parse each graph.
 */
export function conceptSchemesFromCanonical(graph: string, iri: string): string[] {
  const prefix = `${termToNTriples(DataFactory.namedNode(iri))} ${IN_SCHEME} <`;
  const out = new Set<string>();
  let at = graph.startsWith(prefix) ? 0 : graph.indexOf(`\n${prefix}`);
  while (at >= 0) {
    const start = graph[at] === '\n' ? at + 1 : at;
    const end = graph.indexOf('>', start + prefix.length);
    if (end < 0) break;
    const scheme = unescapeIri(graph.slice(start + prefix.length, end));
    out.add(scheme);
    at = graph.indexOf(`\n${prefix}`, end);
  }
  return [...out];
}

/** An IRI's text as canonical N-Triples writes it (`\uXXXX` for the characters it escapes) back to the IRI. */
function unescapeIri(text: string): string {
  return text.includes('\\') ? text.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})/g, (_, u4?: string, u8?: string) => String.fromCodePoint(parseInt(u4 ?? u8!, 16))) : text;
}

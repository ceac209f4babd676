import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import type { GraphSyntax } from './rdf-syntaxes.js';
import { writeRdfXml } from './rdf-xml-writer.js';

/** Only the prefixes a graph uses, so Turtle and JSON-LD stay short. */
function usedPrefixes(quads: readonly Quad[]): Record<string, string> {
  const used: Record<string, string> = {};
  const entries = Object.entries(PREFIXES);
  for (const q of quads) {
    for (const term of [q.subject, q.predicate, q.object, q.object.termType === 'Literal' ? q.object.datatype : q.object]) {
      if (term.termType !== 'NamedNode') continue;
      for (const [prefix, base] of entries) if (used[prefix] === undefined && term.value.startsWith(base)) used[prefix] = base;
    }
  }
  return used;
}

function turtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: usedPrefixes(quads) });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error as Error) : resolve(result))));
}

async function jsonLd(ntriples: string, quads: Quad[]): Promise<string> {
  const expanded = await jsonld.fromRDF(ntriples, { format: 'application/n-quads' });
  const context = usedPrefixes(quads);
  const compacted = await jsonld.compact(expanded, context);
  return JSON.stringify(compacted, null, 2);
}


/**
 * Writes a graph given as N-Triples (a record, a CONSTRUCT result) in one of the served syntaxes:
 * Turtle and JSON-LD with the project's prefixes (those the graph uses), RDF/XML, or N-Triples as is.
 */
export async function writeGraph(ntriples: string, syntax: GraphSyntax): Promise<string> {
  if (syntax === 'application/n-triples') return ntriples;
  const quads = new Parser({ format: 'N-Triples' }).parse(ntriples);
  if (syntax === 'application/rdf+xml') return writeRdfXml(quads, usedPrefixes(quads));
  return syntax === 'text/turtle' ? turtle(quads) : jsonLd(ntriples, quads);
}

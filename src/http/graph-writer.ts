import { Parser } from 'n3';
import { serializeQuads, type SerializationFormat } from '../rdf/serialize.js';
import type { GraphFormat, GraphSyntax } from './rdf-syntaxes.js';

const FORMAT: Readonly<Record<GraphSyntax, SerializationFormat>> = {
  'text/turtle': 'turtle',
  'application/n-triples': 'n-triples',
  'application/ld+json': 'json-ld',
  'application/rdf+xml': 'rdf-xml',
};

/**
 * Writes a graph given as N-Triples (a record, a CONSTRUCT result) in one of the served syntaxes with
 * the project's serialiser: Turtle and JSON-LD with the prefixes the graph uses (JSON-LD in the form
 * asked for), RDF/XML keeping every literal's lexical form. N-Triples is passed through as it is.
 */
export async function writeGraph(ntriples: string, format: GraphSyntax | GraphFormat): Promise<string> {
  const { syntax, jsonLdForm } = typeof format === 'string' ? { syntax: format, jsonLdForm: undefined } : format;
  if (syntax === 'application/n-triples') return ntriples;
  return serializeQuads(new Parser({ format: 'N-Triples' }).parse(ntriples), FORMAT[syntax], jsonLdForm !== undefined ? { jsonLdForm } : {});
}

/**
 * The RDF syntaxes graphs are served in (SPARQL CONSTRUCT/DESCRIBE results, record URIs), in order of
 * preference when the client states none: Turtle first.
 */
export const GRAPH_SYNTAXES = [
  { mediaType: 'text/turtle', contentType: 'text/turtle; charset=utf-8', label: 'Turtle' },
  { mediaType: 'application/n-triples', contentType: 'application/n-triples; charset=utf-8', label: 'N-Triples' },
  { mediaType: 'application/ld+json', contentType: 'application/ld+json; charset=utf-8', label: 'JSON-LD' },
  { mediaType: 'application/rdf+xml', contentType: 'application/rdf+xml; charset=utf-8', label: 'RDF/XML' },
] as const;

export type GraphSyntax = (typeof GRAPH_SYNTAXES)[number]['mediaType'];

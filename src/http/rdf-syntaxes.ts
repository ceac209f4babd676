import { JSON_LD_FORMS, type JsonLdForm } from './media-negotiation.js';

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

/** A way of writing a graph: a syntax and, for JSON-LD, the document form. */
export interface GraphFormat {
  readonly syntax: GraphSyntax;
  readonly jsonLdForm?: JsonLdForm;
}

/** One media type a graph is offered as (the `Accept` it answers), its Content-Type and how it is written. */
export interface GraphOffer {
  readonly accept: string;
  readonly contentType: string;
  readonly format: GraphFormat;
}

/**
 * Every syntax, then JSON-LD once per document form its `profile` parameter names (JSON-LD 1.1 §9):
 * plain `application/ld+json` is the compacted form.
 */
export const GRAPH_OFFERS: readonly GraphOffer[] = [
  ...GRAPH_SYNTAXES.map((s) => ({ accept: s.mediaType, contentType: s.contentType, format: { syntax: s.mediaType } })),
  ...(Object.keys(JSON_LD_FORMS) as JsonLdForm[]).map((form) => ({
    accept: `application/ld+json;profile="${JSON_LD_FORMS[form]}"`,
    contentType: `application/ld+json; profile="${JSON_LD_FORMS[form]}"; charset=utf-8`,
    format: { syntax: 'application/ld+json' as const, jsonLdForm: form },
  })),
];

/** A key naming a format, for caches and ETags: `application/ld+json#expanded`. */
export function graphFormatKey(format: GraphFormat): string {
  return format.jsonLdForm === undefined ? format.syntax : `${format.syntax}#${format.jsonLdForm}`;
}

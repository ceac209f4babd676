import type { QueryForm } from '../../core/ports/sparql-index.js';
import type { Offer } from '../negotiation.js';
import { GRAPH_OFFERS as GRAPH_SYNTAX_OFFERS, type GraphFormat } from '../rdf-syntaxes.js';

/**
 * What a SPARQL result can be sent as, per query form:
 *   SELECT    SPARQL JSON (default), SPARQL XML, CSV, TSV
 *   ASK       SPARQL JSON (default), SPARQL XML
 *   CONSTRUCT / DESCRIBE   Turtle (default), N-Triples, JSON-LD, RDF/XML
 * `application/json` and `application/xml` / `text/xml` are accepted as aliases of the SPARQL formats.
 */
export interface ResultFormat {
  /** Content-Type of the response. */
  readonly contentType: string;
  /** A page of the portal for a browser (sparql-results-page.tsx), made from what the index wrote in indexMediaType. */
  readonly page?: true;
  /** What to ask the index for. */
  readonly indexMediaType: string;
  /** For graph results: the format the index writes them in (its syntax is indexMediaType). */
  readonly graphFormat?: GraphFormat;
}

const JSON_RESULTS: ResultFormat = { contentType: 'application/sparql-results+json; charset=utf-8', indexMediaType: 'application/sparql-results+json' };
const XML_RESULTS: ResultFormat = { contentType: 'application/sparql-results+xml; charset=utf-8', indexMediaType: 'application/sparql-results+xml' };
const CSV_RESULTS: ResultFormat = { contentType: 'text/csv; charset=utf-8', indexMediaType: 'text/csv' };
const TSV_RESULTS: ResultFormat = { contentType: 'text/tab-separated-values; charset=utf-8', indexMediaType: 'text/tab-separated-values' };

const BOOLEAN_OFFERS: readonly Offer<ResultFormat>[] = [
  { accept: 'application/sparql-results+json', value: JSON_RESULTS },
  { accept: 'application/sparql-results+xml', value: XML_RESULTS },
  { accept: 'application/json', value: JSON_RESULTS },
  { accept: 'application/xml', value: XML_RESULTS },
  { accept: 'text/xml', value: XML_RESULTS },
];

const SOLUTION_OFFERS: readonly Offer<ResultFormat>[] = [
  ...BOOLEAN_OFFERS.slice(0, 2),
  { accept: 'text/csv', value: CSV_RESULTS },
  { accept: 'text/tab-separated-values', value: TSV_RESULTS },
  ...BOOLEAN_OFFERS.slice(2),
];

const GRAPH_OFFERS: readonly Offer<ResultFormat>[] = [
  ...GRAPH_SYNTAX_OFFERS.map((o) => ({
    accept: o.accept,
    value: { contentType: o.contentType, indexMediaType: o.format.syntax, graphFormat: o.format },
  })),
  // Developers asking for JSON get JSON-LD.
  {
    accept: 'application/json',
    value: { contentType: 'application/ld+json; charset=utf-8', indexMediaType: 'application/ld+json', graphFormat: { syntax: 'application/ld+json' as const } },
  },
];

/**
 * A browser (its Accept prefers text/html: the plain form on the SPARQL page, submitted without script)
 * gets the results as a page. Offered last, so a client that takes anything (`*\/*`) gets the data.
 */
const PAGE_OF_SOLUTIONS: Offer<ResultFormat> = { accept: 'text/html', value: { contentType: 'text/html; charset=utf-8', indexMediaType: 'application/sparql-results+json', page: true } };
const PAGE_OF_GRAPH: Offer<ResultFormat> = { accept: 'text/html', value: { contentType: 'text/html; charset=utf-8', indexMediaType: 'text/turtle', graphFormat: { syntax: 'text/turtle' }, page: true } };

export function resultOffers(form: QueryForm, pages = false): readonly Offer<ResultFormat>[] {
  switch (form) {
    case 'SELECT':
      return pages ? [...SOLUTION_OFFERS, PAGE_OF_SOLUTIONS] : SOLUTION_OFFERS;
    case 'ASK':
      return pages ? [...BOOLEAN_OFFERS, PAGE_OF_SOLUTIONS] : BOOLEAN_OFFERS;
    case 'CONSTRUCT':
    case 'DESCRIBE':
      return pages ? [...GRAPH_OFFERS, PAGE_OF_GRAPH] : GRAPH_OFFERS;
  }
}

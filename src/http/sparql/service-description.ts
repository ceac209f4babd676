import type { Request, Response } from 'express';
import { DataFactory } from 'n3';
import { ENTAILMENT, FORMATS, RDF, RDFS, SD } from '../../rdf/namespaces.js';
import { canonicalNTriples } from '../../rdf/ntriples.js';
import { writeGraph } from '../graph-writer.js';
import { chooseOffer, type Offer } from '../negotiation.js';
import { GRAPH_OFFERS, graphFormatKey, type GraphFormat } from '../rdf-syntaxes.js';

const { namedNode, literal, quad } = DataFactory;

/**
 * What GET /sparql without a query answers:
 *  - a browser (Accept prefers text/html) gets a small HTML form that GETs /sparql?query=…;
 *  - anything else gets the SPARQL 1.1 Service Description of the endpoint, Turtle by default (or
 *    N-Triples, JSON-LD, RDF/XML by Accept): SPARQL 1.1 Query, the result formats, the union default
 *    graph, simple entailment.
 */
export function serviceDescriptionNTriples(endpoint: string): string {
  const service = namedNode(`${endpoint}#service`);
  const dataset = namedNode(`${endpoint}#dataset`);
  const defaultGraph = namedNode(`${endpoint}#default-graph`);
  const t = (p: string, o: string) => quad(service, namedNode(p), namedNode(o));
  const formats = [
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS['N-Triples'],
    FORMATS['JSON-LD'],
    FORMATS.RDF_XML,
  ];
  return canonicalNTriples([
    t(RDF.type, SD.Service),
    t(SD.endpoint, endpoint),
    t(SD.supportedLanguage, SD.SPARQL11Query),
    t(SD.feature, SD.UnionDefaultGraph),
    t(SD.defaultEntailmentRegime, ENTAILMENT.Simple),
    ...formats.map((f) => t(SD.resultFormat, f)),
    quad(service, namedNode(RDFS.label), literal('Datakatalog SPARQL endpoint (read-only)', 'en')),
    quad(service, namedNode(RDFS.label), literal('Datakatalog SPARQL-endepunkt (kun lesing)', 'nb')),
    quad(service, namedNode(SD.defaultDataset), dataset),
    quad(dataset, namedNode(RDF.type), namedNode(SD.Dataset)),
    quad(dataset, namedNode(SD.defaultGraph), defaultGraph),
    quad(defaultGraph, namedNode(RDF.type), namedNode(SD.Graph)),
    quad(
      defaultGraph,
      namedNode(RDFS.comment),
      literal('The default graph is the union of all published records; each record is also a named graph named by its record URI.', 'en'),
    ),
  ]);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const EXAMPLE = `PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>

SELECT ?dataset ?title WHERE {
  ?dataset a dcat:Dataset ;
           dct:title ?title .
}
LIMIT 20`;

export function queryFormHtml(endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SPARQL endpoint</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}textarea{width:100%;font-family:monospace}</style>
</head>
<body>
<h1>SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol, read-only: <code>${escapeHtml(endpoint)}</code>. The default graph is the union of all published records; every record is a named graph (its record URI).
Results by content negotiation: SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE.</p>
<form method="get" action="sparql">
<p><textarea name="query" rows="14" spellcheck="false">${escapeHtml(EXAMPLE)}</textarea></p>
<p><button type="submit">Run query</button></p>
</form>
</body>
</html>
`;
}

type Answer = { kind: 'html' } | { kind: 'rdf'; format: GraphFormat; contentType: string };

const OFFERS: readonly Offer<Answer>[] = [
  ...GRAPH_OFFERS.map((o) => ({ accept: o.accept, value: { kind: 'rdf' as const, format: o.format, contentType: o.contentType } })),
  { accept: 'text/html', value: { kind: 'html' } },
];

export function serviceDescriptionHandler(endpoint: string): (req: Request, res: Response) => Promise<void> {
  const ntriples = serviceDescriptionNTriples(endpoint);
  const html = queryFormHtml(endpoint);
  const rendered = new Map<string, string>();
  return async (req, res) => {
    const answer = chooseOffer(req, OFFERS, 'the service description').value;
    res.setHeader('Vary', 'Accept');
    if (answer.kind === 'html') {
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
      res.type('text/html; charset=utf-8').send(html);
      return;
    }
    const key = graphFormatKey(answer.format);
    let body = rendered.get(key);
    if (body === undefined) {
      body = await writeGraph(ntriples, answer.format);
      rendered.set(key, body);
    }
    res.setHeader('Content-Type', answer.contentType);
    res.send(body);
  };
}

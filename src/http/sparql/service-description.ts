import type { Request, Response } from 'express';
import { DataFactory } from 'n3';
import { h } from 'preact';
import { ENTAILMENT, FORMATS, RDF, RDFS, SD } from '../../rdf/namespaces.js';
import { canonicalNTriples } from '../../rdf/ntriples.js';
import { writeGraph } from '../graph-writer.js';
import { chooseOffer, type Offer } from '../negotiation.js';
import { sendPage } from '../portal/html/send-html.js';
import { SPARQL_PAGE_CSP } from '../portal/pages/sparql-page-policy.js';
import { SparqlPage } from '../portal/pages/sparql-page.js';
import { portalContext } from '../portal/portal-context.js';
import { GRAPH_OFFERS, graphFormatKey, type GraphFormat } from '../rdf-syntaxes.js';

const { namedNode, literal, quad } = DataFactory;

/**
 * What GET /sparql without a query answers:
 *  - a browser (Accept prefers text/html) gets the portal's SPARQL page: a plain form that GETs
 *    /sparql?query=… (no script needed) and the YASGUI editor on top of it;
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

type Answer = { kind: 'html' } | { kind: 'rdf'; format: GraphFormat; contentType: string };

const OFFERS: readonly Offer<Answer>[] = [
  ...GRAPH_OFFERS.map((o) => ({ accept: o.accept, value: { kind: 'rdf' as const, format: o.format, contentType: o.contentType } })),
  { accept: 'text/html', value: { kind: 'html' } },
];

export function serviceDescriptionHandler(endpoint: string): (req: Request, res: Response) => Promise<void> {
  const ntriples = serviceDescriptionNTriples(endpoint);
  const rendered = new Map<string, string>();
  return async (req, res) => {
    const answer = chooseOffer(req, OFFERS, 'the service description').value;
    res.setHeader('Vary', 'Accept');
    if (answer.kind === 'html') {
      sendPage(req, res, h(SparqlPage, { ctx: portalContext(req), endpoint, editor: true }), { csp: SPARQL_PAGE_CSP });
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

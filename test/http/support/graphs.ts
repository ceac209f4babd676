import jsonld from 'jsonld';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { Quad } from '@rdfjs/types';
import { canonicalNTriples } from '../../../src/rdf/ntriples.js';

/**
 * Reads a response body in any served RDF syntax into canonical N-Triples. The graphs the catalog
 * serves have no blank nodes (they are skolemised), so equal canonical texts mean isomorphic graphs.
 */
export async function canonicalGraph(body: string, contentType: string): Promise<string> {
  const type = contentType.split(';')[0]!.trim();
  let quads: Iterable<Quad>;
  switch (type) {
    case 'text/turtle':
    case 'application/n-triples':
      quads = new Parser({ format: type === 'text/turtle' ? 'Turtle' : 'N-Triples' }).parse(body);
      break;
    case 'application/ld+json': {
      const nquads = (await jsonld.toRDF(JSON.parse(body) as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as unknown as string;
      quads = new Parser({ format: 'N-Quads' }).parse(nquads);
      break;
    }
    case 'application/rdf+xml':
      quads = await parseRdfXml(body);
      break;
    default:
      throw new Error(`Not an RDF syntax: ${contentType}`);
  }
  const all = [...quads];
  if (all.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode')) throw new Error('The graph has blank nodes.');
  return canonicalNTriples(all);
}

/** RDF/XML with rdfxml-streaming-parser, which keeps literals exactly as written. */
function parseRdfXml(body: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(body);
    parser.end();
  });
}

import { describe, expect, it } from 'vitest';
import { DataFactory, Parser } from 'n3';
import { writeRdfXml } from '../../src/http/rdf-xml-writer.js';
import { PREFIXES } from '../../src/rdf/namespaces.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { canonicalGraph } from './support/graphs.js';

const { namedNode, quad, literal } = DataFactory;

describe('RDF/XML writer', () => {
  it('writes a graph that reads back identically, literals in their exact lexical form', async () => {
    const ntriples = [
      '<https://x.example/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .',
      '<https://x.example/d> <http://purl.org/dc/terms/title> "Bl\u00e5b\u00e6r & <tytteb\u00e6r> \\"i\\" skogen"@nb .',
      '<https://x.example/d> <http://purl.org/dc/terms/description> "line one\\nline two\\r\\nend" .',
      '<https://x.example/d> <http://purl.org/dc/terms/modified> "2025-03-04T12:30:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .',
      '<https://x.example/d> <http://example.org/vocab/p1> "00042"^^<http://www.w3.org/2001/XMLSchema#integer> .',
      '<https://x.example/d> <http://example.org/other#has-part> <https://x.example/d?a=1&b=2> .',
    ].join('\n');
    const quads = new Parser({ format: 'N-Triples' }).parse(ntriples);
    const xml = writeRdfXml(quads, PREFIXES);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
    expect(xml).toContain('xmlns:dct="http://purl.org/dc/terms/"');
    expect(await canonicalGraph(xml, 'application/rdf+xml')).toBe(canonicalNTriples(quads));
  });

  it('writes an empty graph as an empty rdf:RDF', async () => {
    const xml = writeRdfXml([], PREFIXES);
    expect(await canonicalGraph(xml, 'application/rdf+xml')).toBe('');
  });

  it('refuses a property whose IRI does not end in an XML name', () => {
    expect(() => writeRdfXml([quad(namedNode('https://x.example/s'), namedNode('https://x.example/p/1'), literal('o'))], PREFIXES)).toThrow(
      /https:\/\/x\.example\/p\/1.*cannot be written in RDF\/XML/,
    );
  });
});

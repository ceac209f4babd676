import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import { RdfXmlWriteError, splitForQName, writeRdfXml } from '../../src/rdf/rdfxml-writer.js';
import { SERIALIZATION_FORMATS, serializeQuads, type SerializationFormat } from '../../src/rdf/serialize.js';
import { expectIsomorphic } from '../support/isomorphism-oracle.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const BASE = 'https://data.eksempel.no/';
const triplesOf = (quads: Quad[]): Quad[] => quads.map((q) => quad(q.subject, q.predicate, q.object));
const roundTrip = async (quads: Quad[], format: SerializationFormat): Promise<Quad[]> =>
  parseRdfToArray(await serializeQuads(quads, format), { syntax: format, baseIri: 'urn:unused:' });

let catalog: Quad[]; // the TriG fixture: a named graph
let triples: Quad[];

beforeAll(async () => {
  catalog = await parseRdfToArray(readFileSync(path.join(fixtures, 'catalog.trig')), { syntax: 'trig', baseIri: BASE });
  triples = triplesOf(catalog);
});

/** Awkward terms every serialiser must carry: escapes, whitespace, odd characters, datatypes. */
const awkward: Quad[] = [
  quad(namedNode("https://eks.no/a?x=1&y=ø'2"), namedNode('http://purl.org/dc/terms/title'), literal('Tab\there, "quotes", back\\slash\nnew line\r\nCRLF & <tags> ]]>', 'nb')),
  quad(namedNode("https://eks.no/a?x=1&y=ø'2"), namedNode('http://purl.org/dc/terms/description'), literal('  leading and trailing spaces  ')),
  quad(namedNode("https://eks.no/a?x=1&y=ø'2"), namedNode('http://purl.org/dc/terms/identifier'), literal('')),
  quad(namedNode("https://eks.no/a?x=1&y=ø'2"), namedNode('http://www.w3.org/ns/dcat#byteSize'), literal('42', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
  quad(namedNode("https://eks.no/a?x=1&y=ø'2"), namedNode('http://example.org/vocab#with-dash.and.dots'), literal('æøå 🌊', 'nn-NO')),
  quad(namedNode("https://eks.no/a?x=1&y=ø'2"), namedNode('http://example.org/v/1abc'), blankNode('x')),
  quad(blankNode('x'), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#value'), literal('<b>not xml</b>', namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral'))),
  quad(blankNode('x'), namedNode('http://example.org/vocab#self'), blankNode('x')),
];

describe('serializeQuads round trips', () => {
  for (const format of ['turtle', 'n-triples', 'rdf-xml'] as const) {
    it(`${format}: the catalog comes back as the same graph (graph names dropped)`, async () => {
      await expectIsomorphic(await roundTrip(catalog, format), triples);
    });
  }

  for (const format of ['trig', 'n-quads', 'json-ld'] as const) {
    it(`${format}: the catalog comes back with its graph name`, async () => {
      const back = await roundTrip(catalog, format);
      await expectIsomorphic(back, catalog);
      expect(new Set(back.map((q) => q.graph.value))).toEqual(new Set(['https://data.eksempel.no/graf/katalog']));
    });
  }

  for (const format of SERIALIZATION_FORMATS) {
    it(`${format}: awkward literals, IRIs and blank nodes survive`, async () => {
      await expectIsomorphic(await roundTrip(awkward, format), awkward);
    });
  }

  it('writes duplicates once and merges graphs for one-graph formats', async () => {
    const t = quad(namedNode('http://a'), namedNode('http://b'), literal('c'));
    const inGraph = quad(t.subject, t.predicate, t.object, namedNode('http://g'));
    const nt = await serializeQuads([t, t, inGraph], 'n-triples');
    expect(nt).toBe('<http://a> <http://b> "c" .\n');
    const nq = await serializeQuads([t, t, inGraph], 'n-quads');
    expect(nq.trim().split('\n')).toHaveLength(2);
  });

  it('writes an empty graph in every format', async () => {
    for (const format of SERIALIZATION_FORMATS) {
      const text = await serializeQuads([], format);
      expect(await parseRdfToArray(text, { syntax: format, baseIri: BASE })).toEqual([]);
    }
  });

  it('accepts any iterable', async () => {
    function* gen() {
      yield* triples;
    }
    await expectIsomorphic(await parseRdfToArray(await serializeQuads(gen(), 'turtle'), { syntax: 'turtle', baseIri: BASE }), triples);
  });
});

describe('serializeQuads output', () => {
  it('Turtle declares only the prefixes it uses', async () => {
    const ttl = await serializeQuads(triples, 'turtle');
    for (const used of ['dcat', 'dct', 'vcard', 'xsd', 'skos', 'adms', 'dcatno']) expect(ttl).toMatch(new RegExp(`^@prefix ${used}: `, 'm'));
    for (const unused of ['rdf', 'sh', 'owl', 'prov', 'dk', 'dqv', 'locn', 'foaf']) expect(ttl).not.toMatch(new RegExp(`^@prefix ${unused}: `, 'm'));
    expect(ttl).toContain('a dcat:Dataset');
    expect(ttl).toContain('"Vasskvalitet i innsjøar"@nn');
  });

  it('uses the caller’s prefixes instead of the defaults', async () => {
    const ttl = await serializeQuads(triples, 'turtle', { prefixes: { katalog: 'http://www.w3.org/ns/dcat#' } });
    expect(ttl).toMatch(/^@prefix katalog: <http:\/\/www\.w3\.org\/ns\/dcat#> ?\.$/m);
    expect(ttl).not.toMatch(/^@prefix dct:/m);
  });

  it('is deterministic: the same graph with other blank-node labels and order gives the same text', async () => {
    const again = await parseRdfToArray(readFileSync(path.join(fixtures, 'catalog.trig')), { syntax: 'trig', baseIri: BASE, blankNodePrefix: 'other' });
    for (const format of SERIALIZATION_FORMATS) {
      expect(await serializeQuads([...again].reverse(), format)).toBe(await serializeQuads(catalog, format));
    }
  });

  it('is deterministic across parsers: blank nodes are ordered by structure, not by label', async () => {
    // RDF/XML labels its nodes differently (rdf:nodeID "kontakt", anonymous nodes numbered by the parser).
    const fromXml = await parseRdfToArray(readFileSync(path.join(fixtures, 'catalog.rdf')), { syntax: 'rdf-xml', baseIri: BASE, blankNodePrefix: 'zz' });
    for (const format of ['turtle', 'n-triples', 'rdf-xml'] as const) {
      expect(await serializeQuads(fromXml, format)).toBe(await serializeQuads(triples, format));
    }
  });

  it('writes a chain of 20 000 blank nodes (a CONSTRUCT can chain BNODE()s) without refining it round after round', async () => {
    const p = namedNode('http://example.org/p');
    const chain = Array.from({ length: 20_000 }, (_, i) => quad(blankNode(`n${i}`), p, blankNode(`n${i + 1}`)));
    const back = await roundTrip(chain, 'n-triples');
    // Still one chain (the oracle's canonicalisation cannot take one this long): 20 000 links over 20 001 nodes, each node left once and entered once.
    expect(back).toHaveLength(20_000);
    expect(new Set(back.map((q) => q.subject.value)).size).toBe(20_000);
    expect(new Set(back.map((q) => q.object.value)).size).toBe(20_000);
    expect(new Set(back.flatMap((q) => [q.subject.value, q.object.value])).size).toBe(20_001);
  });

  it('writes the flattened JSON-LD of one subject with 50 000 values in one pass: every node at the top, read back the same', async () => {
    // jsonld.flatten compared each value with those before it: 20 000 IRI values took 13 s.
    const s = namedNode('https://data.eksempel.no/datasett/mange');
    const values = Array.from({ length: 50_000 }, (_, i) => quad(s, namedNode('http://www.w3.org/ns/dcat#theme'), namedNode(`https://tema.eksempel.no/${i}`)));
    const nested = [quad(s, namedNode('http://www.w3.org/ns/dcat#distribution'), blankNode('d')), quad(blankNode('d'), namedNode('http://purl.org/dc/terms/title'), literal('fil', 'nb'))];
    const text = await serializeQuads([...values, ...nested], 'json-ld', { jsonLdForm: 'flattened' });
    const json = JSON.parse(text) as { '@graph': Record<string, unknown>[] };
    expect(json['@graph'].map((n) => typeof n['@id'])).toEqual(['string', 'string']);
    const dataset = json['@graph'].find((n) => n['@id'] === s.value)!;
    expect(dataset['dcat:distribution']).toEqual({ '@id': expect.stringMatching(/^_:/) });
    const back = await parseRdfToArray(Buffer.from(text), { syntax: 'json-ld', baseIri: BASE });
    expect(back).toHaveLength(50_002);
    await expectIsomorphic(back, [...values, ...nested]);
  }, 60_000);

  it('JSON-LD is compacted with the prefixes used and needs no network to read back', async () => {
    const json = JSON.parse(await serializeQuads(triples, 'json-ld')) as Record<string, unknown>;
    const context = json['@context'] as Record<string, string>;
    expect(context.dcat).toBe('http://www.w3.org/ns/dcat#');
    expect(context.sh).toBeUndefined();
    expect(JSON.stringify(json)).toContain('"dct:title"');
  });

  it('Turtle and JSON-LD write IRIs under the base relative to it', async () => {
    const ttl = await serializeQuads(triples, 'turtle', { baseIri: BASE });
    expect(ttl).toMatch(/^@base <https:\/\/data\.eksempel\.no\/> ?\.$/m);
    expect(ttl).toContain('<datasett/byggesaker>');
    await expectIsomorphic(await parseRdfToArray(ttl, { syntax: 'turtle', baseIri: 'urn:other:' }), triples);
    const jsonld = await serializeQuads(triples, 'json-ld', { baseIri: BASE });
    expect(jsonld).toContain('"@id": "datasett/byggesaker"');
    await expectIsomorphic(await parseRdfToArray(jsonld, { syntax: 'json-ld', baseIri: 'urn:other:' }), triples);
  });
});

describe('RDF/XML writer', () => {
  it('writes one rdf:Description per subject with rdf:resource, rdf:nodeID, xml:lang and rdf:datatype', () => {
    const xml = writeRdfXml(triples, { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/' });
    expect(xml.match(/<rdf:Description /g)).toHaveLength(7);
    expect(xml).toContain('<rdf:Description rdf:about="https://data.eksempel.no/datasett/byggesaker">');
    expect(xml).toContain('<rdf:type rdf:resource="http://www.w3.org/ns/dcat#Dataset"/>');
    expect(xml).toContain('<dct:title xml:lang="nn">Vasskvalitet i innsjøar</dct:title>');
    expect(xml).toContain('<dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2021-03-15</dct:issued>');
    expect(xml).toMatch(/<dcat:contactPoint rdf:nodeID="b\d+"\/>/);
    expect(xml).toMatch(/xmlns:dcat="http:\/\/www\.w3\.org\/ns\/dcat#"/);
  });

  it('generates namespace prefixes for predicates no known prefix covers', () => {
    const xml = writeRdfXml(
      [
        quad(namedNode('http://a'), namedNode('http://example.org/vocab#p'), literal('1')),
        quad(namedNode('http://a'), namedNode('http://example.org/vocab#q'), literal('2')),
        quad(namedNode('http://a'), namedNode('http://other.example/terms/1abc'), literal('3')),
      ],
      {},
    );
    expect(xml).toContain('xmlns:ns1="http://example.org/vocab#"');
    expect(xml).toContain('<ns1:p>1</ns1:p>');
    expect(xml).toContain('<ns1:q>2</ns1:q>');
    expect(xml).toContain('xmlns:ns2="http://other.example/terms/1"');
    expect(xml).toContain('<ns2:abc>3</ns2:abc>');
  });

  it('does not let a generated prefix clash with a given one', () => {
    const xml = writeRdfXml([quad(namedNode('http://a'), namedNode('http://example.org/vocab#p'), literal('1'))], { ns1: 'http://taken.example/' });
    expect(xml).toContain('xmlns:ns2="http://example.org/vocab#"');
    expect(xml).not.toContain('xmlns:ns1=');
  });

  it('escapes text and attributes', () => {
    const xml = writeRdfXml([awkward[0]!]);
    expect(xml).toContain('rdf:about="https://eks.no/a?x=1&amp;y=ø\'2"');
    expect(xml).toContain('CRLF &amp; &lt;tags&gt; ]]&gt;');
    expect(xml).toContain('new line&#13;\nCRLF');
  });

  it('refuses a predicate whose IRI does not end in an XML name, naming it', () => {
    for (const iri of ['http://example.org/123', 'http://purl.org/dc/terms/', 'urn:x:1-2']) {
      expect(() => writeRdfXml([quad(namedNode('http://a'), namedNode(iri), literal('x'))])).toThrow(RdfXmlWriteError);
      expect(() => writeRdfXml([quad(namedNode('http://a'), namedNode(iri), literal('x'))])).toThrow(`<${iri}>`);
    }
  });

  it('refuses predicates that are RDF/XML syntax (rdf:li would come back renumbered)', () => {
    expect(() => writeRdfXml([quad(namedNode('http://a'), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#li'), literal('x'))])).toThrow(/RDF\/XML syntax/);
    expect(() => writeRdfXml([quad(namedNode('http://a'), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#about'), literal('x'))])).toThrow(RdfXmlWriteError);
  });

  it('refuses characters XML 1.0 cannot carry', () => {
    expect(() => writeRdfXml([quad(namedNode('http://a'), namedNode('http://b/p'), literal('bell \u0007'))])).toThrow(/U\+0007/);
    expect(() => writeRdfXml([quad(namedNode('http://a'), namedNode('http://b/p'), literal('lone \uD800 surrogate'))])).toThrow(/U\+D800/);
  });

  it('serializeQuads passes writer errors on', async () => {
    await expect(serializeQuads([quad(namedNode('http://a'), namedNode('http://example.org/123'), literal('x'))], 'rdf-xml')).rejects.toThrow(RdfXmlWriteError);
  });

  it('splits IRIs at the longest XML-name suffix', () => {
    expect(splitForQName('http://www.w3.org/ns/dcat#Dataset')).toEqual({ namespace: 'http://www.w3.org/ns/dcat#', local: 'Dataset' });
    expect(splitForQName('http://example.org/p-1.x')).toEqual({ namespace: 'http://example.org/', local: 'p-1.x' });
    expect(splitForQName('http://example.org/2024/æøå')).toEqual({ namespace: 'http://example.org/2024/', local: 'æøå' });
    expect(splitForQName('http://example.org/123')).toBeUndefined();
  });
});

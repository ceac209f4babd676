import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { SKOS } from '../../src/rdf/namespaces.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { conceptSchemesFromCanonical } from '../../src/rdf/concept-schemes.js';

const { namedNode, literal, quad } = DataFactory;

describe('the schemes of a concept, read from its canonical N-Triples', () => {
  it('every skos:inScheme IRI of that concept, once, and nothing of another subject', () => {
    const c = namedNode('http://publications.europa.eu/resource/authority/file-type/PARQUET');
    const graph = canonicalNTriples([
      quad(c, namedNode(SKOS.prefLabel), literal('Parquet', 'en')),
      quad(c, namedNode(SKOS.inScheme), namedNode('http://publications.europa.eu/resource/authority/file-type')),
      quad(c, namedNode(SKOS.inScheme), namedNode('https://example.org/scheme with space')),
      quad(namedNode('https://example.org/other'), namedNode(SKOS.inScheme), namedNode('https://example.org/not-this-one')),
    ]);
    expect(conceptSchemesFromCanonical(graph, c.value).sort()).toEqual(['http://publications.europa.eu/resource/authority/file-type', 'https://example.org/scheme with space']);
    expect(conceptSchemesFromCanonical(graph, 'https://example.org/none')).toEqual([]);
  });

  it('reads 100 000 schemes of one concept in one pass (a hostile record may name that many)', () => {
    const c = namedNode('https://example.org/c');
    const graph = canonicalNTriples(Array.from({ length: 100_000 }, (_, i) => quad(c, namedNode(SKOS.inScheme), namedNode(`https://example.org/scheme/${i}`))));
    const schemes = conceptSchemesFromCanonical(graph, c.value);
    expect(schemes).toHaveLength(100_000);
    expect(new Set(schemes).size).toBe(100_000);
  });
});

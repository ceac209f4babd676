import type { Quad } from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { parseRecordNTriples, readCanonicalNTriples } from '../../src/rdf/canonical-ntriples-reader.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';

const { namedNode, literal, quad } = DataFactory;
const n3 = (text: string): Quad[] => new Parser({ format: 'N-Triples' }).parse(text);
/** Equal quads, blank nodes aside: n3 gives every parse its own blank-node label prefix. */
const same = (a: readonly Quad[], b: readonly Quad[]): boolean => {
  const key = (q: Quad): string => [q.subject, q.predicate, q.object].map((t) => (t.termType === 'BlankNode' ? '_:' : `${t.termType} ${t.value} ${t.termType === 'Literal' ? `${t.language} ${t.datatype.value}` : ''}`)).join(' | ');
  return a.length === b.length && a.every((q, i) => key(q) === key(b[i]!));
};

const S = namedNode('https://data.example.org/datasets/1');
const P = namedNode('http://purl.org/dc/terms/title');
const written = [
  quad(S, P, literal('Tittel', 'nb')),
  quad(S, P, literal('Title with "quotes", a \\ backslash,\nline breaks\r\nand a\ttab', 'en-GB')),
  quad(S, P, literal('æøå – ✓ 😀')),
  quad(S, namedNode('http://www.w3.org/ns/dcat#byteSize'), literal('42', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
  quad(S, namedNode('http://purl.org/dc/terms/identifier'), literal('x', namedNode('http://www.w3.org/2001/XMLSchema#string'))),
  quad(S, namedNode('http://www.w3.org/ns/dcat#theme'), namedNode('http://publications.europa.eu/resource/authority/data-theme/GOVE')),
  quad(S, namedNode('http://www.w3.org/ns/dcat#landingPage'), namedNode('https://example.org/a?b=c&d=%20e#f')),
  quad(namedNode('urn:uuid:1234'), P, literal('')),
];

describe('reading a record graph as the catalog writes it', () => {
  it('gives the same quads as n3 for canonical N-Triples: languages, datatypes, escapes, non-ASCII text', () => {
    const text = canonicalNTriples(written);
    const fast = readCanonicalNTriples(text);
    expect(fast).not.toBeNull();
    expect(same(fast!, n3(text))).toBe(true);
    expect(fast!.length).toBe(written.length);
  });

  it('gives one term object per distinct IRI', () => {
    const fast = readCanonicalNTriples(canonicalNTriples(written))!;
    const subjects = new Set(fast.filter((q) => q.subject.value === S.value).map((q) => q.subject));
    expect(subjects.size).toBe(1);
  });

  it('leaves to n3 every line it does not recognise, so the quads are still n3\'s', () => {
    const others = [
      '_:b1 <http://purl.org/dc/terms/title> "blank subject" .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/relation> _:b2 .\n',
      '<https://a.example/x>  <http://purl.org/dc/terms/title> "two spaces" .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "crlf" .\r\n',
      '# a comment\n<https://a.example/x> <http://purl.org/dc/terms/title> "after a comment" .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "tab after"\t.\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "\\u00E6\\U0001F600 escaped" .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "en"@EN-us .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "rtl"@ar--rtl .\n',
    ];
    for (const text of others) {
      const fast = readCanonicalNTriples(text);
      const reference = n3(text);
      if (fast !== null) expect(same(fast, reference)).toBe(true);
      expect(same(parseRecordNTriples(text), reference)).toBe(true);
    }
    expect(readCanonicalNTriples(others[0]!)).toBeNull();
    expect(readCanonicalNTriples(others[3]!)).toBeNull();
  });

  it('fails as n3 fails on text that is not N-Triples: a relative IRI, a bad escape, a long language subtag, an rdf:langString datatype', () => {
    const bad = [
      '<x> <http://purl.org/dc/terms/title> "relative" .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "bad \\q escape" .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "long"@en-abcdefghi .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "typed"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .\n',
      '<https://a.example/x> <http://purl.org/dc/terms/title> "unterminated .\n',
      '<https://a.example/x y> <http://purl.org/dc/terms/title> "space in an IRI" .\n',
    ];
    for (const text of bad) {
      expect(readCanonicalNTriples(text), text).toBeNull();
      expect(() => parseRecordNTriples(text), text).toThrow();
    }
  });
});

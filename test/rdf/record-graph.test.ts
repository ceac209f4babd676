import { DataFactory, Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';
import { parseRecordGraph, recordGraphOf, type GraphObject } from '../../src/rdf/record-graph.js';

const { namedNode, literal, quad } = DataFactory;

function viaN3(text: string): Map<string, GraphObject[]> {
  const out = new Map<string, GraphObject[]>();
  for (const q of new Parser({ format: 'N-Triples' }).parse(text)) {
    const key = `${q.subject.value} ${q.predicate.value}`;
    const o: GraphObject =
      q.object.termType === 'Literal'
        ? { kind: 'literal', value: q.object.value, language: q.object.language, datatype: q.object.language || q.object.datatype.value.endsWith('#string') ? null : q.object.datatype.value }
        : { kind: 'iri', value: q.object.value };
    out.set(key, [...(out.get(key) ?? []), o]);
  }
  return out;
}

describe('record graph reader', () => {
  it('reads canonical N-Triples exactly as n3 does, escapes included', () => {
    const s = namedNode('https://example.org/a');
    const text = canonicalNTriples([
      quad(s, namedNode('http://purl.org/dc/terms/title'), literal('Snøskred "varsel"\nlinje 2 \\ slutt', 'nb')),
      quad(s, namedNode('http://purl.org/dc/terms/modified'), literal('2025-01-01', namedNode('http://www.w3.org/2001/XMLSchema#date'))),
      quad(s, namedNode('http://purl.org/dc/terms/identifier'), literal('id')),
      quad(s, namedNode('http://purl.org/dc/terms/publisher'), namedNode('https://example.org/org/1')),
      quad(s, namedNode('http://purl.org/dc/terms/description'), literal('😀 emoji', 'en-GB')),
    ]);
    const graph = parseRecordGraph(text);
    const expected = viaN3(text);
    expect(expected.size).toBe(5); // one subject, five predicates: each compared below
    for (const [key, objects] of expected) {
      const [subject, predicate] = key.split(' ') as [string, string];
      expect(graph.objects(subject, predicate)).toEqual(objects);
    }
    expect(graph.firstLiteral('https://example.org/a', 'http://purl.org/dc/terms/title')).toBe('Snøskred "varsel"\nlinje 2 \\ slutt');
  });

  it('falls back to n3 for N-Triples that are not in canonical form', () => {
    const text = '<https://example.org/a>   <http://purl.org/dc/terms/title>   "T\\u00e5"@NB .\n_:b <http://purl.org/dc/terms/title> "x" .\n';
    const graph = parseRecordGraph(text);
    expect(graph.literals('https://example.org/a', 'http://purl.org/dc/terms/title')).toEqual([{ kind: 'literal', value: 'Tå', language: 'nb', datatype: null }]);
  });

  it('rejects text that is not N-Triples', () => {
    expect(() => parseRecordGraph('this is not rdf')).toThrow();
  });
});

describe('a stored record\'s graph, read once', () => {
  const text = canonicalNTriples([quad(namedNode('https://example.org/a'), namedNode('http://purl.org/dc/terms/title'), literal('A', 'nb'))]);

  it('is read once per record object: every reader of the same row gets the same reading', () => {
    const record = { graph: text };
    const first = recordGraphOf(record);
    expect(recordGraphOf(record)).toBe(first);
    expect(first.literals('https://example.org/a', 'http://purl.org/dc/terms/title')).toEqual([{ kind: 'literal', value: 'A', language: 'nb', datatype: null }]);
  });

  it('is read again for another object with the same text, and when the object holds other text', () => {
    const record: { graph: string } = { graph: text };
    const first = recordGraphOf(record);
    expect(recordGraphOf({ graph: text })).not.toBe(first);
    record.graph = text.replace('"A"@nb', '"B"@nb');
    expect(recordGraphOf(record).firstLiteral('https://example.org/a', 'http://purl.org/dc/terms/title')).toBe('B');
  });
});

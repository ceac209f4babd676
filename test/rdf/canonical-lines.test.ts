import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { canonicalLinesOf } from '../../src/rdf/canonical-lines.js';
import { canonicalNTriples } from '../../src/rdf/ntriples.js';

const { namedNode, literal, quad } = DataFactory;
const A = 'https://data.example.no/a';
const TITLE = 'http://purl.org/dc/terms/title';
const KEYWORD = 'http://www.w3.org/ns/dcat#keyword';

describe('canonicalLinesOf: the lines of one subject (and predicates) of a canonical graph, found without parsing it', () => {
  const graph = canonicalNTriples([
    quad(namedNode(A), namedNode(TITLE), literal('A', 'nb')),
    quad(namedNode(A), namedNode(TITLE), literal('A en', 'en')),
    quad(namedNode(A), namedNode(KEYWORD), literal('ord', 'nb')),
    // Subjects whose IRIs begin with A's, before and after it in sorted order.
    quad(namedNode(`${A}/b`), namedNode(TITLE), literal('B', 'nb')),
    quad(namedNode(`${A}#c`), namedNode(TITLE), literal('C', 'nb')),
    quad(namedNode('https://data.example.no/0'), namedNode(TITLE), literal('0', 'nb')),
  ]);
  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

  it('gives every line of the subject and no other, each ending in a newline', () => {
    const all = canonicalLinesOf(graph, A);
    expect(lines(all)).toEqual(lines(graph).filter((l) => l.startsWith(`<${A}> `)));
    expect(lines(all)).toHaveLength(3);
    expect(all.endsWith('\n')).toBe(true);
  });

  it('gives the lines of the predicates asked for, in their order', () => {
    expect(lines(canonicalLinesOf(graph, A, [KEYWORD, TITLE]))).toEqual([
      ...lines(graph).filter((l) => l.startsWith(`<${A}> <${KEYWORD}> `)),
      ...lines(graph).filter((l) => l.startsWith(`<${A}> <${TITLE}> `)),
    ]);
    expect(canonicalLinesOf(graph, A, ['http://purl.org/dc/terms/description'])).toBe('');
  });

  it('finds a subject on the first line and on a last line without a newline, and none that is not there', () => {
    expect(lines(canonicalLinesOf(graph, 'https://data.example.no/0'))).toHaveLength(1);
    expect(lines(canonicalLinesOf(graph.trimEnd(), `${A}/b`))).toHaveLength(1);
    expect(canonicalLinesOf(graph, 'https://data.example.no/x')).toBe('');
  });
});

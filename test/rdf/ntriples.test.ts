import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { canonicalNTriples, tripleToNTriples } from '../../src/rdf/ntriples.js';

const { namedNode, literal, blankNode, quad } = DataFactory;
const EX = 'https://example.org/';

/** The definition, written the plain way: every distinct line, sorted by code unit, each ending in a newline. */
function reference(quads: readonly Quad[]): string {
  const lines = [...new Set(quads.map(tripleToNTriples))].sort();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

describe('canonical N-Triples', () => {
  it('writes one line per distinct triple, sorted, each ending in a newline', () => {
    const s = namedNode(`${EX}b`);
    const quads = [
      quad(s, namedNode(`${EX}title`), literal('Tittel', 'NB')),
      quad(namedNode(`${EX}a`), namedNode(`${EX}title`), literal('A')),
      quad(s, namedNode(`${EX}title`), literal('Tittel', 'nb')),
      quad(s, namedNode(`${EX}size`), literal('3', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
    ];
    expect(canonicalNTriples(quads)).toBe(
      [
        `<${EX}a> <${EX}title> "A" .`,
        `<${EX}b> <${EX}size> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
        `<${EX}b> <${EX}title> "Tittel"@nb .`,
        '',
      ].join('\n'),
    );
  });

  it('is empty for no triples', () => {
    expect(canonicalNTriples([])).toBe('');
  });

  it('escapes IRIs and literals, also for an IRI it has already written once', () => {
    const odd = namedNode(`${EX}a b>c`);
    const quads = [quad(odd, namedNode(`${EX}p`), odd), quad(odd, namedNode(`${EX}q`), literal('line\n"quoted" \\ end'))];
    expect(canonicalNTriples(quads)).toBe(
      `<${EX}a\\u0020b\\u003Ec> <${EX}p> <${EX}a\\u0020b\\u003Ec> .\n<${EX}a\\u0020b\\u003Ec> <${EX}q> "line\\n\\"quoted\\" \\\\ end" .\n`,
    );
  });

  it('gives the same text as the plain definition on a large graph with repeats, blank nodes and every term kind', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const terms = [
      () => namedNode(`${EX}r${next(50)}`),
      () => namedNode(`${EX}r${next(50)}/sub`),
      () => blankNode(`b${next(20)}`),
      () => literal(`tekst ${next(30)}`, ['nb', 'nn', 'en'][next(3)]!),
      () => literal(`${next(30)}`, namedNode('http://www.w3.org/2001/XMLSchema#integer')),
      () => literal(`plain ${next(30)}`),
    ];
    const quads: Quad[] = [];
    for (let i = 0; i < 5000; i++) {
      const subject = next(4) === 0 ? blankNode(`b${next(20)}`) : namedNode(`${EX}r${next(50)}`);
      quads.push(quad(subject, namedNode(`${EX}p${next(8)}`), terms[next(terms.length)]!()));
    }
    const text = canonicalNTriples(quads);
    expect(text).toBe(reference(quads));
    expect(text.split('\n').length - 1).toBeLessThan(quads.length); // the repeats were dropped
  });
});

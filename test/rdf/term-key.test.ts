import type { Literal as RdfLiteral, NamedNode } from '@rdfjs/types';
import { DataFactory, Literal } from 'n3';
import { describe, expect, it } from 'vitest';
import { anyTermKey } from '../../src/rdf/term-key.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** An RDF/JS literal of no library (its fields as given): what the shapes graph's factory makes. */
const named = (value: string): NamedNode => ({ termType: 'NamedNode', value, equals: (o) => o?.termType === 'NamedNode' && o.value === value });
function plain(value: string, languageOrDatatype?: string | NamedNode): RdfLiteral {
  const language = typeof languageOrDatatype === 'string' ? languageOrDatatype : '';
  const datatype = typeof languageOrDatatype === 'object' ? languageOrDatatype : named(language !== '' ? RDF_LANG_STRING : `${XSD}string`);
  return { termType: 'Literal', value, language, datatype, equals: () => false };
}

describe('anyTermKey', () => {
  it('gives an n3 literal the key the same literal of another factory gets, whatever its text', () => {
    const texts = ['', 'plain', 'with "quotes" inside', 'ends with a quote"', 'x"@en', 'x"^^http://example.org/t', '--', 'a--b'];
    for (const text of texts) {
      for (const [n3, other] of [
        [DataFactory.literal(text), plain(text)],
        [DataFactory.literal(text, 'nb'), plain(text, 'nb')],
        [DataFactory.literal(text, 'en-GB'), plain(text, 'en-gb')],
        [DataFactory.literal(text, DataFactory.namedNode(`${XSD}date`)), plain(text, named(`${XSD}date`))],
        [DataFactory.literal(text, DataFactory.namedNode(`${XSD}string`)), plain(text, named(`${XSD}string`))],
      ] as const) {
        expect(anyTermKey(n3)).toBe(anyTermKey(other));
      }
    }
  });

  it('keys an n3 literal in any other form by what it reads as (a language in capitals, a base direction)', () => {
    const upper = new Literal('"Hei"@NB');
    expect(anyTermKey(upper)).toBe('"Hei"@nb');
    const directed = new Literal('"Hello"@en--ltr');
    expect(anyTermKey(directed)).toBe(`"Hello"@${directed.language}`);
    expect(anyTermKey(new Literal('"empty tag"@'))).toBe(`"empty tag"^^${RDF_LANG_STRING}`);
  });

  it('never gives two different literals one key', () => {
    const keys = [
      DataFactory.literal('1'),
      DataFactory.literal('1', 'nb'),
      DataFactory.literal('1', DataFactory.namedNode(`${XSD}integer`)),
      DataFactory.literal('"1"@nb'),
      DataFactory.literal('1"@nb'),
    ].map(anyTermKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

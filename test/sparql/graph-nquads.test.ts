import { describe, expect, it } from 'vitest';
import { graphAsNQuads } from '../../src/sparql/oxigraph/graph-nquads.js';

const G = 'https://data.example.no/datasets/1';

describe('graphAsNQuads', () => {
  it('puts every triple into the graph', () => {
    const nt = [
      '<https://x/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .',
      '<https://x/s> <http://purl.org/dc/terms/title> "Tittel . med \\"punktum\\" # og hash"@nb-NO .',
      '<https://x/s> <http://purl.org/dc/terms/issued> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>.',
      '_:b1 <https://x/p> _:b2 .\t',
      '<https://x/\\u00E6> <https://x/p> "line\\nbreak" .\r',
      '',
    ].join('\n');
    expect(graphAsNQuads(G, nt)).toBe(
      [
        `<https://x/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> <${G}> .`,
        `<https://x/s> <http://purl.org/dc/terms/title> "Tittel . med \\"punktum\\" # og hash"@nb-NO <${G}> .`,
        `<https://x/s> <http://purl.org/dc/terms/issued> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> <${G}> .`,
        `_:b1 <https://x/p> _:b2 <${G}> .`,
        `<https://x/\\u00E6> <https://x/p> "line\\nbreak" <${G}> .`,
        '',
      ].join('\n'),
    );
  });

  it('gives an empty text for an empty graph', () => {
    expect(graphAsNQuads(G, '\n\n')).toBe('');
  });

  it.each([
    ['a comment line', '# made by hand\n<https://x/s> <https://x/p> "o" .\n'],
    ['a comment after the dot', '<https://x/s> <https://x/p> "o" . # the title.\n'],
    ['a missing dot', '<https://x/s> <https://x/p> "o"\n'],
    ['a quad already', '<https://x/s> <https://x/p> "o" <https://x/g> .\n'],
    ['an unterminated literal', '<https://x/s> <https://x/p> "o .\n'],
  ])('leaves a graph with %s to be loaded on its own', (_, nt) => {
    expect(graphAsNQuads(G, nt)).toBeUndefined();
  });
});

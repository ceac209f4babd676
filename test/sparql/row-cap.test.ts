import { describe, expect, it } from 'vitest';
import { capSolutions, capSolutionsWithoutParsing } from '../../src/sparql/row-cap.js';
import { catalogQueries } from '../bench/support/catalog-queries.js';

const BASE = 'https://data.example.no/sparql';
const CAP = 50_001;

describe('capSolutionsWithoutParsing: capSolutions after one linear look, where that is enough', () => {
  const same: [string, 'SELECT' | 'CONSTRUCT' | 'DESCRIBE'][] = [
    ...catalogQueries('https://data.example.no/dataset/1').map(([, q]) => [q, 'SELECT'] as [string, 'SELECT']),
    ['SELECT * { ?s ?p ?o } LIMIT 10', 'SELECT'],
    ['SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 20', 'SELECT'],
    ['SELECT * { ?s ?p ?o } OFFSET 20 LIMIT 50001 # the cap itself', 'SELECT'],
    ['SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 500000 } ?s ?p ?o } LIMIT 7', 'SELECT'],
    ['CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3', 'CONSTRUCT'],
    ['SELECT ?t { ?d <http://purl.org/dc/terms/title> ?t FILTER(CONTAINS(?t, "LIMIT 5 VALUES")) } # no LIMIT here', 'SELECT'],
    ['SELECT * { ?s <http://example.org/limit> ?o } ORDER BY ?s OFFSET 10', 'SELECT'],
    ['CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', 'CONSTRUCT'],
    ['DESCRIBE ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }', 'DESCRIBE'],
    ['DESCRIBE <https://data.example.no/dataset/1>', 'DESCRIBE'],
  ];
  it.each(same)('gives the text capSolutions gives: %s', (query, form) => {
    const quick = capSolutionsWithoutParsing(query, form, CAP);
    expect(quick).toBeDefined();
    expect(quick).toEqual(capSolutions(query, BASE, CAP));
  });

  it('leaves an ASK as it is', () => {
    expect(capSolutionsWithoutParsing('ASK { ?s ?p ?o }', 'ASK', CAP)).toEqual({ text: 'ASK { ?s ?p ?o }', capped: false, rewritten: false });
  });

  it.each([
    'SELECT * { ?s ?p ?o } LIMIT 50002',
    'SELECT * { ?s ?p ?o } LIMIT 10 OFFSET 5 VALUES ?s { <http://example.org/a> }',
    'SELECT ?limit { ?s ?p ?limit } ORDER BY ?limit',
    'SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 5 } ?s ?p ?o }',
    'SELECT * { ?s ?p ?o } VALUES ?s { <http://example.org/a> }',
    'SELECT ?limit { ?limit ?p ?o }',
  ])('hands a text naming LIMIT or VALUES outside literals, and not ending in its own LIMIT within the cap, to the full parse: %s', (query) => {
    expect(capSolutionsWithoutParsing(query, 'SELECT', CAP)).toBeUndefined();
  });
});

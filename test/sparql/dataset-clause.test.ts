import { describe, expect, it } from 'vitest';
import { blankLiteralsCommentsAndIris, hasDatasetClause } from '../../src/sparql/oxigraph/dataset-clause.js';

describe('hasDatasetClause', () => {
  it.each([
    'SELECT * FROM <http://g/1> WHERE { ?s ?p ?o }',
    'SELECT * FROM NAMED <http://g/1> { GRAPH ?g { ?s ?p ?o } }',
    'select * from<http://g/1> { ?s ?p ?o }',
    'SELECT * FROM NAMED<http://g/1> { ?s ?p ?o }',
    'PREFIX ex: <http://ex/> SELECT * FROM ex:g { ?s ?p ?o }',
    'PREFIX : <http://ex/> SELECT * FROM :g { ?s ?p ?o }',
    'CONSTRUCT { ?s ?p ?o } FROM <http://g/1> WHERE { ?s ?p ?o }',
    'ASK FROM <http://g/1> { ?s ?p ?o }',
    'DESCRIBE <http://x> FROM <http://g/1>',
    'SELECT *\n  FROM\n  NAMED\n  <http://g/1>\n{ ?s ?p ?o }',
  ])('sees the dataset clause in %s', (query) => {
    expect(hasDatasetClause(query)).toBe(true);
  });

  it.each([
    'SELECT * { ?s ?p ?o }',
    'SELECT ?from { ?s ?p ?from }',
    'SELECT $from { ?s ?p $from }',
    'PREFIX ex: <http://ex/> SELECT * { ?s ex:from <http://x> }',
    'PREFIX fromage: <http://ex/> SELECT * { ?s fromage:x <http://x> }',
    'PREFIX ex: <http://ex/> SELECT * { ?s ex:a.from <http://x> }',
    'SELECT * { ?s ?p "FROM <http://g/1>" }',
    "SELECT * { ?s ?p 'FROM <http://g/1>' }",
    'SELECT * { ?s ?p """multi\nFROM <http://g/1>\n""" }',
    "SELECT * { ?s ?p '''it's FROM <http://g/1>''' }",
    'SELECT * { ?s ?p "escaped \\" FROM <http://g/1>" }',
    'SELECT * { ?s ?p ?o } # FROM <http://g/1>',
    'SELECT * { <http://x/FROM#FROM> ?p ?o }',
    'SELECT * { ?s ?p "x"@from }',
  ])('finds no dataset clause in %s', (query) => {
    expect(hasDatasetClause(query)).toBe(false);
  });
});

describe('blankLiteralsCommentsAndIris', () => {
  it('keeps the structure of the query and blanks what may hold anything', () => {
    expect(blankLiteralsCommentsAndIris('SELECT ?s # c <x>\n{ ?s <http://p#a> "a#b" . FILTER(?n < 3 && ?m > 2) }')).toBe(
      'SELECT ?s  \n{ ?s <> "" . FILTER(?n < 3 && ?m > 2) }',
    );
  });
});

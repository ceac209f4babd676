import { describe, expect, it } from 'vitest';
import { blankLiteralsCommentsAndIris, costShape, hasDatasetClause, sparqlShape } from '../../src/rdf/sparql-text.js';

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

describe('sparqlShape: a linear look at a SPARQL text', () => {
  it('tells the operation from the first keyword after the prologue', () => {
    expect(sparqlShape('PREFIX dct: <http://purl.org/dc/terms/>\nBASE <http://x/>\n# SELECT in a comment\nASK { ?s ?p ?o }').operation).toEqual({ kind: 'query', form: 'ASK' });
    expect(sparqlShape('prefix : <http://x/> construct { ?s ?p ?o } where { ?s ?p ?o }').operation).toEqual({ kind: 'query', form: 'CONSTRUCT' });
    expect(sparqlShape('PREFIX ex: <http://x/select> DESCRIBE ex:a').operation).toEqual({ kind: 'query', form: 'DESCRIBE' });
    for (const update of ['INSERT DATA { <a> <b> <c> }', 'PREFIX : <x:> DELETE WHERE { ?s ?p ?o }', 'CLEAR ALL', 'drop graph <g>', 'WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }', 'LOAD <http://x>']) {
      expect(sparqlShape(update).operation, update).toEqual({ kind: 'update' });
    }
    expect(sparqlShape('SELEC * { ?s ?p ?o }').operation).toEqual({ kind: 'unknown' });
    expect(sparqlShape('').operation).toEqual({ kind: 'unknown' });
  });

  it('measures nesting and chained operators outside strings, IRIs and comments', () => {
    const shape = sparqlShape('SELECT ?s { { ?s ?p ?o FILTER((?o = "{{((|" || ?o = 2) && ?o > 1) } UNION { ?s <http://x/a/b> ?o } } # ((((((|');
    expect(shape.depth).toBe(4);
    expect(shape.operators).toBe(4); // FILTER || && UNION: the / in the IRI and the brackets and | in the string and comment do not count
    expect(shape.groups).toBe(3);
    expect(sparqlShape('SELECT ?s { ?s ex:union ?o OPTIONAL { ?s ?p ?x } }').operators).toBe(1); // ex:union is a name, not UNION
  });

  it('counts a minus between operands, and not the hyphens of prefixed names, blank node labels and language tags', () => {
    expect(sparqlShape('SELECT (1 - 2 -3 AS ?x) {}').operators).toBe(2);
    expect(sparqlShape('SELECT (1-2-3 AS ?x) { BIND(?y-1 AS ?z) }').operators).toBe(4); // two minuses, the BIND and its minus
    expect(sparqlShape('SELECT ?o { ?s ex-a:has-part _:b-1 . ?s ?p "x"@en-GB }').operators).toBe(0);
    expect(sparqlShape('SELECT (!!true AS ?x) { FILTER(?a != 1) }').operators).toBe(4); // two nots, FILTER, and the ! of !=
  });

  it('takes linear time on texts that take a full parser minutes', () => {
    // sparqljs takes about 8 s on 2 000 nested groups and 4 minutes on 5 000 (quadratic or worse); this
    // look takes about 10 ms on 80 000 at idle. The bound is far from both, so a loaded machine cannot
    // fail it and anything worse than linear cannot pass it (80 000² steps take minutes).
    const nested = `SELECT * { ${'{ '.repeat(80_000)}?s ?p ?o${' }'.repeat(80_000)} }`;
    const started = performance.now();
    expect(sparqlShape(nested).depth).toBe(80_001);
    // One long word without a colon, and one long run of minuses: still one pass.
    expect(sparqlShape(`ASK { ${'a'.repeat(80_000)} ${'-'.repeat(80_000)} }`).operators).toBe(80_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('costShape: what a query cost is remembered by besides its text', () => {
  it('is the same for queries that differ only in IRIs, literals, comments and white space', () => {
    const a = costShape('SELECT ?t { <https://x.example/d/1> <http://purl.org/dc/terms/title> ?t FILTER(?t != "a") } # one');
    const b = costShape('SELECT ?t {\n  <https://x.example/d/2>   <http://purl.org/dc/terms/title> ?t FILTER(?t != "b b") }');
    expect(a.shape).toBe(b.shape);
    expect(a.shape).toBe('SELECT ?t { <> <> ?t FILTER(?t != "") }');
  });

  it('differs when variables, keywords or numbers differ', () => {
    const base = costShape('SELECT ?t { ?d <p> ?t } LIMIT 10').shape;
    expect(costShape('SELECT ?u { ?d <p> ?u } LIMIT 10').shape).not.toBe(base);
    expect(costShape('SELECT ?t { ?d <p> ?t } LIMIT 100000').shape).not.toBe(base);
    expect(costShape('SELECT ?t { OPTIONAL { ?d <p> ?t } } LIMIT 10').shape).not.toBe(base);
  });

  it('calls ground only a query without variables or blank nodes', () => {
    for (const q of ['ASK {}', 'ASK { <a> <b> "?x" }', 'DESCRIBE <https://x.example/d/1>', 'ASK { <a> <p> <b> } # ?x in a comment']) expect(costShape(q).ground, q).toBe(true);
    for (const q of ['SELECT * { ?s ?p ?o }', 'SELECT * { $s <p> <o> }', 'ASK { _:b <p> <o> }', 'ASK { [] <p> <o> }', 'ASK { <a> <p> [ <q> <r> ] }', 'SELECT ?é { <a> <p> ?é }'])
      expect(costShape(q).ground, q).toBe(false);
  });

  it('calls a lookup only a query that reads the triples of subjects it names', () => {
    for (const q of [
      'SELECT ?title WHERE { <https://x.example/d/1> <http://purl.org/dc/terms/title> ?title }',
      'SELECT ?p ?o { <https://x.example/d/1> ?p ?o }',
      'PREFIX dct: <http://purl.org/dc/terms/>\nSELECT DISTINCT * WHERE { <a> dct:title ?t ; a ?c ; dct:publisher ?p . ex:b dct:title ?u , ?v . } LIMIT 10',
      'ASK { <a> ?p "luft"@nb }',
      'ASK { :a <p> "1"^^xsd:integer ; <q> 3.5, true }',
    ])
      expect(costShape(q).lookup, q).toBe(true);
    for (const q of [
      'SELECT * { ?s ?p ?o }',
      'SELECT ?o { <a> <p> ?x . ?x <q> ?o }',
      'SELECT ?o { <a> <p>* ?o }',
      'SELECT ?o { <a> <p>/<q> ?o }',
      'SELECT ?o { <a> ^<p> ?o }',
      'SELECT ?o { <a> <p> ?o FILTER(CONTAINS(?o, "x")) }',
      'SELECT ?o { <a> <p> ?o OPTIONAL { ?o <q> ?r } }',
      'SELECT ?o { <a> <p> ?o } ORDER BY ?o',
      'SELECT ?o { <a> <p> ?o } LIMIT 10 OFFSET 100000000',
      'SELECT (COUNT(*) AS ?n) { <a> ?p ?o }',
      'SELECT ?o FROM <g> { <a> <p> ?o }',
      'SELECT ?o { GRAPH ?g { <a> <p> ?o } }',
      'SELECT ?o { _:b <p> ?o }',
      'SELECT ?o { <a> <p> [ <q> ?o ] }',
      'SELECT ?o { <a> <p> ?o } VALUES ?o { <b> }',
      'CONSTRUCT { <a> <p> ?o } { <a> <p> ?o }',
      'SELECT ?o { }',
      `SELECT * { ${Array.from({ length: 17 }, (_, i) => `<a> <p> ?o${i} .`).join(' ')} }`,
    ])
      expect(costShape(q).lookup, q).toBe(false);
  });

  it('reads no tokens of a shape longer than any lookup (a run like a.a.a.… cost the prefixed-name pattern quadratic time)', () => {
    // 1 000 000 characters: quadratic, this took minutes (2.8 s at 100 000).
    expect(costShape(`SELECT * WHERE { ?s ?p ${'a.'.repeat(500_000)}a }`).lookup).toBe(false);
  });
});

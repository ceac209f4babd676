import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, QueryTimeoutError } from '../../src/core/errors.js';
import type { GraphReplacement, QueryForm, SparqlIndex, SparqlQueryRequest } from '../../src/core/ports/sparql-index.js';
import { parseRdfToArray } from '../../src/rdf/parse.js';
import type { RdfSyntax } from '../../src/rdf/syntax.js';
import { expectIsomorphic } from '../support/isomorphism-oracle.js';

/**
 * The behaviour every SparqlIndex adapter shows. The suite makes one index with `makeIndex`, drops
 * every graph it wrote after each test and closes the index at the end. The data lives under graph
 * and predicate IRIs unique to this run and the queries look only at them, so the suite can also run
 * against a shared SPARQL server (the remote adapter, when it comes, runs it when SPARQL_URL is set); rebuild() there empties the whole
 * server, as the port says.
 */
export function sparqlIndexContract(name: string, makeIndex: () => Promise<SparqlIndex>): void {
  describe(`SparqlIndex contract: ${name}`, () => {
    let index: SparqlIndex;
    beforeAll(async () => {
      index = await makeIndex();
    });
    afterEach(async () => {
      await index.apply(ALL_GRAPHS.map((graph) => ({ graph, ntriples: null })));
    });
    afterAll(async () => {
      await index?.close();
    });

    describe('graphs', () => {
      it('answers over the union of all named graphs by default', async () => {
        await index.apply([dataset(1), dataset(2)]);
        expect(await subjects(index, `SELECT ?s { ?s a <${DCAT_DATASET}> ; <${P.title}> ?t }`)).toEqual([S(1), S(2)]);
      });

      it('keeps each record in its own named graph', async () => {
        await index.apply([dataset(1), dataset(2)]);
        const rows = await select(index, `SELECT ?g ?s { GRAPH ?g { ?s <${P.title}> ?t } FILTER(STRSTARTS(STR(?g), "${BASE}")) }`);
        expect(sorted(rows.map((r) => `${r.g} ${r.s}`))).toEqual([`${G(1)} ${S(1)}`, `${G(2)} ${S(2)}`]);
      });

      it("replaces a graph's whole content and leaves the others alone", async () => {
        await index.apply([dataset(1), dataset(2)]);
        await index.apply([dataset(1, 'changed')]);
        const titles = await select(index, `SELECT ?s ?t { ?s <${P.title}> ?t }`);
        expect(sorted(titles.map((r) => `${r.s} ${r.t}`))).toEqual([`${S(1)} Datasett 1 (changed)`, `${S(2)} Datasett 2 (original)`]);
      });

      it('drops a graph given no content', async () => {
        await index.apply([dataset(1), dataset(2)]);
        await index.apply([{ graph: G(1), ntriples: null }]);
        expect(await subjects(index, `SELECT ?s { ?s <${P.title}> ?t }`)).toEqual([S(2)]);
        await index.apply([{ graph: G(1), ntriples: null }]); // dropping an absent graph is fine
      });

      it('applies the last replacement when a batch names a graph twice', async () => {
        await index.apply([dataset(1, 'first'), dataset(2), dataset(1, 'second')]);
        const titles = await select(index, `SELECT ?t { <${S(1)}> <${P.title}> ?t }`);
        expect(titles.map((r) => r.t)).toEqual(['Datasett 1 (second)']);
      });

      it('counts the quads it holds', async () => {
        const before = await index.size();
        await index.apply([dataset(1), dataset(2)]);
        expect((await index.size()) - before).toBe(2 * TRIPLES_PER_DATASET);
        await index.apply([{ graph: G(2), ntriples: null }]);
        expect((await index.size()) - before).toBe(TRIPLES_PER_DATASET);
      });

      it('empties itself and loads the given batches on rebuild', async () => {
        await index.apply([dataset(1), dataset(2)]);
        await index.rebuild(batchesOf([[dataset(3), dataset(4)], [dataset(5)]]));
        expect(await subjects(index, `SELECT ?s { ?s <${P.title}> ?t }`)).toEqual([S(3), S(4), S(5)]);
        await index.apply([dataset(3, 'after')]);
        expect((await select(index, `SELECT ?t { <${S(3)}> <${P.title}> ?t }`)).map((r) => r.t)).toEqual(['Datasett 3 (after)']);
      });
    });

    describe('datasets of a query', () => {
      beforeEach(async () => {
        await index.apply([dataset(1), dataset(2)]);
      });

      it('honours FROM in the query text', async () => {
        expect(await subjects(index, `SELECT ?s FROM <${G(1)}> { ?s <${P.title}> ?t }`)).toEqual([S(1)]);
      });

      it('honours FROM NAMED in the query text, with an empty default graph', async () => {
        const rows = await select(index, `SELECT ?g ?s FROM NAMED <${G(2)}> { GRAPH ?g { ?s <${P.title}> ?t } }`);
        expect(rows.map((r) => `${r.g} ${r.s}`)).toEqual([`${G(2)} ${S(2)}`]);
        expect(await subjects(index, `SELECT ?s FROM NAMED <${G(2)}> { ?s <${P.title}> ?t }`)).toEqual([]);
      });

      it('honours the protocol default-graph-uri and named-graph-uri', async () => {
        expect(await subjects(index, `SELECT ?s { ?s <${P.title}> ?t }`, { defaultGraphUris: [G(2)] })).toEqual([S(2)]);
        const rows = await select(index, `SELECT ?g { GRAPH ?g { ?s <${P.title}> ?t } }`, { namedGraphUris: [G(1)] });
        expect(rows.map((r) => r.g)).toEqual([G(1)]);
        // Only named graphs given: the default graph is empty.
        expect(await subjects(index, `SELECT ?s { ?s <${P.title}> ?t }`, { namedGraphUris: [G(1)] })).toEqual([]);
      });

      it('lets the protocol dataset override FROM in the query text', async () => {
        expect(await subjects(index, `SELECT ?s FROM <${G(2)}> { ?s <${P.title}> ?t }`, { defaultGraphUris: [G(1)] })).toEqual([S(1)]);
      });
    });

    describe('results', () => {
      beforeEach(async () => {
        await index.apply([dataset(1), dataset(2)]);
      });
      const query = `SELECT ?s ?t { ?s <${P.title}> ?t } ORDER BY ?s`;

      it('serialises SELECT results as SPARQL JSON', async () => {
        const result = await index.query(request(query, 'SELECT', 'application/sparql-results+json'));
        expect(result.mediaType).toBe('application/sparql-results+json');
        const json = JSON.parse(result.body) as { head: { vars: string[] }; results: { bindings: Record<string, { type: string; value: string; 'xml:lang'?: string }>[] } };
        expect(sorted(json.head.vars)).toEqual(['s', 't']);
        expect(json.results.bindings[0]).toEqual({ s: { type: 'uri', value: S(1) }, t: { type: 'literal', value: 'Datasett 1 (original)', 'xml:lang': 'nb' } });
      });

      it('serialises SELECT results as SPARQL XML', async () => {
        const result = await index.query(request(query, 'SELECT', 'application/sparql-results+xml'));
        expect(result.mediaType).toBe('application/sparql-results+xml');
        expect(result.body).toContain('http://www.w3.org/2005/sparql-results#');
        expect(result.body).toMatch(new RegExp(`<uri>${escapeRegExp(S(1))}</uri>`));
        expect(result.body).toMatch(/<literal xml:lang="nb">Datasett 2 \(original\)<\/literal>/);
      });

      it('serialises SELECT results as CSV and TSV', async () => {
        const csv = await index.query(request(query, 'SELECT', 'text/csv'));
        expect(csv.mediaType).toBe('text/csv');
        expect(csv.body.split(/\r?\n/).slice(0, 3)).toEqual(['s,t', `${S(1)},Datasett 1 (original)`, `${S(2)},Datasett 2 (original)`]);
        const tsv = await index.query(request(query, 'SELECT', 'text/tab-separated-values'));
        expect(tsv.mediaType).toBe('text/tab-separated-values');
        expect(tsv.body.split(/\r?\n/).slice(0, 2)).toEqual(['?s\t?t', `<${S(1)}>\t"Datasett 1 (original)"@nb`]);
      });

      it('answers ASK in JSON and XML', async () => {
        const yes = await index.query(request(`ASK { <${S(1)}> <${P.title}> ?t }`, 'ASK', 'application/sparql-results+json'));
        expect(JSON.parse(yes.body)).toMatchObject({ boolean: true });
        const no = await index.query(request(`ASK { <${S(9)}> <${P.title}> ?t }`, 'ASK', 'application/sparql-results+xml'));
        expect(no.body).toMatch(/<boolean>false<\/boolean>/);
      });

      it.each<[string, RdfSyntax]>([
        ['text/turtle', 'turtle'],
        ['application/n-triples', 'n-triples'],
        ['application/rdf+xml', 'rdf-xml'],
        ['application/ld+json', 'json-ld'],
      ])('answers CONSTRUCT as %s', async (mediaType, syntax) => {
        const result = await index.query(request(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${G(1)}> { ?s ?p ?o } }`, 'CONSTRUCT', mediaType));
        expect(result.mediaType).toBe(mediaType);
        const got = await parseRdfToArray(result.body, { syntax, baseIri: BASE });
        const expected = await parseRdfToArray(dataset(1).ntriples!, { syntax: 'n-triples', baseIri: BASE });
        await expectIsomorphic(got, expected);
      });

      it('answers DESCRIBE with the triples about the resource', async () => {
        const result = await index.query(request(`DESCRIBE <${S(2)}>`, 'DESCRIBE', 'application/n-triples'));
        const got = await parseRdfToArray(result.body, { syntax: 'n-triples', baseIri: BASE });
        const expected = await parseRdfToArray(dataset(2).ntriples!, { syntax: 'n-triples', baseIri: BASE });
        await expectIsomorphic(got, expected);
      });

      it('refuses a malformed query with BadRequestError carrying the engine message', async () => {
        const error = await index.query(request('SELECT ?s WHERE { ?s ?p }', 'SELECT', 'application/sparql-results+json')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BadRequestError);
        expect((error as Error).message.length).toBeGreaterThan(10);
      });
    });

    describe('time limits', () => {
      beforeEach(async () => {
        await index.apply(crowd());
      });

      it('stops a query past its time limit with QueryTimeoutError naming the limit, then answers again', async () => {
        const started = performance.now();
        const error = await index.query(request(CROSS_JOIN, 'SELECT', 'application/sparql-results+json', { timeoutMs: 400 })).catch((e: unknown) => e);
        const took = performance.now() - started;
        expect(error).toBeInstanceOf(QueryTimeoutError);
        expect((error as Error).message).toContain('400 ms');
        expect(took).toBeGreaterThanOrEqual(390);
        expect(took).toBeLessThan(3000);
        const count = await select(index, `SELECT (COUNT(*) AS ?n) { ?s <${P.member}> ?o }`, { timeoutMs: 20_000 });
        expect(count[0]?.n).toBe(String(CROWD_TRIPLES));
      });

      it('stops a query whose signal aborts, rejecting with the reason, then answers again', async () => {
        const controller = new AbortController();
        const reason = new Error('the client went away');
        const pending = index.query(request(CROSS_JOIN, 'SELECT', 'application/sparql-results+json', { timeoutMs: 20_000, signal: controller.signal }));
        setTimeout(() => controller.abort(reason), 200);
        await expect(pending).rejects.toBe(reason);
        expect(await subjects(index, `SELECT ?s { ?s <${P.member}> ?o } LIMIT 1`, { timeoutMs: 20_000 })).toHaveLength(1);
      });
    });
  });
}

// --- fixtures: IRIs unique to this run ---

const RUN = randomUUID();
const BASE = `https://contract.example.no/${RUN}/`;
const DCAT_DATASET = 'http://www.w3.org/ns/dcat#Dataset';
const P = { title: `${BASE}vocab#title`, identifier: `${BASE}vocab#identifier`, member: `${BASE}vocab#member` } as const;
const G = (i: number): string => `${BASE}datasets/${i}`;
const S = (i: number): string => `${BASE}resource/dataset-${i}`;
const TRIPLES_PER_DATASET = 3;

function dataset(i: number, title = 'original'): GraphReplacement {
  const s = `<${S(i)}>`;
  return {
    graph: G(i),
    ntriples:
      `${s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${DCAT_DATASET}> .\n` +
      `${s} <${P.title}> "Datasett ${i} (${title})"@nb .\n` +
      `${s} <${P.identifier}> "${i}" .\n`,
  };
}

/** 240 triples in 12 graphs: enough for a cross join that no engine finishes soon. */
const CROWD_TRIPLES = 240;
function crowd(): GraphReplacement[] {
  return Array.from({ length: 12 }, (_, g) => ({
    graph: `${BASE}crowd/${g}`,
    ntriples: Array.from({ length: 20 }, (_, k) => `<${BASE}crowd/${g}/${k}> <${P.member}> "${g * 20 + k}" .\n`).join(''),
  }));
}
const ALL_GRAPHS = [...Array.from({ length: 10 }, (_, i) => G(i)), ...crowd().map((c) => c.graph)];
const CROSS_JOIN = `SELECT (COUNT(*) AS ?n) { ?a <${P.member}> ?w . ?b <${P.member}> ?x . ?c <${P.member}> ?y . ?d <${P.member}> ?z . ?e <${P.member}> ?v }`;

async function* batchesOf(batches: GraphReplacement[][]): AsyncIterable<readonly GraphReplacement[]> {
  for (const b of batches) yield b;
}

function request(query: string, form: QueryForm, mediaType: string, extra: Partial<SparqlQueryRequest> = {}): SparqlQueryRequest {
  return { query, form, mediaType, timeoutMs: 10_000, ...extra };
}

/** SELECT results as rows of plain values. */
async function select(index: SparqlIndex, query: string, extra: Partial<SparqlQueryRequest> = {}): Promise<Record<string, string>[]> {
  const result = await index.query(request(query, 'SELECT', 'application/sparql-results+json', extra));
  const json = JSON.parse(result.body) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

/** The sorted values of ?s, limited to this run's resources. */
async function subjects(index: SparqlIndex, query: string, extra: Partial<SparqlQueryRequest> = {}): Promise<string[]> {
  return sorted((await select(index, query, extra)).map((r) => r.s!).filter((s) => s.startsWith(BASE)));
}

function sorted(xs: string[]): string[] {
  return [...xs].sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
